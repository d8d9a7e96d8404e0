/** The first place two decoded messages differ, as a field path. Pure. */

/** Where two values differ, and what each holds there. */
export interface Difference {
  path: string;
  recorded: unknown;
  replayed: unknown;
}

/** The first difference between `recorded` and `replayed` (fields in sorted order), or undefined when they are equal. */
export function firstDifference(recorded: unknown, replayed: unknown, path = ''): Difference | undefined {
  if (Object.is(recorded, replayed)) return undefined;
  if (typeof recorded !== 'object' || typeof replayed !== 'object' || recorded === null || replayed === null) {
    return { path: path || '(whole message)', recorded, replayed };
  }
  if (Array.isArray(recorded) !== Array.isArray(replayed)) return { path: path || '(whole message)', recorded, replayed };
  if (recorded instanceof Uint8Array || replayed instanceof Uint8Array) return bytesDifference(recorded, replayed, path);
  const a = recorded as Record<string, unknown>;
  const b = replayed as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const inner = firstDifference(a[key], b[key], Array.isArray(recorded) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function bytesDifference(recorded: object, replayed: object, path: string): Difference | undefined {
  const a = recorded instanceof Uint8Array ? recorded : undefined;
  const b = replayed instanceof Uint8Array ? replayed : undefined;
  if (a !== undefined && b !== undefined && a.length === b.length && a.every((byte, i) => byte === b[i])) return undefined;
  return { path: path || '(whole message)', recorded, replayed };
}
