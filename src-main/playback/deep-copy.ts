/**
 * A deep copy that keeps each object's class (its prototype), for the player's keyframes: the market view, order
 * board and trading view are plain classes of maps, arrays and records, so copying their own fields recursively
 * gives an independent view that behaves as the original. Objects in `shared` (the instrument registry, the
 * recording) and functions are referenced, not copied. Cycles and objects reached twice stay one object.
 */

/** Copies `value`; anything in `shared` is kept by reference. */
export function deepCopy<T>(value: T, shared: ReadonlySet<object> = new Set()): T {
  return copy(value, shared, new Map()) as T;
}

function copy(value: unknown, shared: ReadonlySet<object>, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null || shared.has(value)) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], shared, seen);
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [key, item] of value) out.set(copy(key, shared, seen), copy(item, shared, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    seen.set(value, out);
    for (const item of value) out.add(copy(item, shared, seen));
    return out;
  }
  if (ArrayBuffer.isView(value)) {
    const out = (value as unknown as Uint8Array).slice();
    seen.set(value, out);
    return out;
  }
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  seen.set(value, out);
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], shared, seen);
  return out;
}
