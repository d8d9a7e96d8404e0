/**
 * Raw-frame recording and its replay, end to end: the real terminal with `venues.binance.recordRaw` streams both
 * Binance markets from the fake exchange through lost, duplicated, swapped and off-grid events and dropped
 * connections; after it stops, `npm run replay-raw` feeds the recorded frames and snapshots through the gateway's
 * adapter code and finds every book and trade the feed published (`md.jnl`), with every replayed book sound. One
 * recorded frame altered is reported as a difference; a folder without a recording is refused.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_DEFAULTS } from '../../workers/protocol/config.js';
import { readJournal } from '../../workers/runtime/journal-file.js';
import { JournalWriter } from '../../workers/runtime/journal-writer.js';
import { rawJournalDir } from '../../workers/venues/binance/raw-recorder.js';
import type { RawSessionReplay } from '../../src-main/replay/raw-session-replay.js';
import { FakeMarketServer, type Fault } from '../fakes/binance/market-server.js';
import { FUTURES_SYMBOLS, SPOT_SYMBOLS } from '../fakes/binance/fake-symbols.js';
import { MdFollower } from '../fakes/binance/md-follower.js';
import { journalMessages } from './helpers/journal-reader.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const CLI = fileURLToPath(new URL('../../dist/src-main/cli/replay-raw.js', import.meta.url));

function replayRaw(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

describe('raw Binance frames recorded in a session and replayed through the adapter', () => {
  let spot: FakeMarketServer;
  let futures: FakeMarketServer;
  let terminal: TestTerminal;
  let follower: MdFollower | undefined;
  let runDir: string;

  beforeAll(async () => {
    spot = new FakeMarketServer({ market: 'spot', symbols: SPOT_SYMBOLS, seed: 21, pingMs: 200 });
    futures = new FakeMarketServer({ market: 'usdm', symbols: FUTURES_SYMBOLS, seed: 22, pingMs: 200 });
    await spot.start();
    await futures.start();
    spot.run(20, 4, 3);
    futures.run(20, 4, 3);
    terminal = await startTestTerminal({
      strategies: [],
      venues: {
        binance: {
          restUrl: spot.restUrl, wsUrl: spot.wsUrl, futuresRestUrl: futures.restUrl, futuresWsUrl: futures.wsUrl,
          symbols: [{ symbol: 'BTCUSDT', market: 'spot', mode: 'paper' }, { symbol: 'BTCUSDT', market: 'usdm', mode: 'paper' }],
          snapshotDepth: 200, staleAfterMs: 2_000, reconnect: { initialMs: 50, maxMs: 500 }, recordRaw: true,
        },
      },
    });
    runDir = terminal.runDir;
    follower = new MdFollower(terminal.config.endpoints, terminal.config.instruments, ['book.binance', 'quality.binance']);
    await follower.start();
    const okAgain = () => follower!.quality('binance', 'BTCUSDT') === 'ok' && follower!.quality('binanceusdm', 'BTCUSDT') === 'ok';
    await terminal.waitFor('both books', () => follower!.bookOf('binance', 'BTCUSDT') !== undefined && follower!.bookOf('binanceusdm', 'BTCUSDT') !== undefined);
    const faults: Fault[] = ['gap', 'duplicate', 'swap', 'off-grid'];
    for (const fault of faults) {
      const before = follower.statuses.length;
      spot.inject('BTCUSDT', fault);
      futures.inject('BTCUSDT', fault);
      // A duplicate is dropped without a word; the others make the book start over.
      const gapIn = (venue: string) => follower!.statuses.slice(before).some((s) => s.state === 'gap' && s.venue === venue);
      if (fault !== 'duplicate') await terminal.waitFor(`gap reports of both markets after ${fault}`, () => gapIn('binance') && gapIn('binanceusdm'));
      await terminal.waitFor(`ok after ${fault}`, okAgain);
    }
    const connections = spot.counts.connections + futures.counts.connections;
    spot.disconnectAll();
    futures.disconnectAll();
    await terminal.waitFor('reconnections', () => spot.counts.connections + futures.counts.connections >= connections + 2);
    await terminal.waitFor('ok after reconnecting', okAgain);
    const seqs = () => [...follower!.books.values()].reduce((sum, b) => sum + b.seq, 0);
    const seen = seqs();
    await terminal.waitFor('more updates after reconnecting', () => seqs() >= seen + 20);
    follower.close();
    follower = undefined;
    // Stopped, not removed: the session folder is what the replay reads.
    await terminal.host.stop();
  }, 120_000);

  afterAll(async () => {
    follower?.close();
    await spot?.stop();
    await futures?.stop();
    if (runDir !== undefined) rmSync(runDir, { recursive: true, force: true });
  });

  it('rebuilds every published book and trade from the recorded frames', async () => {
    const run = await replayRaw(runDir, '--json');
    const report = JSON.parse(run.stdout) as RawSessionReplay;
    expect(report.identical, (await replayRaw(runDir)).stdout).toBe(true);
    expect(run.code).toBe(0);
    for (const market of ['spot', 'usdm']) {
      expect(report.replay.inputs[`${market}.ws`]).toBeGreaterThan(100);
      expect(report.replay.inputs[`${market}.depth`]).toBeGreaterThanOrEqual(5); // the first, one per fault but the duplicate, one after the drop
      expect(report.replay.inputs[`${market}.info`]).toBe(1);
      expect(report.replay.inputs[`${market}.down`]).toBeGreaterThanOrEqual(1);
      expect(report.replay.adapterCounts[`${market}.resyncs`]).toBeGreaterThanOrEqual(3);
    }
    expect(report.check.books.map((b) => b.topic)).toEqual(['book.binance.BTCUSDT', 'book.binanceusdm.BTCUSDT']);
    for (const book of report.check.books) {
      expect(book.recorded).toBeGreaterThan(50);
      expect(book.matched).toBe(book.recorded);
      expect(book.violations).toEqual([]);
    }
    expect(report.check.trades.matched).toBeGreaterThan(0);
    expect(report.check.trades.matched).toBe(report.check.trades.recorded);
  });

  it('reports a recorded frame that was altered', async () => {
    const dir = rawJournalDir(runDir);
    const { records } = readJournal(dir);
    const textOf = (payload: Uint8Array) => Buffer.from(payload).toString('utf8');
    // A depth frame whose update the feed published while the journal recorded it, and the only frame of its event time.
    const recorded = journalMessages(runDir, 'md').filter((m) => m.type === 'BookUpdate' && m.venue === 'binance');
    const framesAt = (ms: number) => records.map((r, i) => ({ r, i })).filter(({ r }) => r.port === 'spot.ws' && textOf(r.payload).includes(`"E":${ms},`));
    const update = recorded.slice(Math.floor(recorded.length / 2)).find((m) => framesAt(m.ts / 1000).length === 1 && textOf(framesAt(m.ts / 1000)[0]!.r.payload).includes('[["'))!;
    const { r: record, i: index } = framesAt(update.ts / 1000)[0]!;
    const text = textOf(record.payload);
    const altered = text.replace(/"([ab])":\[\["([0-9.]+)","([0-9.]+)"\]/, (_all, side: string, price: string, qty: string) => `"${side}":[["${price}","${qty === '0.00000000' ? '1.00000000' : '0.00000000'}"]`);
    expect(altered).not.toBe(text);
    rmSync(dir, { recursive: true });
    mkdirSync(dir);
    const writer = new JournalWriter(dir, records[0]!.seq, JOURNAL_DEFAULTS);
    for (const [i, r] of records.entries()) writer.append(i === index ? { ...r, payload: Buffer.from(altered) } : r);
    writer.close();

    const run = await replayRaw(runDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('book.binance.BTCUSDT');
    expect(run.stdout).toContain('DIFFERENT');
  });

  it('refuses a folder without a raw recording', async () => {
    const run = await replayRaw(join(runDir, 'journal'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a session recorded with venues.binance.recordRaw');
  });
});
