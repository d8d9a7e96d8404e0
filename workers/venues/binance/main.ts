/**
 * The Binance gateway as its own process, shaped like the simulated venue: market data out on `binanceMd` (books
 * verified by Binance's procedure, trades, data-quality reports), snapshots on `binanceSnap`, orders in and reports
 * out on `binanceOrders`. The WebSocket and REST side runs the pure adapters and pushes their normalised messages to
 * the shell over an in-process socket, so they are validated and journaled like every other input of the core.
 */
import * as zmq from 'zeromq';
import { binanceConfigOf } from '../../protocol/config.js';
import { WorkerShell } from '../../runtime/worker-shell.js';
import { OutboundPort } from '../../runtime/outbound-port.js';
import { readWorkerEnv, runToExit } from '../../runtime/worker-env.js';
import { BINANCE_VENUES, paperKeys } from './exchange-info.js';
import { GATEWAY_PORTS, GatewayCore } from './gateway-core.js';
import { MarketLink } from './market-link.js';
import type { LiveRouters } from './trade/live-routers.js';
import { liveOrdersFor } from './trade/live-wiring.js';

const { name, config, registry } = readWorkerEnv('binance');
const binance = binanceConfigOf(config);
if (binance === undefined) {
  process.stderr.write(`${name}: no venues.binance section in the configuration\n`);
  process.exit(2);
}
const { endpoints } = config;
const venueOf = (market: 'spot' | 'usdm'): string => BINANCE_VENUES[market];
const instruments = registry.all().filter((i) => i.venue === BINANCE_VENUES.spot || i.venue === BINANCE_VENUES.usdm);
const paper = paperKeys(binance.symbols);
const adapterEndpoint = `inproc://binance-adapter-${process.pid}`;

let live: LiveRouters | undefined;
const shell: WorkerShell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  snapEndpoint: endpoints.binanceSnap,
  ports: [
    { name: GATEWAY_PORTS.md, kind: 'pub', endpoint: endpoints.binanceMd },
    { name: GATEWAY_PORTS.orders, kind: 'router', endpoint: endpoints.binanceOrders, replayable: true },
    { name: GATEWAY_PORTS.adapter, kind: 'pull', endpoint: adapterEndpoint },
  ],
  timerMs: 50,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  makeCore: (emit) => {
    // Live routing (workers/venues/binance/trade/) when trading and a key are configured; otherwise live orders are refused.
    live = liveOrdersFor({
      binance, instruments: instruments.filter((i) => !paper.has(i.key)), runDir: config.runDir, emit,
      reportsPort: GATEWAY_PORTS.orders,
      // The shell is still being built here: its log is used once it exists.
      log: (text) => queueMicrotask(() => shell.log.warn(text)),
    });
    return new GatewayCore({ instruments, paper, depth: binance.snapshotDepth }, emit, live);
  },
});

const push = new zmq.Push({ linger: 0, sendHighWaterMark: 1_000_000 });
push.connect(adapterEndpoint);
const toShell = new OutboundPort('adapter', push, { framing: 'bare', replayable: false, maxBatch: 512 }, (e) => shell.log.warn(`adapter: ${e.message}`));
toShell.sending = true;
const links: MarketLink[] = [];
for (const market of ['spot', 'usdm'] as const) {
  const ours = instruments.filter((i) => i.venue === venueOf(market));
  if (ours.length === 0) continue;
  links.push(new MarketLink({
    market,
    restUrl: market === 'spot' ? binance.restUrl : binance.futuresRestUrl,
    wsUrl: market === 'spot' ? binance.wsUrl : binance.futuresWsUrl,
    instruments: ours,
    snapshotDepth: binance.snapshotDepth,
    reconnect: binance.reconnect,
    // A connection that says nothing for several stale periods is presumed dead and made again.
    silenceMs: Math.max(3_000, binance.staleAfterMs * 4),
    publish: (message) => toShell.emit('', message),
    log: (level, text) => (level === 'warn' ? shell.log.warn(text) : shell.log.info(text)),
  }));
}
for (const link of links) link.start();
void runToExit(async () => {
  await shell.run();
  for (const link of links) link.stop();
  live?.stop();
  push.close();
});
