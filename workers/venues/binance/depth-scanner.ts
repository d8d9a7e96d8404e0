/**
 * A single-pass reader for the one frame that dominates the market-data stream, the diff-depth event, in either of
 * Binance's shapes (raw `{"e":"depthUpdate",…}` or combined `{"stream":…,"data":{…}}`): it walks the text once and
 * turns each price and quantity into grid units where it lies, with no intermediate object, array or substring per
 * level. Anything it does not expect — another event, an escape, a key order that puts the levels before the symbol,
 * a value off the grid — makes it give up (undefined), and the caller falls back to `JSON.parse` and the
 * field-by-field checks, which then name the problem. So it can only be faster, never more lenient.
 */
import type { Level } from '../../protocol/messages.js';
import { POW10, type GridStep } from './decimal-units.js';

/** A diff event read straight onto the grid. */
export interface ScannedDepth {
  symbol: string;
  eventTime: number;
  firstId: number;
  lastId: number;
  prevLastId: number;
  bids: Level[];
  asks: Level[];
}

/** The grids of a symbol, or undefined if it is not followed. */
export type GridsOf = (symbol: string) => { prices: GridStep; qtys: GridStep } | undefined;

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const BACKSLASH = 92;
const MINUS = 45;

/** Scanner state over one text. */
class Reader {
  i = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.i++;
    }
  }

  /** Consumes `code` (after spaces); false if something else is there. */
  take(code: number): boolean {
    // Binance sends no spaces: look first, skip spaces only when the expected character is not there.
    if (this.text.charCodeAt(this.i) === code) {
      this.i++;
      return true;
    }
    this.skipSpace();
    if (this.text.charCodeAt(this.i) !== code) return false;
    this.i++;
    return true;
  }

  /** A string without escapes: its [start, end) inside the text, or -1. */
  stringRange(): number {
    if (!this.take(QUOTE)) return -1;
    const start = this.i;
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === QUOTE) break;
      if (c === BACKSLASH || Number.isNaN(c)) return -1;
      this.i++;
    }
    this.end = this.i;
    this.i++;
    return start;
  }

  end = 0;

  /** A safe integer (possibly -1 for futures' `pu`), or NaN. */
  integer(): number {
    this.skipSpace();
    const t = this.text;
    let negative = false;
    if (t.charCodeAt(this.i) === MINUS) {
      negative = true;
      this.i++;
    }
    let value = 0;
    const start = this.i;
    for (;;) {
      const d = t.charCodeAt(this.i) - 48;
      if (!(d >= 0 && d <= 9)) break;
      value = value * 10 + d;
      this.i++;
    }
    if (this.i === start || this.i - start > 15) return Number.NaN;
    return negative ? -value : value;
  }

  /** Skips any JSON value (for keys we do not read); false on anything malformed. */
  skipValue(): boolean {
    this.skipSpace();
    const c = this.text.charCodeAt(this.i);
    if (c === QUOTE) return this.stringRange() >= 0;
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      let depth = 0;
      const t = this.text;
      while (this.i < t.length) {
        const d = t.charCodeAt(this.i);
        if (d === QUOTE) {
          if (this.stringRange() < 0) return false;
          continue;
        }
        if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
        else if (d === CLOSE_OBJECT || d === CLOSE_ARRAY) depth--;
        this.i++;
        if (depth === 0) return true;
      }
      return false;
    }
    // A number, true, false or null: up to the next delimiter.
    const t = this.text;
    const start = this.i;
    while (this.i < t.length) {
      const d = t.charCodeAt(this.i);
      if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY) break;
      this.i++;
    }
    return this.i > start;
  }
}

/** Reads a diff-depth frame, or undefined when the careful path must (see the module comment). */
export function scanDepth(text: string, gridsOf: GridsOf): ScannedDepth | undefined {
  const r = new Reader(text);
  if (!r.take(OPEN_OBJECT)) return undefined;
  return readEvent(r, gridsOf, true);
}

function readEvent(r: Reader, gridsOf: GridsOf, outer: boolean): ScannedDepth | undefined {
  let isDepth = false;
  let symbol: string | undefined;
  let grids: ReturnType<GridsOf>;
  let eventTime = Number.NaN;
  let firstId = Number.NaN;
  let lastId = Number.NaN;
  let prevLastId = -1;
  let bids: Level[] | undefined;
  let asks: Level[] | undefined;
  let inner: ScannedDepth | undefined;
  for (;;) {
    const keyStart = r.stringRange();
    if (keyStart < 0 || !r.take(COLON)) return undefined;
    const keyLength = r.end - keyStart;
    const k0 = r.text.charCodeAt(keyStart);
    if (outer && keyLength === 4 && r.text.startsWith('data', keyStart)) {
      if (!r.take(OPEN_OBJECT)) return undefined;
      inner = readEvent(r, gridsOf, false);
      if (inner === undefined) return undefined;
    } else if (keyLength === 1 && k0 === 101 /* e */) {
      const start = r.stringRange();
      if (start < 0 || r.end - start !== 11 || !r.text.startsWith('depthUpdate', start)) return undefined;
      isDepth = true;
    } else if (keyLength === 1 && k0 === 115 /* s */) {
      const start = r.stringRange();
      if (start < 0) return undefined;
      symbol = r.text.slice(start, r.end);
      grids = gridsOf(symbol);
      if (grids === undefined) return undefined;
    } else if (keyLength === 1 && k0 === 69 /* E */) eventTime = r.integer();
    else if (keyLength === 1 && k0 === 85 /* U */) firstId = r.integer();
    else if (keyLength === 1 && k0 === 117 /* u */) lastId = r.integer();
    else if (keyLength === 2 && k0 === 112 && r.text.charCodeAt(keyStart + 1) === 117 /* pu */) prevLastId = r.integer();
    else if (keyLength === 1 && (k0 === 98 || k0 === 97) /* b, a */) {
      if (grids === undefined) return undefined;
      const levels = readLevels(r, grids.prices, grids.qtys);
      if (levels === undefined) return undefined;
      if (k0 === 98) bids = levels;
      else asks = levels;
    } else if (!r.skipValue()) return undefined;
    if (r.take(COMMA)) continue;
    if (r.take(CLOSE_OBJECT)) break;
    return undefined;
  }
  if (inner !== undefined) return inner;
  if (!isDepth || symbol === undefined || bids === undefined || asks === undefined) return undefined;
  if (!(eventTime >= 0) || !(firstId >= 0) || !(lastId >= firstId) || !(prevLastId >= -1)) return undefined;
  return { symbol, eventTime, firstId, lastId, prevLastId, bids, asks };
}

function readLevels(r: Reader, prices: GridStep, qtys: GridStep): Level[] | undefined {
  if (!r.take(OPEN_ARRAY)) return undefined;
  const out: Level[] = [];
  if (r.take(CLOSE_ARRAY)) return out;
  for (;;) {
    if (!r.take(OPEN_ARRAY)) return undefined;
    const price = quotedUnits(r, prices);
    if (price <= 0 || !r.take(COMMA)) return undefined;
    const qty = quotedUnits(r, qtys);
    if (qty < 0 || !r.take(CLOSE_ARRAY)) return undefined;
    out.push([price, qty]);
    if (r.take(COMMA)) continue;
    if (r.take(CLOSE_ARRAY)) return out;
    return undefined;
  }
}

/**
 * A quoted decimal read straight into grid units in the same pass that finds its end; -1 when it is not a plain
 * decimal, off the grid, or too long for a double (the careful path then decides, exactly, with BigInt).
 */
function quotedUnits(r: Reader, grid: GridStep): number {
  if (!r.take(QUOTE)) return -1;
  const t = r.text;
  let i = r.i;
  let value = 0;
  let kept = 0;
  let fraction = -1;
  let seen = 0;
  for (;;) {
    const c = t.charCodeAt(i++);
    if (c === QUOTE) break;
    if (c === 46) {
      if (fraction >= 0) return -1;
      fraction = 0;
      continue;
    }
    const d = c - 48;
    if (!(d >= 0 && d <= 9)) return -1; // also the end of the text (NaN)
    seen++;
    if (fraction >= 0 && ++fraction > grid.decimals) {
      if (d !== 0) return -1; // a digit finer than the grid
      continue;
    }
    value = value * 10 + d;
    kept++;
  }
  if (seen === 0) return -1;
  const shift = grid.decimals - (fraction < 0 ? 0 : Math.min(fraction, grid.decimals));
  if (kept + shift > 15) return -1;
  const units = (value * (POW10[shift] as number)) / grid.mantissa;
  if (!Number.isInteger(units)) return -1;
  r.i = i;
  return units;
}
