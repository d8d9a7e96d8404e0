/**
 * Exits worker: stop-losses, targets, trailing stops, break-even moves and time stops for every owner's positions.
 * Plans in on the control channel; market data, execution's order events and fills, risk's denials and marks in;
 * reduce-only order commands out to risk. Runs apart from the strategy workers, so exits hold whatever they do.
 */
import { shortestTimeframe } from '../core/bar-builder.js';
import { topics } from '../protocol/topics.js';
import { WorkerShell } from '../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../runtime/worker-env.js';
import { ExitsEngine } from './exits-engine.js';

const { name, config, registry } = readWorkerEnv('exits');
const { endpoints } = config;
const shell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  ports: [
    // Bars only: the shortest one's close is the price (conflated by the feed), so exits cost little however busy the tape.
    { name: 'md', kind: 'sub', endpoint: endpoints.md, prefixes: [topics.prefix('bar')] },
    // Every owner's fills, from the start (a late joiner replays them): positions per owner are built from them.
    { name: 'exec', kind: 'sub', endpoint: endpoints.exec, prefixes: [topics.prefix('order'), topics.prefix('fill')], resync: { endpoint: endpoints.execSnap, prefix: '' } },
    { name: 'risk', kind: 'sub', endpoint: endpoints.risk, prefixes: [topics.prefix('order'), topics.prefix('position')], resync: { endpoint: endpoints.riskSnap, prefix: '' } },
    { name: 'orders', kind: 'push', endpoint: endpoints.riskIn },
  ],
  timerMs: 100,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  makeCore: (emit) => new ExitsEngine(name, emit, shortestTimeframe(config.feed.timeframes)),
});
void runToExit(() => shell.run());
