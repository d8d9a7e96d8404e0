/**
 * Batch front door to the incremental indicators: `computeIndicator(name, params, rows)` runs one indicator over a
 * table of bars and returns its outputs as arrays aligned to the rows, `null` during warm-up. Pure (no I/O): the
 * `npm run indicators` command and tests call it; a chart or strategy uses the indicator classes directly.
 *
 * Names: sma, ema, wma, rsi, macd, bbands, atr, stoch, vwap, donchian, pivots. Price indicators read `close`.
 * Parameters: `period` (all but macd and vwap), macd `fast`/`slow`/`signal`, bbands `stddev`, stoch `slowk`/`slowd`,
 * and for vwap and pivots `session`: a length in the units of the `time` column (e.g. 86400000 for UTC days when time
 * is in ms); a new session starts where floor(time / session) changes. Without it VWAP runs over the whole input.
 */
import { Atr } from './atr.js';
import { BollingerBands } from './bollinger.js';
import { Donchian } from './donchian.js';
import { Ema } from './ema.js';
import { Macd } from './macd.js';
import { PivotPoints } from './pivots.js';
import { Rsi } from './rsi.js';
import { Sma } from './sma.js';
import { Stochastic } from './stochastic.js';
import { Vwap } from './vwap.js';
import { Wma } from './wma.js';

/** Columns an input table may have. */
export type Column = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** One input row: the columns an indicator needs, as numbers. */
export type Row = Readonly<Partial<Record<Column, number>>>;

/** Output name → one value per input row, null during warm-up. */
export type IndicatorResult = Record<string, (number | null)[]>;

/** Parameters as given (from a command line, say): numbers or their text. */
export type ParamInput = Readonly<Record<string, string | number>>;

/** Bad input from the caller: unknown indicator, bad parameter, missing column or value. */
export class IndicatorInputError extends Error {
  override readonly name = 'IndicatorInputError';
}

interface ParamSpec {
  readonly default: number;
  readonly integer: boolean;
  /** Lowest value allowed; excluded itself when `exclusive`. */
  readonly min: number;
  readonly exclusive?: boolean;
}

type Params = Readonly<Record<string, number>>;

/** Feeds one row; returns the outputs in the definition's order, or undefined during warm-up. */
type Step = (row: Row) => readonly number[] | undefined;

interface Definition {
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly outputs: readonly string[];
  readonly inputs: (params: Params) => readonly Column[];
  readonly create: (params: Params) => Step;
}

const PERIOD = (value: number): ParamSpec => ({ default: value, integer: true, min: 1 });
const SESSION: ParamSpec = { default: 0, integer: false, min: 0 };
const CLOSE = (): readonly Column[] => ['close'];
const HLC = (): readonly Column[] => ['high', 'low', 'close'];

/** A single-output indicator on the close. */
function onClose(period: number, make: (period: number) => { update(price: number): number | undefined }): Definition {
  return {
    params: { period: PERIOD(period) },
    outputs: ['value'],
    inputs: CLOSE,
    create: (p) => {
      const indicator = make(p.period as number);
      return (row) => one(indicator.update(row.close as number));
    },
  };
}

const DEFINITIONS: Readonly<Record<string, Definition>> = {
  sma: onClose(20, (n) => new Sma(n)),
  ema: onClose(20, (n) => new Ema(n)),
  wma: onClose(20, (n) => new Wma(n)),
  rsi: onClose(14, (n) => new Rsi(n)),
  macd: {
    params: { fast: PERIOD(12), slow: { default: 26, integer: true, min: 2 }, signal: PERIOD(9) },
    outputs: ['macd', 'signal', 'histogram'],
    inputs: CLOSE,
    create: (p) => {
      const macd = new Macd(p.fast, p.slow, p.signal);
      return (row) => {
        const v = macd.update(row.close as number);
        return v && [v.macd, v.signal, v.histogram];
      };
    },
  },
  bbands: {
    params: { period: PERIOD(20), stddev: { default: 2, integer: false, min: 0, exclusive: true } },
    outputs: ['upper', 'middle', 'lower'],
    inputs: CLOSE,
    create: (p) => {
      const bands = new BollingerBands(p.period, p.stddev);
      return (row) => {
        const v = bands.update(row.close as number);
        return v && [v.upper, v.middle, v.lower];
      };
    },
  },
  atr: {
    params: { period: PERIOD(14) },
    outputs: ['value'],
    inputs: HLC,
    create: (p) => {
      const atr = new Atr(p.period);
      return (row) => one(atr.update(row as Required<Row>));
    },
  },
  stoch: {
    params: { period: PERIOD(14), slowk: PERIOD(3), slowd: PERIOD(3) },
    outputs: ['k', 'd'],
    inputs: HLC,
    create: (p) => {
      const stoch = new Stochastic(p.period, p.slowk, p.slowd);
      return (row) => {
        const v = stoch.update(row as Required<Row>);
        return v && [v.k, v.d];
      };
    },
  },
  vwap: {
    params: { session: SESSION },
    outputs: ['value'],
    inputs: (p) => ((p.session as number) > 0 ? ['time', 'high', 'low', 'close', 'volume'] : ['high', 'low', 'close', 'volume']),
    create: (p) => {
      const vwap = new Vwap();
      const starts = sessionStarts(p.session as number);
      return (row) => one(vwap.update(row as Required<Row>, starts(row) === true));
    },
  },
  donchian: {
    params: { period: PERIOD(20) },
    outputs: ['upper', 'middle', 'lower'],
    inputs: () => ['high', 'low'],
    create: (p) => {
      const channel = new Donchian(p.period);
      return (row) => {
        const v = channel.update(row as Required<Row>);
        return v && [v.upper, v.middle, v.lower];
      };
    },
  },
  pivots: {
    params: { period: PERIOD(1), session: SESSION },
    outputs: ['p', 'r1', 'r2', 's1', 's2'],
    inputs: (p) => ((p.session as number) > 0 ? ['time', 'high', 'low', 'close'] : HLC()),
    create: (p) => {
      const pivots = new PivotPoints(p.period);
      const starts = sessionStarts(p.session as number);
      return (row) => {
        const v = pivots.update(row as Required<Row>, starts(row));
        return v && [v.p, v.r1, v.r2, v.s1, v.s2];
      };
    },
  },
};

/** The indicators `computeIndicator` knows, with their parameters' defaults and their outputs. */
export function listIndicators(): { name: string; params: Record<string, number>; outputs: readonly string[] }[] {
  return Object.entries(DEFINITIONS).map(([name, def]) => ({
    name,
    params: Object.fromEntries(Object.entries(def.params).map(([key, spec]) => [key, spec.default])),
    outputs: def.outputs,
  }));
}

/** The columns `name` needs with these parameters (throws on an unknown indicator or a bad parameter). */
export function requiredColumns(name: string, params: ParamInput = {}): readonly Column[] {
  const def = definition(name);
  return def.inputs(resolveParams(name, def, params));
}

/**
 * Runs indicator `name` over `rows` (oldest first) and returns each output as an array aligned to the rows, null
 * during warm-up. Throws `IndicatorInputError` for an unknown indicator, a bad parameter, or a row lacking a needed
 * column as a finite number.
 */
export function computeIndicator(name: string, params: ParamInput, rows: readonly Row[]): IndicatorResult {
  const def = definition(name);
  const resolved = resolveParams(name, def, params);
  checkRows(def.inputs(resolved), rows);
  const step = def.create(resolved);
  const columns = def.outputs.map(() => new Array<number | null>(rows.length).fill(null));
  for (let i = 0; i < rows.length; i++) {
    const values = step(rows[i] as Row);
    if (values === undefined) continue;
    for (let j = 0; j < columns.length; j++) (columns[j] as (number | null)[])[i] = values[j] as number;
  }
  return Object.fromEntries(def.outputs.map((output, j) => [output, columns[j] as (number | null)[]]));
}

function definition(name: string): Definition {
  const def = Object.hasOwn(DEFINITIONS, name) ? DEFINITIONS[name] : undefined;
  if (def === undefined) throw new IndicatorInputError(`unknown indicator "${name}"; known: ${Object.keys(DEFINITIONS).join(', ')}`);
  return def;
}

function resolveParams(name: string, def: Definition, given: ParamInput): Params {
  const out: Record<string, number> = {};
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(def.params, key)) {
      throw new IndicatorInputError(`${name} has no parameter "${key}"; its parameters: ${Object.keys(def.params).join(', ')}`);
    }
  }
  for (const [key, spec] of Object.entries(def.params)) {
    const raw = given[key];
    out[key] = raw === undefined ? spec.default : parseParam(name, key, raw, spec);
  }
  if (name === 'macd' && (out.fast as number) >= (out.slow as number)) {
    throw new IndicatorInputError(`macd: fast (${out.fast}) must be less than slow (${out.slow})`);
  }
  if (name === 'pivots' && (out.session as number) > 0 && given.period !== undefined) {
    throw new IndicatorInputError('pivots: give period (bars per period) or session (time per period), not both');
  }
  return out;
}

function parseParam(name: string, key: string, raw: string | number, spec: ParamSpec): number {
  const value = typeof raw === 'number' ? raw : raw.trim() === '' ? Number.NaN : Number(raw);
  const kind = spec.integer ? 'an integer' : 'a number';
  const bound = `${spec.exclusive ? '>' : '≥'} ${spec.min}`;
  const fits = Number.isFinite(value) && (!spec.integer || Number.isSafeInteger(value)) && (spec.exclusive ? value > spec.min : value >= spec.min);
  if (!fits) throw new IndicatorInputError(`${name}: parameter ${key} must be ${kind} ${bound}, got "${raw}"`);
  return value;
}

function checkRows(columns: readonly Column[], rows: readonly Row[]): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    for (const column of columns) {
      const value = row[column];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new IndicatorInputError(`row ${i + 1}: ${column} is missing or not a finite number`);
      }
      if (column === 'volume' && value < 0) throw new IndicatorInputError(`row ${i + 1}: volume is negative (${value})`);
    }
  }
}

/** Tells, per row, whether it opens a new session (floor(time / length) changed); undefined when there are none. */
function sessionStarts(length: number): (row: Row) => boolean | undefined {
  if (length <= 0) return () => undefined;
  let last: number | undefined;
  return (row) => {
    const key = Math.floor((row.time as number) / length);
    const starts = last !== undefined && key !== last;
    last = key;
    return starts;
  };
}

function one(value: number | undefined): readonly number[] | undefined {
  return value === undefined ? undefined : [value];
}
