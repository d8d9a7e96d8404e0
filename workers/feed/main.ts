/** Feed worker: each venue's market data in, normalised books, trades, bars and data-quality reports out on `md`. */
import { binanceConfigOf, ccxtConfigsOf } from '../protocol/config.js';
import { topics } from '../protocol/topics.js';
import { WorkerShell, type PortSpec } from '../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../runtime/worker-env.js';
import { BINANCE_VENUES } from '../venues/binance/exchange-info.js';
import { ccxtVenueNames } from '../venues/ccxt/ccxt-venues.js';
import { FeedEngine } from './feed-engine.js';

const { name, config, registry } = readWorkerEnv('feed');
const { endpoints, feed } = config;
const flood = feed.source === 'flood';
const binance = binanceConfigOf(config);
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
/** A venue gateway's market data: books, trades and quality reports; its snapshots carry all three, so a resync asks for everything. */
const gatewayPort = (portName: string, endpoint: string, snapEndpoint: string): PortSpec => ({
  name: portName,
  kind: 'sub',
  endpoint,
  prefixes: [topics.prefix('book'), topics.prefix('trade'), topics.prefix('quality')],
  resync: { endpoint: snapEndpoint, prefix: '' },
});
const staleAfterMs: Record<string, number> = { ...feed.staleAfterMs };
// Late joiners get this many levels: as deep as a live venue's books, so levels that surface later are there.
let depth = config.sim.depth;
if (binance !== undefined) {
  // One port per venue gateway.
  ports.push(gatewayPort('venue-binance', endpoints.binanceMd, endpoints.binanceSnap));
  for (const venue of Object.values(BINANCE_VENUES)) staleAfterMs[venue] ??= binance.staleAfterMs;
  depth = Math.max(depth, binance.snapshotDepth);
}
const ccxt = ccxtConfigsOf(config);
if (ccxt.length > 0) {
  ports.push(gatewayPort('venue-ccxt', endpoints.ccxtMd, endpoints.ccxtSnap));
  for (const venue of ccxt) {
    staleAfterMs[ccxtVenueNames([venue])[0] as string] ??= venue.staleAfterMs;
    depth = Math.max(depth, venue.depth);
  }
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
    new FeedEngine(
      { instruments: registry.all(), timeframes: feed.timeframes, depth, floodRate: flood ? feed.floodRate : undefined, staleAfterMs },
      emit,
    ),
});
void runToExit(() => shell.run());
