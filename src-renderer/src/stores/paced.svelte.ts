/**
 * A reactive value shown about every `intervalMs`, never sooner than ¾ of it (model/pacer.ts says which views need it and why). Called while
 * a component is set up; the pacing stops with the component.
 */
import { untrack } from 'svelte';
import { Pacer } from '../model/pacer.js';

export function paced<T>(read: () => T, intervalMs: number): { readonly current: T } {
  let current = $state.raw(untrack(read));
  const pacer = new Pacer(() => {
    current = untrack(read);
  }, intervalMs);
  $effect(() => {
    read();
    pacer.request();
  });
  // Not the first effect's cleanup: that runs before each re-run and would drop the waiting draw every frame.
  $effect(() => () => pacer.cancel());
  return {
    get current() {
      return current;
    },
  };
}
