/**
 * A worker thread that reads one recorded session (timeline-columns.ts) and hands it back by transfer: the host's
 * thread only turns the columns into entries. Its one input, `workerData.dir`; its one message, the columns or an
 * error's text.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readTimelineColumns, transferablesOf } from './timeline-columns.js';

const { dir } = workerData as { dir: string };
try {
  const columns = readTimelineColumns(dir);
  parentPort?.postMessage({ ok: true, columns }, transferablesOf(columns));
} catch (error) {
  parentPort?.postMessage({ ok: false, error: (error as Error).message });
}
