/** The simulated exchange as its own process: orders in on a ROUTER, reports back to each client, market data out. */
import { priceToTicks, qtyToLots } from '../../core/instrument.js';
import { WorkerShell } from '../../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../../runtime/worker-env.js';
import { SIM_PORTS, SimVenueCore } from './sim-venue-core.js';

const { name, config, registry } = readWorkerEnv('sim');
const { endpoints, sim } = config;
const instruments = registry.all().filter((i) => i.venue === 'sim');
const startPrices = Object.fromEntries(
  instruments.map((i) => [i.symbol, priceToTicks(i, sim.startPrices[i.symbol] ?? '100') ?? 1000]),
);
const touchSizes: Record<string, number> = {};
for (const i of instruments) {
  const lots = sim.touchSizes?.[i.symbol] === undefined ? undefined : qtyToLots(i, sim.touchSizes[i.symbol] as string);
  if (lots !== undefined && lots > 0) touchSizes[i.symbol] = lots;
}
const shell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  snapEndpoint: endpoints.simSnap,
  ports: [
    { name: SIM_PORTS.md, kind: 'pub', endpoint: endpoints.simMd },
    { name: SIM_PORTS.orders, kind: 'router', endpoint: endpoints.simOrders, replayable: true },
  ],
  timerMs: sim.timerMs,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  makeCore: (emit) =>
    new SimVenueCore(
      {
        venue: 'sim',
        instruments,
        startPrices,
        seed: sim.seed,
        ratePerSecond: sim.ratePerSecond,
        depth: sim.depth,
        touchSizes,
        orderLatencyUs: sim.orderLatencyUs ?? 0,
        mdLatencyUs: sim.mdLatencyUs ?? 0,
      },
      // Reports go back on the ROUTER the orders came in on.
      (port, topic, message) => emit(port === SIM_PORTS.reports ? SIM_PORTS.orders : port, topic, message),
    ),
});
void runToExit(() => shell.run());
