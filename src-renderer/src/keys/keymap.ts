/**
 * The keymap: which chords run which action. Defaults come from actions.ts; the user's changes are stored as
 * overrides (only the actions they rebound), so new actions and new defaults reach users who changed other keys.
 * Pure: storage is passed in by the store.
 */
import { ACTIONS, isActionId, type ActionId } from './actions.js';
import { normalizeChord } from './key-chord.js';

/** Keys per action. */
export type Bindings = Readonly<Record<ActionId, readonly string[]>>;

/** The keys each action has out of the box. */
export function defaultBindings(): Bindings {
  return Object.fromEntries(ACTIONS.map((action) => [action.id, [...action.keys]])) as unknown as Bindings;
}

/** Chord → action, for dispatch. A chord bound twice goes to the first action in help order. */
export function lookupTable(bindings: Bindings): Map<string, ActionId> {
  const table = new Map<string, ActionId>();
  for (const action of ACTIONS) {
    for (const chord of bindings[action.id]) if (!table.has(chord)) table.set(chord, action.id);
  }
  return table;
}

/** The result of a rebind: the new bindings and the action that lost the chord to it, if any. */
export interface Rebound {
  bindings: Bindings;
  displaced: ActionId | undefined;
}

/** Binds `chord` to `action` in place of its keys, taking the chord away from any action that had it. */
export function rebind(bindings: Bindings, action: ActionId, chord: string): Rebound {
  const normal = normalizeChord(chord);
  if (normal === undefined) return { bindings, displaced: undefined };
  let displaced: ActionId | undefined;
  const next: Record<string, readonly string[]> = {};
  for (const spec of ACTIONS) {
    const keys = bindings[spec.id];
    if (spec.id === action) next[spec.id] = [normal];
    else if (keys.includes(normal)) {
      displaced = spec.id;
      next[spec.id] = keys.filter((key) => key !== normal);
    } else next[spec.id] = keys;
  }
  return { bindings: next as Bindings, displaced };
}

/** Removes every key of `action`. */
export function unbind(bindings: Bindings, action: ActionId): Bindings {
  return { ...bindings, [action]: [] };
}

/** The actions whose keys differ from the defaults, for storage. */
export function overridesOf(bindings: Bindings): Partial<Record<ActionId, string[]>> {
  const defaults = defaultBindings();
  const overrides: Partial<Record<ActionId, string[]>> = {};
  for (const action of ACTIONS) {
    const keys = bindings[action.id];
    if (keys.join('\n') !== defaults[action.id].join('\n')) overrides[action.id] = [...keys];
  }
  return overrides;
}

/**
 * Bindings from stored overrides: unknown actions and malformed chords are dropped, and a chord the user gave to one
 * action is taken off any default that had it, so stored keys always win over defaults.
 */
export function bindingsFromOverrides(stored: unknown): Bindings {
  let bindings = defaultBindings();
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return bindings;
  for (const [id, keys] of Object.entries(stored as Record<string, unknown>)) {
    if (!isActionId(id) || !Array.isArray(keys)) continue;
    const chords = keys.flatMap((key) => (typeof key === 'string' ? (normalizeChord(key) ?? []) : []));
    bindings = unbind(bindings, id);
    for (const chord of chords) {
      const { bindings: next } = rebind(bindings, id, chord);
      // rebind replaces; keep every stored chord of this action.
      bindings = { ...next, [id]: [...new Set([...bindings[id], chord])] };
    }
  }
  return bindings;
}
