/**
 * Exact replay of a real session: the terminal trades on a busy simulated market while risk, execution and the
 * strategy worker are each killed with SIGKILL and restarted; after it stops, `replay` feeds every worker's journaled
 * inputs back through its core and finds every recorded order, fill and position identical. Then one recorded fill is
 * altered and `replay` reports exactly that fill.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../workers/protocol/codec.js';
import { JOURNAL_DEFAULTS } from '../../workers/protocol/config.js';
import { readJournal } from '../../workers/runtime/journal-file.js';
import { JournalWriter } from '../../workers/runtime/journal-writer.js';
import { pingStrategy, startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const CLI = fileURLToPath(new URL('../../dist/src-main/cli/replay.js', import.meta.url));
// The journal worker too: a restarted recorder goes on where its recording ends, without writing anything twice.
const VICTIMS = ['risk', 'execution', 'strategy', 'journal'];

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function replay(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('replay of a session recorded under load with restarts', () => {
  let terminal: TestTerminal;
  let runDir: string;

  beforeAll(async () => {
    terminal = await startTestTerminal({
      strategies: [pingStrategy(3)],
      sim: { seed: 11, ratePerSecond: 1_500, startPrices: { 'BTC-USD': '65000', 'ETH-USD': '3200' }, depth: 20, timerMs: 20 },
    });
    runDir = terminal.runDir;
    for (const victim of VICTIMS) {
      await terminal.waitFor('trading', () => terminal.summary().orders.fills >= 5);
      const before = terminal.summary().workers[victim]!;
      process.kill(before.pid, 'SIGKILL');
      await terminal.waitFor(`${victim} restarted`, () => {
        const now = terminal.summary().workers[victim]!;
        return now.restarts === before.restarts + 1 && now.state === 'running';
      });
      const fills = terminal.summary().orders.fills;
      await terminal.waitFor(`fills after ${victim} restarted`, () => terminal.summary().orders.fills >= fills + 5);
    }
    // Stopped, not removed: the session folder is what the replay reads.
    await terminal.host.stop();
  }, 120_000);

  afterAll(async () => {
    if (runDir !== undefined) rmSync(runDir, { recursive: true, force: true });
  });

  it('reproduces every recorded order, fill and position exactly', async () => {
    // Each life of a worker appended a segment of its own to its input journal (the journal worker: to its recordings).
    for (const victim of VICTIMS.filter((v) => v !== 'journal')) expect(readdirSync(join(runDir, 'inputs', `${victim}.jnl`)).length).toBeGreaterThanOrEqual(2);
    expect(readdirSync(join(runDir, 'journal', 'exec.jnl')).length).toBeGreaterThanOrEqual(2);
    // The restarted recorder was sent the whole stream again and kept each message once.
    const keys = readJournal(join(runDir, 'journal', 'exec.jnl')).records.flatMap((r) => decodeFrame(r.payload, { isKnownInstrument: () => true }).messages.map((m) => `${r.topic}#${m.seq}`));
    expect(new Set(keys).size).toBe(keys.length);
    const run = await replay(runDir, '--json');
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      identical: boolean;
      workers: Array<{ worker: string; inputs: number; skipped?: string }>;
      streams: Array<{ stream: string; compared: number; identical: number; differenceCount: number }>;
    };
    // On failure, the summary with the first differences says why.
    expect(report.identical, report.identical ? '' : (await replay(runDir)).stdout).toBe(true);
    expect(report.streams.map((s) => [s.stream, s.differenceCount])).toEqual([['exec', 0], ['risk', 0], ['md', 0], ['commands', 0]]);
    expect(run.code).toBe(0);
    const stream = (name: string) => report.streams.find((s) => s.stream === name)!;
    expect(stream('exec').compared).toBeGreaterThan(30);
    expect(stream('exec').identical).toBe(stream('exec').compared);
    expect(stream('risk').compared).toBeGreaterThan(10);
    // The strategy's orders as risk received them, before and after each restart.
    expect(stream('commands').compared).toBeGreaterThan(15);
    for (const name of ['sim', 'execution', 'risk', 'feed', 'strategy']) {
      const worker = report.workers.find((w) => w.worker === name);
      expect(worker?.skipped).toBeUndefined();
      expect(worker?.inputs).toBeGreaterThan(0);
    }
  });

  it('reports a recorded fill that was altered, with the field and the input behind it', async () => {
    const dir = join(runDir, 'journal', 'exec.jnl');
    const { records } = readJournal(dir);
    const anyInstrument = { isKnownInstrument: () => true };
    const index = records.findIndex((r) => decodeFrame(r.payload, anyInstrument).messages[0]?.type === 'OrderFilled');
    expect(index).toBeGreaterThanOrEqual(0);
    const fill = decodeFrame(records[index]!.payload, anyInstrument).messages[0]!;
    if (fill.type !== 'OrderFilled') throw new Error('not a fill');
    const tampered = { ...fill, price: fill.price + 1 };
    // Rewrite the recording with that one fill's price a tick higher (valid checksums: an edit, not a torn file).
    rmSync(dir, { recursive: true });
    mkdirSync(dir);
    const writer = new JournalWriter(dir, records[0]!.seq, JOURNAL_DEFAULTS);
    for (const [i, record] of records.entries()) writer.append(i === index ? { ...record, payload: encodeFrame(tampered) } : record);
    writer.close();

    const run = await replay(runDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('DIFFERENT: 1 of');
    expect(run.stdout).toContain(`exec ${records[index]!.topic} #${fill.seq} (recording record ${records[index]!.seq}): different at price: recorded ${fill.price + 1}, replayed ${fill.price}`);
    expect(run.stdout).toMatch(/produced by execution input #\d+ on port venue/);
  });

  it('refuses a folder that is not a recorded session', async () => {
    const run = await replay(join(runDir, 'inputs'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a session folder recorded with the journal on');
  });
});
