/**
 * Runs a redraw at most once per interval. Some views change with every trade, up to once per animation frame, yet a
 * person reads them no faster than a few times a second: the chart's live candle (each change redraws the library's
 * whole pane), the time-and-sales tape (each batch rewrites every row in view, since all of them move down) and the
 * ladder (each book rewrites the sizes and depth bars of every row). Their
 * redraws go through a pacer: the first request after a quiet spell runs at once, so a slow market shows each trade
 * without delay; requests within `intervalMs` of the last run wait and are served together by one run at its end.
 */

/** Time and timers, injectable so tests run without waiting. */
export interface PacerClock {
  now(): number;
  setTimer(callback: () => void, ms: number): () => void;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => {
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
};

export class Pacer {
  #cancelTimer: (() => void) | undefined;
  #lastRun = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number,
    private readonly clock: PacerClock = realClock,
  ) {}

  /** Asks for a run: now, or at the end of the interval if one ran within it. */
  request(): void {
    if (this.#cancelTimer !== undefined) return;
    const wait = this.#lastRun + this.intervalMs - this.clock.now();
    if (wait <= 0) this.#runNow();
    else this.#cancelTimer = this.clock.setTimer(() => this.#runNow(), wait);
  }

  /** Drops a waiting run (the caller has drawn everything, or is going away). */
  cancel(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  #runNow(): void {
    this.#cancelTimer = undefined;
    this.#lastRun = this.clock.now();
    this.run();
  }
}
