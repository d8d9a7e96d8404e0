/** The backtest command's flags, parsed and checked (values still as text where their meaning needs the data). */
import { IMPORT_FORMATS, type ImportFormat } from '../history/import/import-types.js';
import { strategyDefinitions } from '../strategies/registry.js';

export const USAGE = [
  'usage: npm run backtest -- --strategy <name> [--param <key>=<value> ...] --data <file> [--format F] [--mode bar|trade]',
  '         [--tf T] [--fill next-open] [--fee-bps N] [--slippage-bps N] [--latency-ms N] [--queue-ahead Q|auto]',
  '         [--risk F] [--quantity Q] [--tick T] [--lot L] [--capital C] [--state-dir D] [--no-cache] [--chart-bars N] [--json]',
  '  --data         bars or trades: Binance kline / trades / aggTrades CSV, CSV with a header, or a JSON array of',
  '                 [time, open, high, low, close, volume]',
  `  --format       ${IMPORT_FORMATS.join(' | ')} (default: detected)`,
  '  --mode         bar (default: fills on bars) or trade (the prints replayed through the matching engine)',
  '  --tf           bar length for trades and the trade mode (1s..1d, e.g. 15s, 5m, 4h; default: the strategy\'s tf)',
  '  --tick --lot   price and quantity grid (default: the finest decimals in the data)',
  '  --latency-ms   trade mode: order entry latency (default 0)',
  '  --queue-ahead  trade mode: displayed size a resting order queues behind, a quantity, or auto (default: the',
  '                 volume printed at its price in the previous minute)',
  '  --risk         trade mode: a JSON file with a risk section (as in --config) whose limits the orders pass',
  '  --quantity     sets the strategy\'s qty parameter (a decimal on the lot grid)',
  '  --capital      starting cash (default: the notional of qty at the first price)',
  '  --chart-bars   adds the run\'s bars for a price chart to the report, at most N (merged to fit; default none)',
  '  --state-dir    where imports of large files are cached (default TERMINAL_STATE_DIR, else ~/.trading-terminal)',
].join('\n');

/** A refusal of the command line or the data: printed, exit code 2. */
export class UsageError extends Error {}

/** The command line. */
export interface Options {
  strategy: string;
  params: Array<[string, string]>;
  data: string;
  format?: ImportFormat;
  mode: 'bar' | 'trade';
  tf?: string;
  feeBps: string;
  slippageBps: string;
  latencyMs: string;
  queueAhead: string;
  risk?: string;
  quantity?: string;
  tick?: string;
  lot?: string;
  capital?: string;
  stateDir?: string;
  /** Bars of the report's price chart at most; none without the flag. */
  chartBars?: number;
  cache: boolean;
  json: boolean;
}

const VALUE_FLAGS = new Set(['--strategy', '--param', '--data', '--format', '--mode', '--tf', '--fill', '--fee-bps', '--slippage-bps', '--latency-ms', '--queue-ahead', '--risk', '--quantity', '--tick', '--lot', '--capital', '--state-dir', '--chart-bars']);

/** Parses the arguments after the script name. */
export function parseArgs(argv: readonly string[]): Options {
  const options: Partial<Options> & { params: Array<[string, string]> } = { params: [], mode: 'bar', feeBps: '0', slippageBps: '0', latencyMs: '0', queueAhead: 'auto', cache: true, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (flag === '--json' || flag === '--no-cache') {
      if (flag === '--json') options.json = true;
      else options.cache = false;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown argument ${flag}`);
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    setFlag(options, flag, value);
  }
  if (options.strategy === undefined) throw new UsageError(`--strategy is required (one of ${strategyDefinitions().map((d) => d.kind).join(', ')})`);
  if (options.data === undefined) throw new UsageError('--data <file> is required');
  return options as Options;
}

function setFlag(options: Partial<Options> & { params: Array<[string, string]> }, flag: string, value: string): void {
  switch (flag) {
    case '--strategy': options.strategy = value; break;
    case '--data': options.data = value; break;
    case '--format':
      if (!(IMPORT_FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format ${value}: one of ${IMPORT_FORMATS.join(', ')}`);
      options.format = value as ImportFormat;
      break;
    case '--mode':
      if (value !== 'bar' && value !== 'trade') throw new UsageError(`--mode ${value}: bar or trade`);
      options.mode = value;
      break;
    case '--tf': options.tf = value; break;
    case '--fill': if (value !== 'next-open') throw new UsageError(`--fill ${value}: only next-open is supported`); break;
    case '--fee-bps': options.feeBps = value; break;
    case '--slippage-bps': options.slippageBps = value; break;
    case '--latency-ms': options.latencyMs = value; break;
    case '--queue-ahead': options.queueAhead = value; break;
    case '--risk': options.risk = value; break;
    case '--quantity': options.quantity = value; break;
    case '--tick': options.tick = value; break;
    case '--lot': options.lot = value; break;
    case '--capital': options.capital = value; break;
    case '--state-dir': options.stateDir = value; break;
    case '--chart-bars': {
      const bars = /^\d{1,7}$/.test(value) ? Number(value) : 0;
      if (bars < 1 || bars > 100_000) throw new UsageError(`--chart-bars ${value}: a whole number of bars from 1 to 100000`);
      options.chartBars = bars;
      break;
    }
    case '--param': {
      const at = value.indexOf('=');
      if (at <= 0) throw new UsageError(`--param ${value}: expected key=value`);
      options.params.push([value.slice(0, at), value.slice(at + 1)]);
      break;
    }
  }
}
