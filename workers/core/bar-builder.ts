/**
 * OHLCV bars built from trades, for several timeframes at once. Pure: time comes from the trades and from `onTime`,
 * never from a clock, so replaying the same trades and ticks gives the same bars.
 */
import type { Bar, Timeframe } from '../protocol/messages.js';

/** A bar as the builder reports it: the `Bar` message's own fields, which the feed wraps with instrument and times. */
export type BarState = Pick<Bar, 'tf' | 'start' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'trades' | 'closed'>;

const MICROS: Record<Timeframe, number> = {
  '1s': 1_000_000,
  '1m': 60_000_000,
  '5m': 300_000_000,
  '1h': 3_600_000_000,
};

/** Length of a timeframe's interval in microseconds. */
/**
 * The shortest of `timeframes`: its bars, which the feed updates at most every feed tick (50 ms) while open, are the
 * conflated last-trade price that risk marks and exits follow, without decoding every trade.
 */
export function shortestTimeframe(timeframes: readonly Timeframe[]): Timeframe {
  return [...timeframes].sort((a, b) => timeframeMicros(a) - timeframeMicros(b))[0] ?? '1s';
}

export function timeframeMicros(tf: Timeframe): number {
  return MICROS[tf];
}

/** Start of the interval of length `len` that holds `ts`, aligned to the epoch (exact for integers, unlike floor(ts/len)). */
export function intervalStart(ts: number, len: number): number {
  const rem = ts % len;
  return rem < 0 ? ts - rem - len : ts - rem;
}

/** Per-timeframe state; `bar` is mutated in place so a trade allocates only the copies it returns. */
interface Slot {
  readonly len: number;
  readonly bar: BarState;
  /** False before the first trade, and after the current bar was closed by `onTime` until the next trade. */
  open: boolean;
  /** True once any bar existed: its `start` then bounds how late a trade may be. */
  seen: boolean;
}

/** Builds bars for a fixed set of timeframes from a stream of trades. */
export class BarBuilder {
  private readonly slots: Slot[];
  private late = 0;

  constructor(timeframes: readonly Timeframe[]) {
    // Duplicates would report the same bar twice per trade.
    const unique = [...new Set(timeframes)];
    this.slots = unique.map((tf) => ({
      len: timeframeMicros(tf),
      bar: { tf, start: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, trades: 0, closed: false },
      open: false,
      seen: false,
    }));
  }

  /** The timeframes this builder serves, in construction order. */
  get timeframes(): Timeframe[] {
    return this.slots.map((slot) => slot.bar.tf);
  }

  /** Trades refused because they belonged to an interval already passed. */
  get outOfOrder(): number {
    return this.late;
  }

  /**
   * Adds a trade (price in ticks, qty in lots, ts in µs). Returns, per timeframe, the previous bar closed (if the
   * trade starts a new interval) and then the current bar. A trade older than any current interval changes nothing.
   */
  onTrade(price: number, qty: number, ts: number): BarState[] {
    // Check every slot before touching any, so a late trade never leaves timeframes disagreeing.
    for (const slot of this.slots) {
      if (this.isLate(slot, ts)) {
        this.late += 1;
        return [];
      }
    }
    const changed: BarState[] = [];
    for (const slot of this.slots) {
      const start = intervalStart(ts, slot.len);
      if (slot.open && start !== slot.bar.start) {
        slot.bar.closed = true;
        changed.push({ ...slot.bar });
        slot.open = false;
      }
      if (slot.open) extend(slot.bar, price, qty);
      else begin(slot, start, price, qty);
      changed.push({ ...slot.bar });
    }
    return changed;
  }

  /** Closes every open bar whose interval ended at or before `now` (µs), so bars close in a quiet market too. */
  onTime(now: number): BarState[] {
    const closed: BarState[] = [];
    for (const slot of this.slots) {
      if (slot.open && slot.bar.start + slot.len <= now) {
        slot.bar.closed = true;
        slot.open = false;
        closed.push({ ...slot.bar });
      }
    }
    return closed;
  }

  /** Copies of the bars currently open (for snapshots to late joiners). */
  current(): BarState[] {
    return this.slots.filter((slot) => slot.open).map((slot) => ({ ...slot.bar }));
  }

  private isLate(slot: Slot, ts: number): boolean {
    if (!slot.seen) return false;
    // A bar closed by onTime was already published as final: its interval is shut too.
    const earliest = slot.open ? slot.bar.start : slot.bar.start + slot.len;
    return ts < earliest;
  }
}

function begin(slot: Slot, start: number, price: number, qty: number): void {
  const bar = slot.bar;
  bar.start = start;
  bar.open = price;
  bar.high = price;
  bar.low = price;
  bar.close = price;
  bar.volume = qty;
  bar.trades = 1;
  bar.closed = false;
  slot.open = true;
  slot.seen = true;
}

function extend(bar: BarState, price: number, qty: number): void {
  if (price > bar.high) bar.high = price;
  if (price < bar.low) bar.low = price;
  bar.close = price;
  bar.volume += qty;
  bar.trades += 1;
}
