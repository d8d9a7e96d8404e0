/**
 * Starts the terminal's host side, whichever host runs it: checks the endpoints, binds the control channel, starts
 * the supervisor (which starts the workers in order) and the bus monitor, and returns the API the windows use.
 */
import { fileURLToPath } from 'node:url';
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { join } from 'node:path';
import { binanceConfigOf, ccxtConfigsOf, ccxtTradingAccountsOf, journalSettingsOf, tradingAccountsOf, type TerminalConfig } from '../../workers/protocol/config.js';
import { nowMicros } from '../../workers/runtime/clock.js';
import { withPlayback } from '../playback/playback-api.js';
import { sessionsRootOf } from '../playback/session-list.js';
import { WorkerMarkRecorder } from '../playback/worker-marks.js';
import type { KillSwitchReport } from '../../workers/protocol/messages.js';
import type { HostApi } from '../host-api.js';
import { ControlRouter } from '../supervisor/control-router.js';
import { Supervisor, type WorkerDefinition } from '../supervisor/supervisor.js';
import type { WorkerSpawner } from '../supervisor/worker-spawner.js';
import { BracketStore } from './bracket-store.js';
import { credentialsEnvOf } from './key-env.js';
import { KeyStore, NO_KEY_STORE } from './key-store.js';
import { BusMonitor } from './bus-monitor.js';
import { withBacktests } from './backtest-api.js';
import { forwardToHistory, withHistory } from './history-api.js';
import { HistoryQuery } from './history-query.js';
import { ExitBoard, EXITS_WORKER } from './exit-board.js';
import { ExternalWorkers } from './external-workers.js';
import { HostState } from './host-state.js';
import { ManualOrders } from './manual-orders.js';
import { MarketView } from './market-view.js';
import { parseHostOptions, type HostDefaults, type HostOptions } from './host-options.js';
import { checkPortsFree } from './port-check.js';
import { fetchVenueInstruments } from './venue-instruments.js';
import { ccxtVenueProblem } from '../../workers/venues/ccxt/ccxt-venues.js';
import { BINANCE_VENUES } from '../../workers/venues/binance/exchange-info.js';
import { StrategyBoard } from './strategy-board.js';
import { StrategyStore } from './strategy-store.js';
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

/** Names the terminal's own workers take: a strategy worker may not take one. */
const RESERVED_NAMES = new Set(['sim', 'binance', 'ccxt', 'execution', 'risk', 'feed', 'exits', 'journal', 'history', 'host', 'ui', 'manual']);
const WORKER_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * The strategy worker processes: `strategy` (always, as the default home of instances) and each other `worker` the
 * configuration names, in order of first mention. Throws on a name that cannot be a worker's.
 */
export function strategyWorkerNames(config: TerminalConfig): string[] {
  const names = ['strategy'];
  for (const strategy of config.strategies) {
    const name = strategy.worker ?? 'strategy';
    if (!WORKER_NAME.test(name) || RESERVED_NAMES.has(name)) {
      throw new Error(`strategy ${strategy.id}: worker "${name}" is not a usable name (lower-case letters, digits, - and _; not ${[...RESERVED_NAMES].join(', ')})`);
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The workers in start order: the venue first, then what consumes it, the journal last. */
export function workerDefinitions(config: TerminalConfig): WorkerDefinition[] {
  const definitions: WorkerDefinition[] = [];
  if (config.feed.source === 'sim' || config.strategies.some((s) => s.venue === 'sim')) {
    // The simulated exchange stands for a remote venue: the terminal's own processes come first on a busy machine.
    definitions.push({ name: 'sim', entry: entry('venues/sim/main.js'), nice: 5 });
  }
  if (binanceConfigOf(config) !== undefined) definitions.push({ name: 'binance', entry: entry('venues/binance/main.js') });
  if (ccxtConfigsOf(config).length > 0) definitions.push({ name: 'ccxt', entry: entry('venues/ccxt/main.js') });
  definitions.push(
    { name: 'execution', entry: entry('execution/main.js') },
    { name: 'risk', entry: entry('risk/main.js') },
    { name: 'feed', entry: entry('feed/main.js') },
    ...strategyWorkerNames(config).map((name) => ({ name, entry: entry('strategy/main.js') })),
    // Exits run apart from the strategies, so a position stays protected whatever its strategy does.
    { name: EXITS_WORKER, entry: entry('exits/main.js') },
  );
  // The journal is off the hot path by design (DESIGN.md §1): it may lag, it may not slow trading.
  if (config.journal) definitions.push({ name: 'journal', entry: entry('journal/main.js'), nice: 10 });
  // The history store's writer: off the hot path like the journal (it only subscribes), in its own process.
  definitions.push({ name: 'history', entry: entry('history/main.js'), nice: 10 });
  return definitions;
}

/** Starts the host with `spawner`; resolves once every worker has been started. */
export async function startHost(spawner: WorkerSpawner, argv: readonly string[], defaults: HostDefaults = {}): Promise<RunningHost> {
  const options = parseHostOptions(argv, defaults);
  const { config } = options;
  // A ccxt venue may not take the name of the sim's or the native Binance gateway's venues: routes and topics would mix.
  const taken = ['sim', ...(binanceConfigOf(config) === undefined ? [] : Object.values(BINANCE_VENUES))];
  const venueProblem = ccxtVenueProblem(ccxtConfigsOf(config), taken);
  if (venueProblem !== undefined) throw new Error(venueProblem);
  // Live venues' instruments come from the venues' own metadata, before any worker needs the registry.
  config.instruments = [...config.instruments, ...(await fetchVenueInstruments(config))];
  const registry = new InstrumentRegistry(config.instruments);
  await checkPortsFree(config.endpoints);
  const definitions = workerDefinitions(config);
  // API keys only through the OS key store (Electron's safeStorage); outside Electron there is none and keys are refused.
  const keys = new KeyStore(defaults.safeStorage ?? NO_KEY_STORE, options.stateDir, (level, text) => process.stderr.write(`[host] keys ${level}: ${text}\n`));
  const accounts = tradingAccountsOf(binanceConfigOf(config));
  const gateway = definitions.find((d) => d.name === 'binance');
  if (gateway !== undefined && accounts.length > 0) {
    gateway.env = () => {
      const result = credentialsEnvOf(keys, accounts.map(({ account, network }) => ({ account, network })));
      for (const reason of result.refused) process.stderr.write(`[host] binance: live orders refused for ${reason}\n`);
      return result.env;
    };
  }
  // The ccxt gateway gets its venues' keys the same way, in its own environment only.
  const ccxtAccounts = ccxtTradingAccountsOf(ccxtConfigsOf(config));
  const ccxtGateway = definitions.find((d) => d.name === 'ccxt');
  if (ccxtGateway !== undefined && ccxtAccounts.length > 0) {
    ccxtGateway.env = () => {
      const result = credentialsEnvOf(keys, ccxtAccounts);
      for (const reason of result.refused) process.stderr.write(`[host] ccxt: live orders refused for ${reason}\n`);
      return result.env;
    };
  }
  let state: HostState | undefined;
  let hostRefused = 0;
  const control = new ControlRouter(config.endpoints.ctl, registry, {
    // A worker the supervisor did not spawn is external: followed by the host, never restarted.
    onHeartbeat: (worker, heartbeat) => (supervisor.has(worker) ? supervisor.onHeartbeat(worker, heartbeat) : state?.onExternalHeartbeat(worker, heartbeat)),
    onLog: (worker, log) => state?.log(worker, log.level, log.text),
    onStrategyStatus: (worker, status) => {
      state?.onStrategyStatus(worker, status);
      forwardToHistory(control, status);
    },
    onExitStatus: (_worker, status) => exits.onStatus(status),
    onKillSwitch: (sender, command) =>
      state?.killSwitchFrom(command.src, command.reason, (outcome) => {
        const report = ControlRouter.command<KillSwitchReport>({ type: 'KillSwitchReport', ...outcome });
        control.send(sender, report);
        forwardToHistory(control, report);
      }),
    onRefused: () => {
      hostRefused += 1;
    },
  });
  const hostLog = (level: 'info' | 'warn' | 'error', text: string): void => {
    if (level !== 'info') process.stderr.write(`[host] ${text}\n`);
    state?.log('host', level, text);
  };
  const exits = new ExitBoard({ send: (worker, command) => control.send(worker, command), log: hostLog, validation: registry });
  const brackets = new BracketStore(options.stateDir, hostLog);
  await control.start();
  const strategies = new StrategyBoard(config.strategies, {
    send: (worker, command) => control.send(worker, command),
    log: (level, text) => {
      if (level !== 'info') process.stderr.write(`[host] strategies: ${text}\n`);
      state?.log('host', level, text);
    },
    store: new StrategyStore(options.stateDir, (level, text) => process.stderr.write(`[host] ${level}: ${text}\n`)),
  });
  // The saved parameters go into the configuration the workers start from. It stays the same for the whole session:
  // a restarted worker replays its input journal on it (changes made since included), which must replay exactly.
  const workerConfig = { ...config, strategies: strategies.startConfigs() };
  // The workers' lifecycle goes into the session's recording, so playback can show the Workers panel as it was.
  const journalSettings = journalSettingsOf(config.journal);
  const marks = journalSettings === undefined ? undefined : new WorkerMarkRecorder(join(config.runDir, 'journal'), journalSettings, (e) => hostLog('warn', `worker marks: ${e.message}`));
  const supervisor = new Supervisor(
    spawner,
    control,
    definitions,
    { heartbeatMs: config.heartbeatMs, env: { TERMINAL_CONFIG: JSON.stringify(workerConfig), TERMINAL_STATE_DIR: options.stateDir } },
    {
      onChange: () => {
        state?.markDirty();
        marks?.record(supervisor.statuses(), nowMicros());
      },
      onLog: (worker, level, text) => {
        process.stderr.write(`[host] ${worker}: ${text}\n`);
        state?.log(worker, level, text);
      },
    },
  );
  const monitor = new BusMonitor(config.endpoints, registry, (message) => state?.onBusMessage(message));
  const market = new MarketView(config.endpoints, registry, registry.all());
  const history = new HistoryQuery(options.stateDir, registry);
  const orders = ManualOrders.connect(config.endpoints.riskUser, (e) => state?.log('host', 'warn', e.message), (text) => state?.log('host', 'warn', text));
  state = new HostState({ config, registry, supervisor, monitor, market, orders, control, strategies, exits, brackets, keys, externals: new ExternalWorkers(config.heartbeatMs) });
  const startedAt = Date.now();
  monitor.start();
  market.start();
  orders.start();
  state.start();
  await supervisor.startAll();
  let stopping: Promise<void> | undefined;
  const api = withPlayback(withBacktests(withHistory(state, history), { stateDir: options.stateDir }), {
    sessionsRoot: sessionsRootOf(config.runDir),
    currentSession: config.runDir,
  });
  return {
    api,
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
        history.close();
        api.close();
        marks?.record(supervisor.statuses(), nowMicros());
        marks?.close();
      })();
      return stopping;
    },
  };
}
