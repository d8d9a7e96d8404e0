/**
 * Opens a recorded session without stalling the host: the journals are read and merged on a worker thread
 * (timeline-thread.ts) while the host goes on serving the live session and its windows.
 */
import { Worker } from 'node:worker_threads';
import type { SessionTimeline } from './session-timeline.js';
import { timelineFromColumns, type TimelineColumns } from './timeline-columns.js';

type Reply = { ok: true; columns: TimelineColumns } | { ok: false; error: string };

const THREAD = new URL('./timeline-thread.js', import.meta.url);

/** The timeline of session folder `dir`; rejects with the reader's message if there is no readable recording. */
export function loadTimelineOffThread(dir: string): Promise<SessionTimeline> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD, { workerData: { dir } });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      void worker.terminate();
      if (!reply.ok) return reject(new Error(reply.error));
      try {
        resolve(timelineFromColumns(reply.columns));
      } catch (error) {
        reject(error as Error);
      }
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the session reader stopped (exit code ${code}) before it answered`));
    });
  });
}
