/** The gateway's raw recorder: nothing done in the caller's call, everything in the journal after it, restarts appended. */
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_DEFAULTS } from '../../../../workers/protocol/config.js';
import { readJournal } from '../../../../workers/runtime/journal-file.js';
import { rawJournalDir, RawRecorder } from '../../../../workers/venues/binance/raw-recorder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function session(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tt-raw-'));
  dirs.push(dir);
  return dir;
}

describe('RawRecorder', () => {
  it('appends after the frame’s call has returned, in order, with each input’s time', async () => {
    const runDir = session();
    const recorder = new RawRecorder(runDir, JOURNAL_DEFAULTS, 1, () => undefined);
    recorder.record('spot', 'ws', '', '{"e":"depthUpdate"}', 10);
    recorder.record('spot', 'depth', 'BTCUSDT', '{"lastUpdateId":1,"bids":[],"asks":[]}', 11);
    expect(recorder.records).toBe(1); // only the start marker: the frames wait for the I/O callback to end
    await new Promise((resolve) => setImmediate(resolve));
    expect(recorder.records).toBe(3);
    recorder.record('usdm', 'down', '', 'connection closed (1006)', 12);
    recorder.close();
    const { records } = readJournal(rawJournalDir(runDir));
    expect(records.map((r) => [r.port, r.topic, Buffer.from(r.payload).toString(), r.time])).toEqual([
      ['gateway.start', '', '', 1],
      ['spot.ws', '', '{"e":"depthUpdate"}', 10],
      ['spot.depth', 'BTCUSDT', '{"lastUpdateId":1,"bids":[],"asks":[]}', 11],
      ['usdm.down', '', 'connection closed (1006)', 12],
    ]);
  });

  it('a restarted gateway cuts a torn tail and appends after it', () => {
    const runDir = session();
    const first = new RawRecorder(runDir, JOURNAL_DEFAULTS, 1, () => undefined);
    first.record('spot', 'ws', '', 'a', 2);
    first.record('spot', 'ws', '', 'b', 3);
    first.close();
    const dir = rawJournalDir(runDir);
    const segment = join(dir, readdirSync(dir)[0]!);
    truncateSync(segment, statSync(segment).size - 2); // 'b' torn by a crash
    const second = new RawRecorder(runDir, JOURNAL_DEFAULTS, 4, () => undefined);
    second.record('spot', 'ws', '', 'c', 5);
    second.close();
    const { records, tornBytes } = readJournal(dir);
    expect(tornBytes).toBe(0);
    expect(records.map((r) => `${r.seq} ${r.port} ${Buffer.from(r.payload).toString()}`)).toEqual(['1 gateway.start ', '2 spot.ws a', '3 gateway.start ', '4 spot.ws c']);
  });
});
