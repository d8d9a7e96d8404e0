/**
 * The equity curve of a run as columns (bar start, equity, position, close): a long backtest adds
 * one point per bar without allocating an object per bar, which would cost more in garbage collection than the bar
 * itself. Read it like an array of points (`length`, `at`, `map`).
 */

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

/** What statistics read: an array of points, or an {@link EquityCurve}. */
export interface EquitySeries {
  readonly length: number;
  at(index: number): EquityPoint | undefined;
}

/** A series read value by value, without a point object per bar (the report reads every bar of a long run). */
export function equityColumns(series: EquitySeries): { time(index: number): number; equity(index: number): number } {
  if (series instanceof EquityCurve) return { time: (i) => series.timeAt(i), equity: (i) => series.equityAt(i) };
  return { time: (i) => (series.at(i) as EquityPoint).time, equity: (i) => (series.at(i) as EquityPoint).equity };
}

/** Points in columns. */
export class EquityCurve implements EquitySeries {
  // Plain arrays of numbers (unboxed doubles inside V8), not typed arrays: their backing stores are external memory,
  // whose growth makes V8 run full collections every few runs.
  private readonly times: number[];
  private readonly values: number[];
  private readonly positions: number[];
  private readonly closes: number[];
  length = 0;

  /** `capacity`: the points expected, if known (the columns are made once, filled with doubles). */
  constructor(capacity = 0) {
    const column = () => new Array<number>(capacity).fill(0.5);
    this.times = column();
    this.values = column();
    this.positions = column();
    this.closes = column();
  }

  push(time: number, equity: number, position: number, close: number): void {
    const i = this.length++;
    this.times[i] = time;
    this.values[i] = equity;
    this.positions[i] = position;
    this.closes[i] = close;
  }

  /** Bar start of point `index` (0 ≤ index < length). */
  timeAt(index: number): number {
    return this.times[index] as number;
  }

  /** Equity of point `index` (0 ≤ index < length). */
  equityAt(index: number): number {
    return this.values[index] as number;
  }

  /** The point at `index` (negative counts from the end, as arrays do). */
  at(index: number): EquityPoint | undefined {
    const i = index < 0 ? this.length + index : index;
    if (i < 0 || i >= this.length) return undefined;
    return { time: this.times[i] as number, equity: this.values[i] as number, position: this.positions[i] as number, close: this.closes[i] as number };
  }

  map<T>(f: (point: EquityPoint, index: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(f(this.at(i) as EquityPoint, i));
    return out;
  }
}
