/**
 * Runs a redraw about once per interval, never sooner than three quarters of it after the last. Some views change with every trade, up to once per animation frame, yet a
 * person reads them no faster than a few times a second: the chart's live candle (each change redraws the library's
 * whole pane), the time-and-sales tape (each batch rewrites every row in view, since all of them move down) and the
 * ladder (each book rewrites the sizes and depth bars of every row). Their
 * redraws go through a pacer: the first request after a quiet spell runs at once, so a slow market shows each trade
 * without delay; requests within `intervalMs` of the last run wait and are served together by one run at its end.
 *
 * A request that comes three quarters of the interval or more after the last run runs at once too, so the paced
 * views redraw in the frames the market's data arrives in (every 50 ms from the host) rather than each in frames of
 * its own: a frame that changes the page has a fixed cost (layers, pre-paint, commit, the compositor's draw) however
 * little changed. At 20,000 book updates/s the page then changed in ~35 frames a second instead of ~41 (the rest are
 * orders, the state and the status bar). The timer only serves the last request when the data stops.
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

  /** Asks for a run: now if the last one is three quarters of the interval old, else at the interval's end. */
  request(): void {
    const since = this.clock.now() - this.#lastRun;
    if (since >= (this.intervalMs * 3) / 4) {
      this.cancel();
      this.#runNow();
    } else if (this.#cancelTimer === undefined) {
      this.#cancelTimer = this.clock.setTimer(() => this.#runNow(), this.intervalMs - since);
    }
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
