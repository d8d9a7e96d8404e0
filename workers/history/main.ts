/**
 * History worker: records the execution and risk streams, and what the host forwards from the control channel, into
 * the SQLite history store in the state folder (`<state dir>/history.sqlite`), so orders, fills, positions, equity,
 * conditions and parameter changes outlive the session. A subscriber off the hot path, in its own process.
 */
import { basename } from 'node:path';
import { WorkerShell } from '../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../runtime/worker-env.js';
import { HistoryCore } from './history-core.js';
import { historyPath, openHistoryForWriting } from './store/history-db.js';
import { HistoryWriter } from './store/history-writer.js';

const { name, config, registry } = readWorkerEnv('history');
const { endpoints } = config;
const stateDir = process.env.TERMINAL_STATE_DIR;
if (stateDir === undefined || stateDir === '') {
  process.stderr.write(`${name}: TERMINAL_STATE_DIR is not set; the host passes its --state-dir\n`);
  process.exit(2);
}
const writer = new HistoryWriter(openHistoryForWriting(historyPath(stateDir)));
const core = new HistoryCore(writer, {
  session: basename(config.runDir),
  sessionScopedVenues: ['sim'],
  equityEveryUs: 1_000_000,
  batchRows: 2_000,
  maxPendingRows: 200_000,
  lastParams: writer.lastParams(),
  onError: (error) => shell.log.warn(`history store: ${error.message}`),
});
const shell: WorkerShell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  ports: [
    // Both streams are caught up from their owners at start and after any gap: a restarted history worker gets the
    // session again, and the store's unique keys drop what it already holds.
    { name: 'exec', kind: 'sub', endpoint: endpoints.exec, prefixes: [''], resync: { endpoint: endpoints.execSnap, prefix: '' } },
    { name: 'risk', kind: 'sub', endpoint: endpoints.risk, prefixes: [''], resync: { endpoint: endpoints.riskSnap, prefix: '' } },
  ],
  timerMs: 250,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  // The database is this worker's state, and the streams' owners resend the session: no input journal to replay.
  journal: false,
  makeCore: () => core,
});
void runToExit(async () => {
  await shell.run();
  // What arrived since the last tick is written before the process goes.
  core.flush();
  writer.close();
});
