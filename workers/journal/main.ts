/**
 * Journal worker: records the market-data, risk and execution streams to disk for history and replay, and keeps the
 * session's configuration next to them (the replay command rebuilds the workers' cores from it).
 */
import { join } from 'node:path';
import { journalSettingsOf } from '../protocol/config.js';
import { saveSessionConfig } from './session-config.js';
import { ControlClient } from '../runtime/control-client.js';
import { createLogger } from '../runtime/log.js';
import { readWorkerEnv, watchHost } from '../runtime/worker-env.js';
import { decodeFrame } from '../protocol/codec.js';
import type { WorkerState } from '../protocol/messages.js';
import { StreamRecorder } from './stream-recorder.js';

const { name, config, registry } = readWorkerEnv('journal');
process.title = `terminal:${name}`;
const log = createLogger(name);
const dir = join(config.runDir, 'journal');
const recorder = new StreamRecorder(dir, registry, journalSettingsOf(config.journal) ?? journalSettingsOf(true)!, (e) => log.warn(e.message));
saveSessionConfig(dir, config);
let state: WorkerState = 'running';
let refused = 0;

const stop = (why: string): void => {
  log.info(`stopping: ${why}`);
  state = 'stopped';
  control.sendHeartbeat();
  recorder.close();
  void control.flush().then(() => {
    control.close();
    process.exit(0);
  });
};

const control = new ControlClient(name, config.endpoints.ctl, config.heartbeatMs, {
  heartbeat: () => ({
    worker: name,
    pid: process.pid,
    state,
    reason: '',
    stats: { msgsIn: recorder.frames, msgsOut: 0, refused, counters: { frames: recorder.frames, bytes: recorder.bytes, lost: recorder.lost } },
  }),
  onFrame: (payload) => {
    const decoded = decodeFrame(payload, registry);
    refused += decoded.refusals.length;
    if (decoded.messages.some((m) => m.type === 'Shutdown')) stop('asked by the host');
  },
  onError: (e) => log.warn(`control: ${e.message}`),
});
log.setSink((level, text) => control.sendLog(level, text));
watchHost(() => stop('host went away'));
recorder.start([
  { name: 'md', endpoint: config.endpoints.md },
  { name: 'risk', endpoint: config.endpoints.risk, snapEndpoint: config.endpoints.riskSnap },
  { name: 'exec', endpoint: config.endpoints.exec, snapEndpoint: config.endpoints.execSnap },
]);
control.start();
