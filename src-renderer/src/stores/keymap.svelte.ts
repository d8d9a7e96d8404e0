/** The user's key bindings, rebindable from the help overlay and remembered between runs. */
import type { ActionId } from '../keys/actions.js';
import {
  bindingsFromOverrides,
  defaultBindings,
  lookupTable,
  overridesOf,
  rebind,
  unbind,
  type Bindings,
} from '../keys/keymap.js';
import { readSetting, writeSetting, type SettingsStorage } from './persist.ts';

export class KeymapStore {
  bindings = $state.raw<Bindings>(defaultBindings());
  /** Chord → action. */
  readonly table = $derived(lookupTable(this.bindings));
  readonly #storage: SettingsStorage;

  constructor(storage: SettingsStorage) {
    this.#storage = storage;
    this.bindings = bindingsFromOverrides(readSetting(storage, 'keys'));
  }

  /** Binds `chord` to `action`; returns the action that had it before, if any. */
  rebind(action: ActionId, chord: string): ActionId | undefined {
    const { bindings, displaced } = rebind(this.bindings, action, chord);
    this.#set(bindings);
    return displaced;
  }

  unbind(action: ActionId): void {
    this.#set(unbind(this.bindings, action));
  }

  reset(): void {
    this.#set(defaultBindings());
  }

  #set(bindings: Bindings): void {
    this.bindings = bindings;
    writeSetting(this.#storage, 'keys', overridesOf(bindings));
  }
}
