/**
 * `npm run replay -- <session folder> [--json] [--max-differences <n>]`: replays a recorded session's inputs through
 * the workers' cores in this process and checks that every order, fill, position and P&L value (and the market data
 * and the order commands into risk) comes out as it was recorded. Prints a summary; exit code 0 when identical, 1 on any difference, 2 for
 * bad usage or a folder that is not a recorded session.
 */
import { resolve } from 'node:path';
import { formatReplay, replayJson } from '../replay/replay-report.js';
import { replaySession } from '../replay/session-replay.js';

const USAGE = 'usage: npm run replay -- <session folder> [--json] [--max-differences <n>]';

interface Args {
  session: string;
  json: boolean;
  maxDifferences: number;
}

function parseArgs(argv: readonly string[]): Args {
  let session: string | undefined;
  let json = false;
  let maxDifferences = 5;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--max-differences') {
      maxDifferences = Number(argv[++i]);
      if (!Number.isInteger(maxDifferences) || maxDifferences < 0) throw new Error(`--max-differences takes a whole number\n${USAGE}`);
    } else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else if (arg.startsWith('--') || session !== undefined) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    else session = arg;
  }
  if (session === undefined) throw new Error(`no session folder given\n${USAGE}`);
  return { session: resolve(session), json, maxDifferences };
}

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  let replay;
  try {
    replay = replaySession(args.session);
  } catch (error) {
    process.stderr.write(`replay: ${(error as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`${args.json ? replayJson(replay, args.maxDifferences) : formatReplay(replay, args.maxDifferences)}\n`);
  return replay.identical ? 0 : 1;
}

process.exitCode = main();
