/** Execution worker: checked orders in from risk, orders out to each venue on its own DEALER, every transition out on `exec`. */
import { binanceConfigOf, ccxtConfigsOf } from '../protocol/config.js';
import { ccxtVenueNames } from '../venues/ccxt/ccxt-venues.js';
import { WorkerShell, type PortSpec } from '../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../runtime/worker-env.js';
import { ExecutionEngine } from './execution-engine.js';
import { venueRoutesOf } from './venue-routes.js';

const { name, config, registry } = readWorkerEnv('execution');
const { endpoints } = config;
const binance = binanceConfigOf(config) !== undefined;
const { routes, ports: venuePorts } = venueRoutesOf(endpoints, binance, ccxtVenueNames(ccxtConfigsOf(config)));
const shell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  snapEndpoint: endpoints.execSnap,
  ports: [
    { name: 'in', kind: 'pull', endpoint: endpoints.execIn },
    { name: 'pub', kind: 'pub', endpoint: endpoints.exec, replayable: true, noDrop: true },
    // The routing id is stable across restarts, so each venue keeps one account per terminal and can resend to it.
    ...venuePorts.map((port): PortSpec => ({ name: port.name, kind: 'dealer', endpoint: port.endpoint, routingId: 'terminal', resync: true })),
  ],
  timerMs: 100,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  makeCore: (emit) => new ExecutionEngine(name, emit, routes),
});
void runToExit(() => shell.run());
