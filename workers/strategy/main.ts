/** Strategy worker: market data and its own order events in, order commands out to risk. */
import { topics } from '../protocol/topics.js';
import { WorkerShell } from '../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../runtime/worker-env.js';
import { StrategyEngine } from './strategy-engine.js';

const { name, config, registry } = readWorkerEnv('strategy');
const { endpoints } = config;
const shell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  ports: [
    { name: 'md', kind: 'sub', endpoint: endpoints.md, prefixes: [topics.prefix('trade'), topics.prefix('bar')] },
    { name: 'exec', kind: 'sub', endpoint: endpoints.exec, prefixes: [topics.prefix('order'), topics.prefix('fill'), topics.prefix('reconcile')], resync: { endpoint: endpoints.execSnap, prefix: '' } },
    { name: 'risk', kind: 'sub', endpoint: endpoints.risk, prefixes: [topics.prefix('order')], resync: { endpoint: endpoints.riskSnap, prefix: topics.prefix('order') } },
    { name: 'intents', kind: 'push', endpoint: endpoints.riskIn },
  ],
  timerMs: 100,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  // Several strategy workers can run side by side: each runs only the instances configured for its name.
  makeCore: (emit) => new StrategyEngine(name, config.strategies.filter((s) => (s.worker ?? 'strategy') === name), emit),
});
void runToExit(() => shell.run());
