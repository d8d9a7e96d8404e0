/**
 * Collects values as they arrive and hands them over together once per animation frame, so the stores change (and
 * Svelte updates the DOM) at most once per frame however many host messages came in between. A timer backs the frame
 * callback up: a hidden window gets no animation frames, and its queue must still drain.
 */

/** How the batch is scheduled: injectable so tests run without a browser. */
export interface FrameScheduler {
  requestFrame(callback: () => void): () => void;
  setTimer(callback: () => void, ms: number): () => void;
}

/** A hidden window's batches wait at most this long. */
const FALLBACK_MS = 250;

/** The window's frame callbacks, described here: the unit tests compile this file without the DOM's types. */
interface FrameGlobals {
  requestAnimationFrame(callback: () => void): number;
  cancelAnimationFrame(id: number): void;
}

const browserScheduler: FrameScheduler = {
  requestFrame: (callback) => {
    const window = globalThis as unknown as FrameGlobals;
    const id = window.requestAnimationFrame(() => callback());
    return () => window.cancelAnimationFrame(id);
  },
  setTimer: (callback, ms) => {
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
};

/** A function taking one value; `deliver` gets everything taken since the last delivery, in order, once a frame. */
export function batchPerFrame<T>(deliver: (batch: T[]) => void, scheduler: FrameScheduler = browserScheduler): (value: T) => void {
  let pending: T[] = [];
  let cancels: Array<() => void> = [];
  const flush = (): void => {
    for (const cancel of cancels) cancel();
    cancels = [];
    const batch = pending;
    pending = [];
    deliver(batch);
  };
  return (value) => {
    pending.push(value);
    if (cancels.length > 0) return;
    cancels = [scheduler.requestFrame(flush), scheduler.setTimer(flush, FALLBACK_MS)];
  };
}
