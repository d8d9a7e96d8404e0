/**
 * `npm run indicators -- --input <file.csv> --indicator <name> [--param <key>=<value> ...]`: computes one technical
 * indicator over a CSV of bars (header `time,open,high,low,close,volume`, any order, only the columns the indicator
 * reads are needed) and prints one JSON object: each output name → an array aligned to the rows, null during warm-up.
 * Exit code 0 on success, 2 for bad usage or input (message on stderr), 1 if something else breaks.
 */
import { readFileSync } from 'node:fs';
import { computeIndicator, IndicatorInputError, listIndicators, requiredColumns } from '../../workers/core/indicators/compute.js';
import { parseBarsCsv } from '../../workers/core/indicators/csv.js';

interface Args {
  input: string;
  indicator: string;
  params: Record<string, string>;
}

/** Bad usage: exit code 2, like bad input. */
class UsageError extends Error {}

function usage(): string {
  const lines = listIndicators().map(({ name, params, outputs }) => {
    const keys = Object.entries(params).map(([key, value]) => `${key}=${value}`).join(' ');
    return `  ${name.padEnd(9)} ${keys.padEnd(28)} → ${outputs.join(', ')}`;
  });
  return [
    'usage: npm run indicators -- --input <file.csv> --indicator <name> [--param <key>=<value> ...]',
    'indicators, their parameters (defaults) and outputs:',
    ...lines,
    'session (vwap, pivots): a period length in the units of the time column; 0 = the whole input.',
  ].join('\n');
}

function parseArgs(argv: readonly string[]): Args {
  let input: string | undefined;
  let indicator: string | undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if ((arg === '--input' || arg === '--indicator' || arg === '--param') && next === undefined) throw new UsageError(`${arg} needs a value`);
    if (arg === '--input') input = argv[++i];
    else if (arg === '--indicator') indicator = argv[++i]?.toLowerCase();
    else if (arg === '--param') {
      const pair = argv[++i] as string;
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--param takes <key>=<value>, got "${pair}"`);
      params[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
    } else throw new UsageError(`unknown argument "${arg}"`);
  }
  if (input === undefined) throw new UsageError('--input <file.csv> is required');
  if (indicator === undefined) throw new UsageError('--indicator <name> is required');
  return { input, indicator, params };
}

function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  try {
    const args = parseArgs(argv);
    const rows = parseBarsCsv(readInput(args.input), requiredColumns(args.indicator, args.params));
    process.stdout.write(`${JSON.stringify(computeIndicator(args.indicator, args.params, rows))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`indicators: ${error.message}\n${usage()}\n`);
      return 2;
    }
    if (error instanceof IndicatorInputError) {
      process.stderr.write(`indicators: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
