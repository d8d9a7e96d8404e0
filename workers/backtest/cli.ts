/**
 * `npm run backtest -- --strategy <name> [--param <key>=<value> ...] --data <file.csv> [--fill next-open]
 * [--fee-bps N] [--slippage-bps N] [--quantity Q] [--tick T] [--lot L] [--capital C] [--json]`
 *
 * Runs a built-in strategy over the bars of a CSV file (time,open,high,low,close[,volume]) with the bar-level fill
 * model and prints the report; with `--json` one JSON document. Prices in the file are decimals on the grid of
 * `--tick` (default 0.01); `--quantity` (a decimal on the grid of `--lot`, default 1) sets the strategy's `qty`.
 * `--capital` is the starting cash in quote currency; by default the notional of `qty` at the first bar's open.
 * Bad arguments or data: a message on stderr and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { multiplyDecimals, parseDecimal, unitsOf, type Decimal } from '../core/fixed-point.js';
import type { Timeframe } from '../protocol/messages.js';
import { strategyDefinition, strategyDefinitions } from '../strategies/registry.js';
import { resolveParams, type ParamSchema, type ParamsOf, type ParamSpec } from '../strategies/params.js';
import { bpsFraction } from './bar-fill-model.js';
import { parseBacktestCsv, timeframeOf, type BarSeries } from './bar-data.js';
import { runBacktest } from './backtest-engine.js';
import { buildReport, formatReport } from './report.js';
import { computeStatistics } from './statistics.js';

const USAGE = [
  'usage: npm run backtest -- --strategy <name> [--param <key>=<value> ...] --data <file.csv> [--fill next-open]',
  '         [--fee-bps N] [--slippage-bps N] [--quantity Q] [--tick T] [--lot L] [--capital C] [--json]',
  '  --data      CSV with a header time,open,high,low,close[,volume]; time in Unix seconds or milliseconds',
  '  --tick      price grid of the CSV prices (default 0.01); --lot: quantity grid (default 1)',
  '  --quantity  sets the strategy\'s qty parameter (a decimal on the lot grid)',
  '  --capital   starting cash (default: the notional of qty at the first open)',
].join('\n');

/** A refusal of the command line or the data: printed, exit code 2. */
class UsageError extends Error {}

interface Options {
  strategy: string;
  params: Array<[string, string]>;
  data: string;
  feeBps: string;
  slippageBps: string;
  quantity?: string;
  tick: string;
  lot: string;
  capital?: string;
  json: boolean;
}

const VALUE_FLAGS = new Set(['--strategy', '--param', '--data', '--fill', '--fee-bps', '--slippage-bps', '--quantity', '--tick', '--lot', '--capital']);

/** Parses the arguments after the script name. */
export function parseArgs(argv: readonly string[]): Options {
  const options: Partial<Options> & { params: Array<[string, string]> } = { params: [], feeBps: '0', slippageBps: '0', tick: '0.01', lot: '1', json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (flag === '--json') {
      options.json = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown argument ${flag}`);
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case '--strategy': options.strategy = value; break;
      case '--data': options.data = value; break;
      case '--fill': if (value !== 'next-open') throw new UsageError(`--fill ${value}: only next-open is supported`); break;
      case '--fee-bps': options.feeBps = value; break;
      case '--slippage-bps': options.slippageBps = value; break;
      case '--quantity': options.quantity = value; break;
      case '--tick': options.tick = value; break;
      case '--lot': options.lot = value; break;
      case '--capital': options.capital = value; break;
      case '--param': {
        const at = value.indexOf('=');
        if (at <= 0) throw new UsageError(`--param ${value}: expected key=value`);
        options.params.push([value.slice(0, at), value.slice(at + 1)]);
        break;
      }
    }
  }
  if (options.strategy === undefined) throw new UsageError(`--strategy is required (one of ${strategyDefinitions().map((d) => d.kind).join(', ')})`);
  if (options.data === undefined) throw new UsageError('--data <file.csv> is required');
  return options as Options;
}

/** A `--param` value read as its schema's kind. */
function paramValue(name: string, text: string, spec: ParamSpec | undefined): unknown {
  if (spec === undefined) return text; // resolveParams names the unknown parameter
  if (spec.kind === 'int' || spec.kind === 'number') {
    const value = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) throw new UsageError(`--param ${name}=${text}: not a number`);
    return value;
  }
  if (spec.kind === 'bool') {
    if (text !== 'true' && text !== 'false') throw new UsageError(`--param ${name}=${text}: must be true or false`);
    return text === 'true';
  }
  if (spec.kind === 'list') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UsageError(`--param ${name}: a list is given as JSON`);
    }
  }
  return text;
}

function decimalArg(flag: string, text: string): Decimal {
  try {
    const value = parseDecimal(text);
    if (value.mantissa <= 0n) throw new Error('not positive');
    return value;
  } catch {
    throw new UsageError(`${flag} ${text}: must be a decimal number > 0`);
  }
}

/** Runs the command; returns what to print. */
export function runCli(argv: readonly string[]): string {
  if (argv.includes('--help') || argv.includes('-h')) return `${USAGE}\n`;
  const options = parseArgs(argv);
  const definition = strategyDefinition(options.strategy);
  if (definition === undefined) throw new UsageError(`unknown strategy ${options.strategy} (one of ${strategyDefinitions().map((d) => d.kind).join(', ')})`);
  const tick = decimalArg('--tick', options.tick);
  const lot = decimalArg('--lot', options.lot);
  for (const [flag, value] of [['--fee-bps', options.feeBps], ['--slippage-bps', options.slippageBps]] as const) {
    try {
      bpsFraction(value, flag);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const given = givenParams(options, definition.kind, definition.params, lot);
  const series = parseBacktestCsv(readData(options.data), tick, '1m');
  const { params, notes } = resolveWithData(definition.kind, definition.params, given, series);
  const { capital, capitalNote } = startingCapital(options, params, series.bars[0]?.open ?? 0, multiplyDecimals(tick, lot));
  const costs = { feeBps: options.feeBps, slippageBps: options.slippageBps };
  const run = runBacktest({ definition, params: params as ParamsOf<ParamSchema>, bars: series.bars, intervalUs: series.intervalUs, costs, capital });
  const stats = computeStatistics(run, series.intervalUs);
  const setup = { strategy: definition.kind, params, dataFile: options.data, intervalUs: series.intervalUs, tick, lot, feeBps: options.feeBps, slippageBps: options.slippageBps, capitalNote, notes };
  const report = buildReport(setup, run, stats);
  return options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report);
}

/** The `--param` values read by their schema's kinds, and `--quantity` as `qty` in lots. */
function givenParams(options: Options, kind: string, schema: ParamSchema, lot: Decimal): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const [name, text] of options.params) given[name] = paramValue(name, text, Object.hasOwn(schema, name) ? schema[name] : undefined);
  if (options.quantity !== undefined) {
    if (!Object.hasOwn(schema, 'qty')) throw new UsageError(`--quantity: strategy ${kind} has no qty parameter`);
    const lots = unitsOf(decimalArg('--quantity', options.quantity), lot);
    if (lots === undefined) throw new UsageError(`--quantity ${options.quantity} is not a multiple of the lot size ${options.lot}`);
    given.qty = lots;
  }
  return given;
}

function readData(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --data ${path}: ${(error as Error).message}`);
  }
}

/**
 * Checks the parameters against the schema; a strategy's `tf` defaults to the data's timeframe, and one that
 * differs from it is refused (no resampling). The bars are labelled with the timeframe the strategy listens to.
 */
function resolveWithData(kind: string, schema: ParamSchema, given: Record<string, unknown>, series: BarSeries): { params: Record<string, unknown>; notes: string[] } {
  const dataTf = timeframeOf(series.intervalUs);
  const hasTf = Object.hasOwn(schema, 'tf');
  if (hasTf && given.tf === undefined && dataTf !== undefined) given.tf = dataTf;
  const resolved = resolveParams(schema, given);
  if (!resolved.ok) throw new UsageError(`strategy ${kind}: ${resolved.reason}`);
  const params = resolved.params as Record<string, unknown>;
  const tf = (params.tf as Timeframe | undefined) ?? dataTf ?? '1m';
  const seconds = series.intervalUs / 1_000_000;
  if (hasTf && dataTf !== undefined && tf !== dataTf) throw new UsageError(`the data's bars are ${seconds} s apart but the strategy's tf is ${tf}: the backtester does not resample`);
  const notes = dataTf === undefined ? [`bars ${seconds} s apart are given to the strategy labelled tf=${tf} (no such timeframe; not resampled)`] : [];
  for (const bar of series.bars) bar.tf = tf;
  return { params, notes };
}

/** `--capital` in ticks×lots, or by default the notional of `qty` lots at the first open. */
function startingCapital(options: Options, params: Record<string, unknown>, firstOpen: number, money: Decimal): { capital: number; capitalNote: string } {
  if (options.capital !== undefined) {
    const units = unitsOf(decimalArg('--capital', options.capital), money);
    if (units === undefined) throw new UsageError(`--capital ${options.capital} is not a whole number of tick x lot units`);
    return { capital: units, capitalNote: 'given with --capital' };
  }
  const qty = typeof params.qty === 'number' ? params.qty : 1;
  return { capital: firstOpen * qty, capitalNote: `default: the notional of ${qty} lot(s) at the first open` };
}

function main(): void {
  try {
    process.stdout.write(runCli(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`backtest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

main();
