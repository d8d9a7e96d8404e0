/** Execution worker: checked orders in from risk, orders out to the venue, every transition out on `exec`. */
import { WorkerShell } from '../runtime/worker-shell.js';
import { readWorkerEnv, runToExit } from '../runtime/worker-env.js';
import { ExecutionEngine } from './execution-engine.js';

const { name, config, registry } = readWorkerEnv('execution');
const { endpoints } = config;
const shell = new WorkerShell({
  worker: name,
  runDir: config.runDir,
  ctlEndpoint: endpoints.ctl,
  snapEndpoint: endpoints.execSnap,
  ports: [
    { name: 'in', kind: 'pull', endpoint: endpoints.execIn },
    { name: 'pub', kind: 'pub', endpoint: endpoints.exec, replayable: true, noDrop: true },
    // The routing id is stable across restarts, so the venue keeps one account per terminal and can resend to it.
    { name: 'venue', kind: 'dealer', endpoint: endpoints.simOrders, routingId: 'terminal', resync: true },
  ],
  timerMs: 100,
  heartbeatMs: config.heartbeatMs,
  validation: registry,
  journal: config.journal,
  makeCore: (emit) => new ExecutionEngine(name, emit),
});
void runToExit(() => shell.run());
