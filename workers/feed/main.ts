/** Feed worker: venue market data in, normalised books, trades and bars out on `md`. */
import { topics } from '../protocol/topics.js';
import { WorkerShell, type PortSpec } from '../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../runtime/worker-env.js';
import { FeedEngine } from './feed-engine.js';

const { name, config, registry } = readWorkerEnv('feed');
const { endpoints, feed } = config;
const flood = feed.source === 'flood';
const ports: PortSpec[] = [{ name: 'md', kind: 'pub', endpoint: endpoints.md }];
if (!flood) {
  ports.push({
    name: 'venue',
    kind: 'sub',
    endpoint: endpoints.simMd,
    prefixes: [topics.prefix('book'), topics.prefix('trade')],
    resync: { endpoint: endpoints.simSnap, prefix: topics.prefix('book') },
  });
}
const shell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  snapEndpoint: endpoints.mdSnap,
  ports,
  // The flood source is paced by the clock: tick often so it produces evenly.
  timerMs: flood ? 1 : 50,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  makeCore: (emit) =>
    new FeedEngine({ instruments: registry.all(), timeframes: feed.timeframes, depth: config.sim.depth, floodRate: flood ? feed.floodRate : undefined }, emit),
});
void runToExit(() => shell.run());
