/**
 * The bars of the chart's one instrument and timeframe: history from the host, then live bars as they come, bounded
 * so memory stays flat. It tells its reader what changed, so the chart updates one bar per change and re-sets its
 * whole array only on a new history or an occasional trim.
 */
import type { BarView } from '../../../workers/protocol/channels.js';
import type { Timeframe } from '../../../workers/protocol/messages.js';

/** Bars kept for the chart. */
export const BAR_LIMIT = 5000;
/** Bars allowed over the limit before trimming, so trimming (and the chart's reset) is rare. */
export const BAR_SLACK = 500;

/** What one input did to the bars. */
export type BarChange =
  /** Not for this chart, or too old to matter. */
  | { kind: 'none' }
  /** One bar added or changed in place (`index` into `bars()`). */
  | { kind: 'bar'; bar: BarView; index: number }
  /** Everything may have changed: read `bars()` again. */
  | { kind: 'reset' };

/** Which bars a chart shows. */
export interface BarKey {
  venue: string;
  symbol: string;
  tf: Timeframe;
}

/** The chart's bars. */
export class BarSeries {
  #key: BarKey | undefined;
  #bars: BarView[] = [];
  readonly #limit: number;
  readonly #slack: number;

  constructor(limit = BAR_LIMIT, slack = BAR_SLACK) {
    this.#limit = limit;
    this.#slack = slack;
  }

  get key(): BarKey | undefined {
    return this.#key;
  }

  /** Oldest first. */
  bars(): readonly BarView[] {
    return this.#bars;
  }

  /** Switches to another instrument or timeframe: forgets the bars. */
  select(key: BarKey): BarChange {
    this.#key = { ...key };
    this.#bars = [];
    return { kind: 'reset' };
  }

  /** True if `bar` (or a history answer) belongs to this chart. */
  matches(item: BarKey): boolean {
    const key = this.#key;
    return key !== undefined && item.venue === key.venue && item.symbol === key.symbol && item.tf === key.tf;
  }

  /** Takes the host's history; live bars that arrived before it (or newer than it) are kept over it. */
  setHistory(history: BarKey & { bars: readonly BarView[] }): BarChange {
    if (!this.matches(history)) return { kind: 'none' };
    const byStart = new Map<number, BarView>();
    for (const bar of history.bars) byStart.set(bar.start, bar);
    for (const bar of this.#bars) byStart.set(bar.start, bar);
    const merged = [...byStart.values()].sort((a, b) => a.start - b.start);
    this.#bars = merged.length > this.#limit ? merged.slice(merged.length - this.#limit) : merged;
    return { kind: 'reset' };
  }

  /** Takes one live bar. */
  push(bar: BarView): BarChange {
    if (!this.matches(bar)) return { kind: 'none' };
    const bars = this.#bars;
    const last = bars.at(-1);
    if (last === undefined || bar.start > last.start) {
      bars.push(bar);
      if (bars.length > this.#limit + this.#slack) {
        this.#bars = bars.slice(bars.length - this.#limit);
        return { kind: 'reset' };
      }
      return { kind: 'bar', bar, index: bars.length - 1 };
    }
    const index = indexOfStart(bars, bar.start);
    if (index < 0) return { kind: 'none' };
    bars[index] = bar;
    return { kind: 'bar', bar, index };
  }
}

/** Index of the bar starting at `start` (bars sorted by start), or -1. */
function indexOfStart(bars: readonly BarView[], start: number): number {
  let low = 0;
  let high = bars.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = bars[middle]?.start ?? 0;
    if (value === start) return middle;
    if (value < start) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
