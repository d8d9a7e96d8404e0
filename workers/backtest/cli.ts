/**
 * `npm run backtest -- --strategy <name> [--param <key>=<value> ...] --data <file> [--mode bar|trade] ... [--json]`
 *
 * Imports the data (any format of workers/history/import, detected or given with `--format`), runs a built-in
 * strategy over it — bar by bar with the bar fill model, or print by print through the risk core and the matching
 * engine with `--mode trade` — and prints the report; with `--json` one JSON document. Bad rows of the data are
 * reported on stderr by line and skipped. Bad arguments or unusable data: a message on stderr and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { multiplyDecimals, parseDecimal, unitsOf, type Decimal } from '../core/fixed-point.js';
import type { RiskConfig } from '../protocol/config.js';
import type { Timeframe } from '../protocol/messages.js';
import { strategyDefinition, strategyDefinitions } from '../strategies/registry.js';
import type { StrategyDefinition } from '../strategies/api.js';
import { resolveParams, type ParamSchema, type ParamsOf, type ParamSpec } from '../strategies/params.js';
import { defaultStateDir, importFile, type ImportedFile } from '../history/import/import-file.js';
import { ImportError } from '../history/import/read-import.js';
import { protocolTimeframe, timeframeUs } from '../history/import/timeframe.js';
import { bpsFraction } from './bar-fill-model.js';
import { barColumnsOf, barsOf, commonGap, tapeOf } from './backtest-data.js';
import { runBacktest, type BacktestRun } from './backtest-engine.js';
import { parseArgs, UsageError, USAGE, type Options } from './cli-options.js';
import { chartBars, type ChartBars } from './chart-bars.js';
import { buildReport, formatReport, type ReportSetup } from './report.js';
import { reportJson } from './report-json.js';
import { computeStatistics } from './statistics.js';
import { TAPE_RULES } from './trade/tape-market.js';
import { runTradeBacktest } from './trade/trade-backtest.js';

const MINUTE_US = 60_000_000;

/** What the command prints: the report, and warnings (bad rows) for stderr. */
export interface CliOutput {
  stdout: string;
  warnings: string[];
}

/** Runs the command. */
export function runCli(argv: readonly string[]): CliOutput {
  if (argv.includes('--help') || argv.includes('-h')) return { stdout: `${USAGE}\n`, warnings: [] };
  const options = parseArgs(argv);
  const definition = strategyDefinition(options.strategy) as StrategyDefinition<ParamSchema> | undefined;
  if (definition === undefined) throw new UsageError(`unknown strategy ${options.strategy} (one of ${strategyDefinitions().map((d) => d.kind).join(', ')})`);
  for (const [flag, value] of [['--fee-bps', options.feeBps], ['--slippage-bps', options.slippageBps]] as const) {
    try {
      bpsFraction(value, flag);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const latencyUs = latencyOf(options.latencyMs);
  const imported = importData(options);
  const { tick, lot } = imported;
  const warnings = imported.issues.map((issue) => `line ${issue.line}: ${issue.reason}`);
  if (imported.badRows > imported.issues.length) warnings.push(`... ${imported.badRows - imported.issues.length} more bad row(s)`);
  const given = givenParams(options, definition.kind, definition.params, lot);
  const frame = chooseBars(options, definition.params, given, imported);
  const resolved = resolveParams(definition.params, given);
  if (!resolved.ok) throw new UsageError(`strategy ${definition.kind}: ${resolved.reason}`);
  const params = resolved.params as Record<string, unknown>;
  const tf = (params.tf as Timeframe | undefined) ?? frame.label ?? '1m';
  if (Object.hasOwn(definition.params, 'tf') && frame.label !== undefined && tf !== frame.label) {
    throw new UsageError(imported.data.kind === 'bars'
      ? `the data's bars are ${frame.barUs / 1_000_000} s apart but the strategy's tf is ${tf}: the backtester does not resample`
      : `--tf ${options.tf} and the strategy's tf=${tf} differ`);
  }
  const notes = frame.label === undefined ? [`bars ${frame.barUs / 1_000_000} s long are given to the strategy labelled tf=${tf} (no such timeframe)`] : [];
  const firstPrice = imported.data.kind === 'bars' ? (imported.data.open[0] as number) : (imported.data.price[0] as number);
  const { capital, capitalNote } = startingCapital(options, params, firstPrice, multiplyDecimals(tick, lot));
  let run: BacktestRun;
  let events: number | undefined;
  let runCounts: Record<string, number> | undefined;
  let chart: ChartBars | undefined;
  if (options.mode === 'trade') {
    const queueAhead = queueAheadOf(options.queueAhead, lot);
    // A malformed limit is refused by the risk core as it starts, with the reason (exit code 2, as any refusal).
    const risk = options.risk === undefined ? undefined : readRisk(options.risk);
    const trade = runTradeBacktest({ definition, params: params as ParamsOf<ParamSchema>, tape: tapeOf(imported), barUs: frame.barUs, tf, tick, lot, feeBps: options.feeBps, slippageBps: options.slippageBps, latencyUs, queueAhead, capital, ...(risk !== undefined ? { risk } : {}) });
    run = trade;
    events = trade.events;
    runCounts = { ordersSent: trade.counts.submitted ?? 0, ordersDenied: trade.counts.denied ?? 0, requestsRefused: (trade.counts.refused ?? 0) + (trade.counts.venueRefused ?? 0) };
    // The same bars the run built from the prints (epoch-aligned buckets of the timeframe).
    if (options.chartBars !== undefined) chart = chartBars(barColumnsOf(imported, frame.barUs), frame.barUs, options.chartBars);
  } else {
    const columns = barColumnsOf(imported, frame.barUs);
    if (options.chartBars !== undefined) chart = chartBars(columns, frame.barUs, options.chartBars);
    const bars = barsOf(columns, tf);
    run = runBacktest({ definition, params: params as ParamsOf<ParamSchema>, bars, intervalUs: frame.barUs, costs: { feeBps: options.feeBps, slippageBps: options.slippageBps }, capital });
  }
  const stats = computeStatistics(run, frame.barUs);
  const setup: ReportSetup = {
    strategy: definition.kind, params, dataFile: options.data, intervalUs: frame.barUs, tick, lot, feeBps: options.feeBps, slippageBps: options.slippageBps, capitalNote,
    notes: [...notes, ...imported.notes, ...gridNotes(imported)],
    mode: options.mode,
    ...(options.mode === 'trade' ? { rules: [...TAPE_RULES, 'bars for the strategy and the equity curve are built from the prints; onBar and onTimer come at each bar\'s end'], modeAssumptions: tradeAssumptions(options) } : {}),
    ...(runCounts !== undefined ? { runCounts } : {}),
    importInfo: { format: imported.format, rows: imported.rows, badRows: imported.badRows, issues: imported.issues, ...(events !== undefined ? { events } : {}) },
  };
  const report = buildReport(setup, run, stats, chart);
  return { stdout: options.json ? `${reportJson(report)}\n` : formatReport(report), warnings };
}

function importData(options: Options): ImportedFile {
  try {
    return importFile(options.data, {
      ...(options.format !== undefined ? { format: options.format } : {}),
      ...(options.tick !== undefined ? { tick: decimalArg('--tick', options.tick) } : {}),
      ...(options.lot !== undefined ? { lot: decimalArg('--lot', options.lot) } : {}),
      ...(options.cache ? { stateDir: options.stateDir ?? defaultStateDir() } : {}),
    });
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(error.message.startsWith('cannot read') ? `cannot read --data ${error.message.slice('cannot read '.length)}` : `--data ${options.data}: ${error.message}`);
    throw error;
  }
}

/**
 * The bar length: bars in the file keep theirs (no resampling); trades are aggregated to `--tf`, else to the
 * strategy's `tf`, else one minute. A strategy's `tf` defaults to the bars' label.
 */
function chooseBars(options: Options, schema: ParamSchema, given: Record<string, unknown>, imported: ImportedFile): { barUs: number; label: Timeframe | undefined } {
  const hasTf = Object.hasOwn(schema, 'tf');
  let barUs: number;
  if (imported.data.kind === 'bars') {
    barUs = commonGap(imported.data.time, imported.data.length, MINUTE_US);
    if (options.tf !== undefined && timeframeUs(options.tf) !== barUs) throw new UsageError(`--tf ${options.tf}: the data's bars are ${barUs / 1_000_000} s apart and the backtester does not resample bars`);
  } else {
    const fromFlag = options.tf === undefined ? undefined : timeframeUs(options.tf);
    if (options.tf !== undefined && fromFlag === undefined) throw new UsageError(`--tf ${options.tf}: a bar length from 1s to 1d such as 15s, 1m, 4h`);
    const strategyTf = typeof given.tf === 'string' ? timeframeUs(given.tf) : hasTf ? timeframeUs(String((schema.tf as ParamSpec & { default?: unknown }).default)) : undefined;
    barUs = fromFlag ?? strategyTf ?? MINUTE_US;
  }
  const label = protocolTimeframe(barUs);
  if (hasTf && given.tf === undefined && label !== undefined) given.tf = label;
  return { barUs, label };
}

/** The trade mode's assumptions beyond costs, as printed. */
function tradeAssumptions(options: Options): Record<string, string> {
  return {
    latencyMs: options.latencyMs,
    queueAhead: options.queueAhead,
    queueAheadRule: options.queueAhead === 'auto' ? 'the volume printed at the order\'s price in the previous 60 s' : 'a fixed quantity at every price',
    risk: options.risk === undefined ? 'the risk core\'s pre-trade checks with no binding limit' : `the risk core's pre-trade checks with the limits of ${options.risk}`,
  };
}

/** A `risk` section (a terminal config file with one, or the section alone). */
function readRisk(path: string): RiskConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--risk ${path}: ${(error as Error).message}`);
  }
  const section = (parsed as { risk?: unknown }).risk ?? parsed;
  const config = section as Partial<RiskConfig>;
  if (typeof config !== 'object' || config === null || typeof config.maxOrderQty !== 'object' || typeof config.maxPosition !== 'object' || typeof config.maxOpenOrders !== 'number') {
    throw new UsageError(`--risk ${path}: expected a risk section with maxOrderQty, maxPosition and maxOpenOrders`);
  }
  return config as RiskConfig;
}

function gridNotes(imported: ImportedFile): string[] {
  const notes: string[] = [];
  if (imported.tickInferred) notes.push('tick inferred from the data (the finest decimal places of its prices)');
  if (imported.lotInferred) notes.push('lot inferred from the data (the finest decimal places of its quantities)');
  return notes;
}

function latencyOf(text: string): number {
  const value = decimalArg('--latency-ms', text, true);
  const us = unitsOf(value, { mantissa: 1n, exponent: -3 });
  if (us === undefined) throw new UsageError(`--latency-ms ${text}: at most 3 decimals (whole µs)`);
  return us;
}

function queueAheadOf(text: string, lot: Decimal): { kind: 'traded'; lookbackUs: number } | { kind: 'fixed'; lots: number } {
  if (text === 'auto') return { kind: 'traded', lookbackUs: MINUTE_US };
  const lots = unitsOf(decimalArg('--queue-ahead', text, true), lot);
  if (lots === undefined) throw new UsageError(`--queue-ahead ${text} is not a multiple of the lot size`);
  return { kind: 'fixed', lots };
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

function decimalArg(flag: string, text: string, zeroAllowed = false): Decimal {
  try {
    const value = parseDecimal(text);
    if (value.mantissa < 0n || (!zeroAllowed && value.mantissa === 0n)) throw new Error('out of range');
    return value;
  } catch {
    throw new UsageError(`${flag} ${text}: must be a decimal number ${zeroAllowed ? '>= 0' : '> 0'}`);
  }
}

/** The `--param` values read by their schema's kinds, and `--quantity` as `qty` in lots. */
function givenParams(options: Options, kind: string, schema: ParamSchema, lot: Decimal): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const [name, text] of options.params) given[name] = paramValue(name, text, Object.hasOwn(schema, name) ? schema[name] : undefined);
  if (options.quantity !== undefined) {
    if (!Object.hasOwn(schema, 'qty')) throw new UsageError(`--quantity: strategy ${kind} has no qty parameter`);
    const lots = unitsOf(decimalArg('--quantity', options.quantity), lot);
    if (lots === undefined) throw new UsageError(`--quantity ${options.quantity} is not a multiple of the lot size ${options.lot ?? 'of the data'}`);
    given.qty = lots;
  }
  return given;
}

/** `--capital` in ticks×lots, or by default the notional of `qty` lots at the first price. */
function startingCapital(options: Options, params: Record<string, unknown>, firstPrice: number, money: Decimal): { capital: number; capitalNote: string } {
  if (options.capital !== undefined) {
    const units = unitsOf(decimalArg('--capital', options.capital), money);
    if (units === undefined) throw new UsageError(`--capital ${options.capital} is not a whole number of tick x lot units`);
    return { capital: units, capitalNote: 'given with --capital' };
  }
  const qty = typeof params.qty === 'number' ? params.qty : 1;
  return { capital: firstPrice * qty, capitalNote: `default: the notional of ${qty} lot(s) at the first open` };
}

function main(): void {
  try {
    const { stdout, warnings } = runCli(process.argv.slice(2));
    for (const warning of warnings) process.stderr.write(`backtest: bad row skipped: ${warning}\n`);
    process.stdout.write(stdout);
  } catch (error) {
    process.stderr.write(`backtest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

main();
