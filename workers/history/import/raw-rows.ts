/**
 * Rows as read from a file, still as text: each format's parser fills one of these, then to-columns.ts converts them
 * to integers once the grid is known (given, or inferred from every row's decimals). Times are already µs.
 */

/** Bars as text, parallel arrays. */
export class RawBars {
  readonly kind = 'bars';
  readonly lines: number[] = [];
  readonly times: number[] = [];
  readonly open: string[] = [];
  readonly high: string[] = [];
  readonly low: string[] = [];
  readonly close: string[] = [];
  readonly volume: string[] = [];

  push(line: number, time: number, open: string, high: string, low: string, close: string, volume: string): void {
    this.lines.push(line);
    this.times.push(time);
    this.open.push(open);
    this.high.push(high);
    this.low.push(low);
    this.close.push(close);
    this.volume.push(volume);
  }

  get length(): number {
    return this.lines.length;
  }
}

/** Taker side as read: 1 buy, 0 sell, -1 not given (then inferred by the tick rule). */
export type RawSide = 1 | 0 | -1;

/** Trades as text, parallel arrays. */
export class RawTrades {
  readonly kind = 'trades';
  readonly lines: number[] = [];
  readonly times: number[] = [];
  readonly price: string[] = [];
  readonly qty: string[] = [];
  readonly side: RawSide[] = [];

  push(line: number, time: number, price: string, qty: string, side: RawSide): void {
    this.lines.push(line);
    this.times.push(time);
    this.price.push(price);
    this.qty.push(qty);
    this.side.push(side);
  }

  get length(): number {
    return this.lines.length;
  }
}
