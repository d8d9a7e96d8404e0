/**
 * `npm run kill -- [--run-dir <dir> | --ctl <endpoint>] [--reason <text>] [--json] [--timeout <ms>]`: engages a running terminal's kill
 * switch from outside it (a script, another terminal window, a dead UI). Sends `KillSwitch` to the host's control
 * ROUTER and prints the host's `KillSwitchReport`: orders canceled, positions flattened, strategies paused, the trading
 * state, how long it took. Exit code 0 when everything is finished and flat, 1 when the host reported something left,
 * 2 for bad usage, 3 when the host did not answer.
 */
import { join, resolve } from 'node:path';
import * as zmq from 'zeromq';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { SCHEMA_VERSION, type KillSwitch, type KillSwitchReport } from '../../workers/protocol/messages.js';
import { nowMicros } from '../../workers/runtime/clock.js';

/** The host reports within 5 s; allow for a busy machine on top. */
const ANSWER_TIMEOUT_MS = 15_000;

interface Args {
  ctl: string;
  reason: string;
  json: boolean;
  timeoutMs: number;
}

class UsageError extends Error {}

const USAGE = 'usage: npm run kill -- [--run-dir <dir> | --ctl <endpoint>] [--reason <text>] [--json] [--timeout <ms>]';

function parseArgs(argv: readonly string[]): Args {
  let ctl: string | undefined;
  let reason = 'command line';
  let json = false;
  let timeoutMs = ANSWER_TIMEOUT_MS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else if (arg === '--run-dir' || arg === '--ctl' || arg === '--reason' || arg === '--timeout') {
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      i += 1;
      if (arg === '--reason') reason = next;
      else if (arg === '--timeout') {
        timeoutMs = Number(next);
        if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout takes milliseconds > 0, got "${next}"`);
      }
      else if (ctl !== undefined) throw new UsageError('give one of --run-dir and --ctl');
      else ctl = arg === '--ctl' ? next : `ipc://${join(resolve(next), 'ctl.sock')}`;
    } else throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
  }
  if (ctl === undefined) throw new UsageError(`the terminal to stop is needed: --run-dir <dir> or --ctl <endpoint>\n${USAGE}`);
  return { ctl, reason, json, timeoutMs };
}

/** Sends the kill switch to `ctl` and resolves with the host's report (rejects after `timeoutMs`). */
async function sendKillSwitch(ctl: string, reason: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<KillSwitchReport> {
  const socket = new zmq.Dealer({ routingId: `kill-${process.pid}-${Date.now()}`, linger: 0, receiveTimeout: timeoutMs });
  try {
    socket.connect(ctl);
    const now = nowMicros();
    const command: KillSwitch = { type: 'KillSwitch', v: SCHEMA_VERSION, seq: 1, ts: now, rts: now, src: `cli pid ${process.pid}`, reason };
    await socket.send(encodeFrame(command));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [payload] = await socket.receive();
      if (payload === undefined) continue;
      const decoded = decodeFrame(payload, { isKnownInstrument: () => true });
      const report = decoded.messages.find((m): m is KillSwitchReport => m.type === 'KillSwitchReport');
      if (report !== undefined) return report;
    }
    throw new Error('no answer');
  } finally {
    socket.close();
  }
}

/** The report for people. */
function formatReport(report: KillSwitchReport): string {
  const lines = [
    `kill switch engaged in ${report.elapsedMs} ms; trading is ${report.state}`,
    `  orders canceled:    ${report.canceled}`,
    `  positions flattened: ${report.flattened.length === 0 ? 'none' : report.flattened.map((p) => `${p.venue}:${p.symbol} ${p.qty > 0 ? '+' : ''}${p.qty} lots`).join(', ')}`,
    `  strategies paused:  ${report.strategiesPaused}`,
  ];
  lines.push(report.workingLeft + report.openLeft === 0 ? '  everything is canceled and flat' : `  STILL LEFT: ${report.workingLeft} working orders, ${report.openLeft} open positions`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  let report: KillSwitchReport;
  try {
    report = await sendKillSwitch(args.ctl, args.reason, args.timeoutMs);
  } catch (error) {
    process.stderr.write(`kill switch: no answer from the terminal at ${args.ctl} within ${args.timeoutMs / 1000} s (${(error as Error).message}); is it running?\n`);
    return 3;
  }
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
  return report.workingLeft + report.openLeft === 0 ? 0 : 1;
}

process.exitCode = await main();
