import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { journalSettingsOf } from '../../../workers/protocol/config.js';
import { JournalWriter } from '../../../workers/runtime/journal-writer.js';
import { readWorkerMarks, workerRowsAt, WorkerMarkRecorder, WORKER_MARKS } from '../../../src-main/playback/worker-marks.js';
import type { WorkerStatus } from '../../../src-main/supervisor/supervisor.js';

const SETTINGS = journalSettingsOf(true)!;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function status(name: string, state: string, pid: number, restarts = 0, reason = ''): WorkerStatus {
  return { name, state: state as WorkerStatus['state'], pid, restarts, startedAt: 1_000, lastHeartbeatAt: 0, heartbeat: undefined, reason, wanted: true };
}

describe('worker marks', () => {
  it('records only changes, and shows each worker as it was at any moment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-marks-'));
    dirs.push(dir);
    const recorder = new WorkerMarkRecorder(dir, SETTINGS, (e) => {
      throw e;
    });
    recorder.record([status('risk', 'starting', 10), status('feed', 'starting', 11)], 2_000_000);
    recorder.record([status('risk', 'running', 10), status('feed', 'starting', 11)], 3_000_000);
    recorder.record([status('risk', 'running', 10), status('feed', 'running', 11)], 3_500_000);
    recorder.record([status('risk', 'running', 10), status('feed', 'running', 11)], 3_600_000); // nothing changed
    recorder.record([status('risk', 'restarting', 0, 1, 'killed by SIGKILL'), status('feed', 'running', 11)], 4_000_000);
    recorder.close();

    const { marks, refused } = readWorkerMarks(dir);
    expect(refused).toBe(0);
    expect(marks).toHaveLength(5);
    const at = (time: number) => Object.fromEntries(workerRowsAt(marks, time).map((row) => [row.name, `${row.state}/${row.restarts}`]));
    expect(at(1_000_000)).toEqual({});
    expect(at(2_500_000)).toEqual({ risk: 'starting/0', feed: 'starting/0' });
    expect(at(3_500_000)).toEqual({ risk: 'running/0', feed: 'running/0' });
    expect(at(9_000_000)).toEqual({ risk: 'restarting/1', feed: 'running/0' });
    expect(workerRowsAt(marks, 3_500_000).find((row) => row.name === 'feed')?.uptimeMs).toBe(2_500);
  });

  it('skips and counts a mark that is not one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-marks-'));
    dirs.push(dir);
    mkdirSync(join(dir, `${WORKER_MARKS}.jnl`));
    const writer = new JournalWriter(join(dir, `${WORKER_MARKS}.jnl`), 1, SETTINGS);
    writer.append({ time: 1, port: 'host', topic: 'risk', payload: new Uint8Array([0xc1]) });
    writer.close();
    expect(readWorkerMarks(dir)).toEqual({ marks: [], refused: 1 });
  });
});
