/**
 * The ccxt gateway as its own process, shaped like the Binance one and sharing its core: every configured ccxt venue's
 * market data out on `ccxtMd` (normalised onto our grid, with gap reports), snapshots on `ccxtSnap`, orders in and
 * reports out on `ccxtOrders` — paper instruments filled by the paper engine on the venue's book and tape, live ones
 * routed through ccxt to the entry's `trading` account (ccxt-live-orders.ts).
 */
import { ccxtConfigsOf } from '../../protocol/config.js';
import { WorkerShell } from '../../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../../runtime/worker-env.js';
import { GATEWAY_PORTS, GatewayCore } from '../binance/gateway-core.js';
import type { LiveRouters } from '../binance/trade/live-routers.js';
import { CcxtLink } from './ccxt-link.js';
import { ccxtLiveOrdersFor } from './ccxt-live-wiring.js';
import { ccxtKeys, ccxtVenueNames } from './ccxt-venues.js';

const { name, config, registry } = readWorkerEnv('ccxt');
const venues = ccxtConfigsOf(config);
if (venues.length === 0) {
  process.stderr.write(`${name}: no venues.ccxt entries in the configuration\n`);
  process.exit(2);
}
const { endpoints } = config;
const names = new Set(ccxtVenueNames(venues));
const instruments = registry.all().filter((i) => names.has(i.venue));
const paper = ccxtKeys(venues, 'paper');

let live: LiveRouters | undefined;

const shell: WorkerShell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  snapEndpoint: endpoints.ccxtSnap,
  ports: [
    { name: GATEWAY_PORTS.md, kind: 'pub', endpoint: endpoints.ccxtMd, immediate: true },
    { name: GATEWAY_PORTS.orders, kind: 'router', endpoint: endpoints.ccxtOrders, replayable: true },
    { name: GATEWAY_PORTS.adapter, kind: 'local' },
  ],
  timerMs: 50,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  makeCore: (emit) => {
    // Live routing through ccxt (ccxt-live-orders.ts) for venues with a `trading` account whose key was handed over.
    live = ccxtLiveOrdersFor({
      venues, instruments: instruments.filter((i) => !paper.has(i.key)), runDir: config.runDir, emit, reportsPort: GATEWAY_PORTS.orders,
      // The shell is still being built here: its log is used once it exists.
      log: (text) => queueMicrotask(() => shell.log.warn(text)),
    });
    return new GatewayCore({
      instruments, paper, depth: Math.max(...venues.map((v) => v.depth)),
      liveRefusal: 'live orders of this ccxt venue are not routed: give its entry a `trading` account (README, Other venues)',
      // Levels off the grid, bad trades, nonces going back: counted per venue, seen in the Workers panel.
      sourceCounters: () => Object.assign({}, ...links.map((link) => link.counters())) as Record<string, number>,
    }, emit, live);
  },
});

const links = venues.map((venue) => new CcxtLink({
  venue,
  instruments: instruments.filter((i) => i.venue === venue.venue),
  publish: (message) => shell.input(GATEWAY_PORTS.adapter, message),
  log: (level, text) => (level === 'warn' ? shell.log.warn(text) : shell.log.info(text)),
}));
for (const link of links) {
  link.start().catch((error: Error) => shell.log.error(`${link.name}: ${error.message}`));
}

void runToExit(async () => {
  await shell.run();
  await Promise.all(links.map((link) => link.stop()));
  live?.stop();
});
