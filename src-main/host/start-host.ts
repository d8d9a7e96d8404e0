/**
 * Starts the terminal's host side, whichever host runs it: checks the endpoints, binds the control channel, starts
 * the supervisor (which starts the workers in order) and the bus monitor, and returns the API the windows use.
 */
import { fileURLToPath } from 'node:url';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import type { TerminalConfig } from '../../workers/protocol/config.js';
import type { HostApi } from '../host-api.js';
import { ControlRouter } from '../supervisor/control-router.js';
import { Supervisor, type WorkerDefinition } from '../supervisor/supervisor.js';
import type { WorkerSpawner } from '../supervisor/worker-spawner.js';
import { BusMonitor } from './bus-monitor.js';
import { HostState } from './host-state.js';
import { ManualOrders } from './manual-orders.js';
import { MarketView } from './market-view.js';
import { parseHostOptions, type HostOptions } from './host-options.js';
import { checkPortsFree } from './port-check.js';
import { buildSummary, type Summary } from './summary.js';

/** A running host. */
export interface RunningHost {
  api: HostApi;
  options: HostOptions & { ui: boolean };
  supervisor: Supervisor;
  summary(): Summary;
  stop(): Promise<void>;
}

const entry = (path: string): string => fileURLToPath(new URL(`../../workers/${path}`, import.meta.url));

/** The workers in start order: the venue first, then what consumes it, the journal last. */
export function workerDefinitions(config: TerminalConfig): WorkerDefinition[] {
  const definitions: WorkerDefinition[] = [];
  if (config.feed.source === 'sim' || config.strategies.some((s) => s.venue === 'sim')) {
    // The simulated exchange stands for a remote venue: the terminal's own processes come first on a busy machine.
    definitions.push({ name: 'sim', entry: entry('venues/sim/main.js'), nice: 5 });
  }
  definitions.push(
    { name: 'execution', entry: entry('execution/main.js') },
    { name: 'risk', entry: entry('risk/main.js') },
    { name: 'feed', entry: entry('feed/main.js') },
    { name: 'strategy', entry: entry('strategy/main.js') },
  );
  // The journal is off the hot path by design (DESIGN.md §1): it may lag, it may not slow trading.
  if (config.journal) definitions.push({ name: 'journal', entry: entry('journal/main.js'), nice: 10 });
  return definitions;
}

/** Starts the host with `spawner`; resolves once every worker has been started. */
export async function startHost(spawner: WorkerSpawner, argv: readonly string[]): Promise<RunningHost> {
  const options = parseHostOptions(argv);
  const { config } = options;
  const registry = new InstrumentRegistry(config.instruments);
  await checkPortsFree(config.endpoints);
  let state: HostState | undefined;
  let hostRefused = 0;
  const control = new ControlRouter(config.endpoints.ctl, registry, {
    onHeartbeat: (worker, heartbeat) => supervisor.onHeartbeat(worker, heartbeat),
    onLog: (worker, log) => state?.log(worker, log.level, log.text),
    onRefused: () => {
      hostRefused += 1;
    },
  });
  await control.start();
  const supervisor = new Supervisor(
    spawner,
    control,
    workerDefinitions(config),
    { heartbeatMs: config.heartbeatMs, env: { TERMINAL_CONFIG: JSON.stringify(config) } },
    {
      onChange: () => state?.markDirty(),
      onLog: (worker, level, text) => {
        process.stderr.write(`[host] ${worker}: ${text}\n`);
        state?.log(worker, level, text);
      },
    },
  );
  const monitor = new BusMonitor(config.endpoints, registry, (message) => state?.onBusMessage(message));
  const market = new MarketView(config.endpoints, registry, registry.all());
  const orders = new ManualOrders(config.endpoints.riskIn, (e) => state?.log('host', 'warn', e.message), (text) => state?.log('host', 'warn', text));
  state = new HostState({ config, registry, supervisor, monitor, market, orders, control });
  const startedAt = Date.now();
  monitor.start();
  market.start();
  orders.start();
  state.start();
  await supervisor.startAll();
  let stopping: Promise<void> | undefined;
  return {
    api: state,
    options,
    supervisor,
    summary: () => buildSummary(supervisor, monitor, state!, (Date.now() - startedAt) / 1000, hostRefused + monitor.refused + market.refused),
    stop: () => {
      stopping ??= (async () => {
        await supervisor.shutdown();
        state?.stop();
        monitor.close();
        market.close();
        orders.close();
        control.close();
      })();
      return stopping;
    },
  };
}
