/** Reconnect pacing: waits that double from `initialMs` up to `maxMs`, with jitter, back to the start after a success. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    /** Uniform in [0, 1): a test passes a constant. */
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait before the next attempt, ms. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    // Up to a quarter off, so many clients that lost the venue together do not return together.
    return Math.round(base * (0.75 + 0.25 * this.random()));
  }

  /** A connection held: start again from the shortest wait. */
  reset(): void {
    this.attempt = 0;
  }
}
