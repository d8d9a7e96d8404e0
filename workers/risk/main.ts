/** Risk worker: order commands in from strategies and the user, checked commands out to execution; positions out. */
import { topics } from '../protocol/topics.js';
import { shortestTimeframe } from '../core/bar-builder.js';
import { WorkerShell } from '../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../runtime/worker-env.js';
import { RISK_USER_PORT, RiskEngine } from './risk-engine.js';

const { name, config, registry } = readWorkerEnv('risk');
const { endpoints } = config;
// Marks come from the shortest bars' closes (the last trade price, conflated by the feed), not from every trade.
const markTimeframe = shortestTimeframe(config.feed.timeframes);
const shell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  snapEndpoint: endpoints.riskSnap,
  ports: [
    { name: 'in', kind: 'pull', endpoint: endpoints.riskIn },
    { name: RISK_USER_PORT, kind: 'pull', endpoint: endpoints.riskUser },
    { name: 'pub', kind: 'pub', endpoint: endpoints.risk, replayable: true, noDrop: true },
    { name: 'out', kind: 'push', endpoint: endpoints.execIn },
    { name: 'exec', kind: 'sub', endpoint: endpoints.exec, prefixes: [topics.prefix('order'), topics.prefix('fill'), topics.prefix('account')], resync: { endpoint: endpoints.execSnap, prefix: '' } },
    { name: 'md', kind: 'sub', endpoint: endpoints.md, prefixes: [topics.barPrefix(markTimeframe), topics.prefix('quality')] },
  ],
  timerMs: 100,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  makeCore: (emit) => new RiskEngine(name, registry, config.risk, emit),
});
void runToExit(() => shell.run());
