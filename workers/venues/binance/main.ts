/**
 * The Binance gateway as its own process, shaped like the simulated venue: market data out on `binanceMd` (books
 * verified by Binance's procedure, trades, data-quality reports), snapshots on `binanceSnap`, orders in and reports
 * out on `binanceOrders`. The WebSocket and REST side runs the pure adapters and hands their normalised messages to
 * the shell as local inputs, validated and journaled like every other input of the core, in the same call that
 * received the frame: a frame's book update is on the PUB socket before the event loop turns.
 */
import { binanceConfigOf, journalSettingsOf } from '../../protocol/config.js';
import { nowMicros } from '../../runtime/clock.js';
import { WorkerShell } from '../../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../../runtime/worker-env.js';
import { BINANCE_VENUES, paperKeys } from './exchange-info.js';
import { GATEWAY_PORTS, GatewayCore } from './gateway-core.js';
import { gatewayProbeFromEnv } from './gateway-probe.js';
import { MarketLink } from './market-link.js';
import { RawRecorder } from './raw-recorder.js';
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

const probe = gatewayProbeFromEnv();

let live: LiveRouters | undefined;
const shell: WorkerShell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  snapEndpoint: endpoints.binanceSnap,
  ports: [
    // A book update leaves in the call that received its frame, before the paper engine works on it.
    { name: GATEWAY_PORTS.md, kind: 'pub', endpoint: endpoints.binanceMd, immediate: true, observer: probe?.observer },
    { name: GATEWAY_PORTS.orders, kind: 'router', endpoint: endpoints.binanceOrders, replayable: true },
    { name: GATEWAY_PORTS.adapter, kind: 'local' },
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

const raw = binance.recordRaw === true ? openRawRecorder() : undefined;
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
    publish: probe === undefined
      ? (message) => shell.input(GATEWAY_PORTS.adapter, message)
      : (message) => {
          probe.normalised(message);
          shell.input(GATEWAY_PORTS.adapter, message);
          probe.handled(message);
        },
    log: (level, text) => (level === 'warn' ? shell.log.warn(text) : shell.log.info(text)),
    raw,
  }));
}
for (const link of links) link.start();

/** The raw recorder; a recording it cannot open (a corrupt earlier segment) is reported and market data goes on without it. */
function openRawRecorder(): RawRecorder | undefined {
  try {
    return new RawRecorder(config.runDir, journalSettingsOf(config.journal) ?? journalSettingsOf(true)!, nowMicros(), (e) => shell.log.warn(`raw recording: ${e.message}`));
  } catch (error) {
    shell.log.error(`raw recording off: ${(error as Error).message}`);
    return undefined;
  }
}
void runToExit(async () => {
  await shell.run();
  for (const link of links) link.stop();
  raw?.close();
  live?.stop();
});
