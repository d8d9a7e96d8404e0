/**
 * The equity curve of a run as columns: a long backtest adds one point per bar without allocating an object per
 * bar, which would cost more in garbage collection than the bar itself. Read it like an array of points (`length`,
 * `at`, `map`), or value by value (`timeAt`, `equityAt`).
 *
 * Two kinds: {@link EquityCurve} keeps every column itself (the trade-level engine, whose bars it builds as it goes);
 * {@link BarEquityCurve} keeps only equity and position and reads each point's time and close from the bars the
 * bar-level engine ran over — half the columns, so half the memory a run allocates and the collector walks.
 */
import type { Bar } from '../protocol/messages.js';

/** Equity at a bar's close. */
export interface EquityPoint {
  /** Start of the bar, µs. */
  time: number;
  /** Cash + position × close, ticks×lots. */
  equity: number;
  /** Signed position after the bar, lots. */
  position: number;
  close: number;
}

/** What statistics read: an array of points, or a curve in columns. */
export interface EquitySeries {
  readonly length: number;
  at(index: number): EquityPoint | undefined;
}

/** A series read value by value, without a point object per bar (the report reads every bar of a long run). */
export function equityColumns(series: EquitySeries): { time(index: number): number; equity(index: number): number } {
  if (series instanceof ColumnCurve) return { time: (i) => series.timeAt(i), equity: (i) => series.equityAt(i) };
  return { time: (i) => (series.at(i) as EquityPoint).time, equity: (i) => (series.at(i) as EquityPoint).equity };
}

/**
 * A column of `capacity` numbers. Plain arrays of unboxed doubles, made once at their size, not typed arrays: a
 * typed array's backing store is external memory, whose growth makes V8 run full collections every few runs.
 */
function column(capacity: number): number[] {
  return new Array<number>(capacity).fill(0.5);
}

/** Equity and position in columns; where time and close come from is the subclass's. */
abstract class ColumnCurve implements EquitySeries {
  protected readonly values: number[];
  protected readonly positions: number[];
  length = 0;

  constructor(capacity: number) {
    this.values = column(capacity);
    this.positions = column(capacity);
  }

  /** Bar start of point `index` (0 ≤ index < length). */
  abstract timeAt(index: number): number;
  /** Close of point `index`'s bar (0 ≤ index < length). */
  abstract closeAt(index: number): number;

  /** Equity of point `index` (0 ≤ index < length). */
  equityAt(index: number): number {
    return this.values[index] as number;
  }

  /** The point at `index` (negative counts from the end, as arrays do). */
  at(index: number): EquityPoint | undefined {
    const i = index < 0 ? this.length + index : index;
    if (i < 0 || i >= this.length) return undefined;
    return { time: this.timeAt(i), equity: this.values[i] as number, position: this.positions[i] as number, close: this.closeAt(i) };
  }

  map<T>(f: (point: EquityPoint, index: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(f(this.at(i) as EquityPoint, i));
    return out;
  }
}

/** Every column kept: for runs whose bars are not kept elsewhere. */
export class EquityCurve extends ColumnCurve {
  private readonly times: number[];
  private readonly closes: number[];

  /** `capacity`: the points expected, if known (the columns are made once, filled with doubles). */
  constructor(capacity = 0) {
    super(capacity);
    this.times = column(capacity);
    this.closes = column(capacity);
  }

  push(time: number, equity: number, position: number, close: number): void {
    const i = this.length++;
    this.times[i] = time;
    this.values[i] = equity;
    this.positions[i] = position;
    this.closes[i] = close;
  }

  timeAt(index: number): number {
    return this.times[index] as number;
  }

  closeAt(index: number): number {
    return this.closes[index] as number;
  }
}

/** Point i is the close of `bars[i]`: the run's points are pushed in the bars' order, one per bar. */
export class BarEquityCurve extends ColumnCurve {
  constructor(private readonly bars: readonly Bar[]) {
    super(bars.length);
  }

  /** The equity and position at the close of the next bar. */
  push(equity: number, position: number): void {
    const i = this.length++;
    this.values[i] = equity;
    this.positions[i] = position;
  }

  timeAt(index: number): number {
    return (this.bars[index] as Bar).start;
  }

  closeAt(index: number): number {
    return (this.bars[index] as Bar).close;
  }
}
