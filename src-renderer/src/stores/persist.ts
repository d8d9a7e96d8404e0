/** Reading and writing UI settings in localStorage. A missing or broken store only means defaults, never an error. */

/** The part of `Storage` the stores use, so tests can pass a map. */
export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Prefix of every key, with a version: a future incompatible format takes a new one. */
const PREFIX = 'terminal.v1.';

/** The browser's localStorage, or a throwaway map where there is none (or it is blocked). */
export function defaultStorage(): SettingsStorage {
  try {
    if (typeof localStorage !== 'undefined') return localStorage;
  } catch {
    // Access can throw where storage is disabled.
  }
  const memory = new Map<string, string>();
  return { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => void memory.set(key, value) };
}

/** The stored value under `key`, parsed, or undefined. */
export function readSetting(storage: SettingsStorage, key: string): unknown {
  try {
    const text = storage.getItem(PREFIX + key);
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Stores `value` under `key`; a full or blocked store is ignored (the setting just is not remembered). */
export function writeSetting(storage: SettingsStorage, key: string, value: unknown): void {
  try {
    storage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: keep working without remembering.
  }
}
