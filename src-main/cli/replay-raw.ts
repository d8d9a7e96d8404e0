/**
 * `npm run replay-raw -- <session folder> [--json] [--depth <levels>]`: replays the session's raw Binance recording
 * (made with `venues.binance.recordRaw: true`) through the gateway's adapter code and checks that the books and
 * trades it rebuilds are what the terminal published on its market-data stream. Exit code 0 when identical, 1 on any
 * difference or book contract violation, 2 for bad usage or a folder without a raw recording.
 */
import { resolve } from 'node:path';
import { formatRawReplay, replayRawSession } from '../replay/raw-session-replay.js';

const USAGE = 'usage: npm run replay-raw -- <session folder> [--json] [--depth <levels>]';

function main(argv: readonly string[]): number {
  let session: string | undefined;
  let json = false;
  let depth: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--depth') {
      depth = Number(argv[++i]);
      if (!Number.isInteger(depth) || depth <= 0) return usage('--depth takes a whole number of levels');
    } else if (arg.startsWith('-') || session !== undefined) return usage(`unexpected argument ${arg}`);
    else session = arg;
  }
  if (session === undefined) return usage('no session folder given');
  try {
    const result = replayRawSession(resolve(session), { depth });
    process.stdout.write(`${json ? JSON.stringify(result, null, 2) : formatRawReplay(result)}\n`);
    return result.identical ? 0 : 1;
  } catch (error) {
    process.stderr.write(`replay-raw: ${(error as Error).message}\n`);
    return 2;
  }
}

function usage(problem: string): number {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
