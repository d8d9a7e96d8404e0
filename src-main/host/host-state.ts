/**
 * The host's state for windows and scripts, and the door for the user's commands. Worker rows come from the
 * supervisor, positions and order totals from the bus monitor, books/trades/bars from the market view, orders and
 * fills from the order board. Windows get one conflated frame of order and fill changes at most every 16 ms, of
 * market changes at most every 50 ms, and the slower-moving state every 250 ms, however busy the bus is.
 */
import { formatPrice, formatQty, instrumentKey, type InstrumentRegistry } from '../../workers/core/instrument.js';
import { templateFields } from '../../workers/core/exits/templates.js';
import type { AmendRequest, HostToRenderer, OrderRequest, OrderRow, PositionRow, RendererToHost, StrategyRow, TradingStatus, WorkerRow } from '../../workers/protocol/channels.js';
import { binanceConfigOf, ccxtConfigsOf, tradingAccountsOf, type BinanceConfig, type TerminalConfig } from '../../workers/protocol/config.js';
import { BINANCE_VENUES, paperKeys } from '../../workers/venues/binance/exchange-info.js';
import { ccxtKeys } from '../../workers/venues/ccxt/ccxt-venues.js';
import { strategyDefinitions } from '../../workers/strategies/registry.js';
import { builtInSchema, emptySchema } from './strategy-schema.js';
import type { FlattenedPosition, Heartbeat, Message, RearmBreaker, SetPaused, StrategyStatus, TradingState } from '../../workers/protocol/messages.js';
import type { HostApi } from '../host-api.js';
import { ControlRouter } from '../supervisor/control-router.js';
import type { Supervisor, WorkerStatus } from '../supervisor/supervisor.js';
import { accountRow, EquitySeries, venueAccountRows } from './account-view.js';
import { ownerRows, positionRows, riskRows } from './state-rows.js';
import type { BracketStore } from './bracket-store.js';
import type { KeyStore } from './key-store.js';
import type { BusMonitor } from './bus-monitor.js';
import type { ExitBoard } from './exit-board.js';
import { SILENT_PERIODS, type ExternalWorkers } from './external-workers.js';
import { describeKillSwitch, watchKillSwitch, type KillSwitchOutcome } from './kill-switch.js';
import { MANUAL, type ManualOrders } from './manual-orders.js';
import type { MarketView } from './market-view.js';
import { OrderBoard } from './order-board.js';
import type { StrategyBoard, WorkerCondition } from './strategy-board.js';

type StateMessage = Extract<HostToRenderer, { channel: 'state' }>;

const RESTRICTIVENESS: Record<TradingState, number> = { active: 0, reducing: 1, halted: 2 };

const FRAME_MS = 16;
/**
 * Books, trades and bars go at most every 50 ms (the first change after a quiet spell with the next frame): the eye
 * reads a ladder or a tape no faster than that, while each market frame costs the window a decode, store updates and
 * a redraw. Orders and fills keep the 16 ms frame: the answer to the user's own order is never held back.
 */
const MARKET_MS = 50;
/** The built-in strategies and their schemas, for the Backtest panel. */
const STRATEGY_KINDS = strategyDefinitions().map((definition) => ({ kind: definition.kind, schema: builtInSchema(definition.kind) ?? emptySchema() }));
const STATE_MS = 250;

/** A window's greeting for a session run with `config`: its instruments and settings. */
export function helloMessage(config: TerminalConfig): Extract<HostToRenderer, { channel: 'hello' }> {
  const binance = binanceConfigOf(config);
  return {
    channel: 'hello', instruments: config.instruments, timeframes: config.feed.timeframes, confirmQty: config.ui.confirmQty, session: config.runDir,
    paper: [...paperKeys(binance?.symbols ?? []), ...ccxtKeys(ccxtConfigsOf(config), 'paper')],
    live: [...liveKeysOf(binance), ...ccxtKeys(ccxtConfigsOf(config), 'live')], liveAccounts: liveAccountsOf(config),
    strategyKinds: STRATEGY_KINDS,
  };
}

/** The live accounts for the ticket: Binance's (its two markets), then each ccxt venue's, with the venues each trades. */
export function liveAccountsOf(config: TerminalConfig): Array<{ account: string; network: 'testnet' | 'live'; venues: string[] }> {
  const out = tradingAccountsOf(binanceConfigOf(config)).map(({ account, network }) => ({ account, network, venues: Object.values(BINANCE_VENUES) as string[] }));
  for (const venue of ccxtConfigsOf(config)) {
    if (venue.trading === undefined) continue;
    const name = venue.venue ?? venue.exchange;
    const known = out.find((a) => a.account === venue.trading!.account && a.network === venue.trading!.network);
    if (known !== undefined) known.venues.push(name);
    else out.push({ account: venue.trading.account, network: venue.trading.network, venues: [name] });
  }
  return out;
}

/** The venue a stored key is for, as the Keys list shows it: the ccxt venues trading with `account`, else Binance. */
export function keyVenueOf(config: TerminalConfig, account: string): string {
  const ccxt = ccxtConfigsOf(config).filter((v) => v.trading?.account === account).map((v) => v.venue ?? v.exchange);
  return ccxt.length > 0 && !tradingAccountsOf(binanceConfigOf(config)).some((a) => a.account === account) ? ccxt.join(', ') : 'binance';
}

/** What the host state is built from. */
export interface HostParts {
  config: TerminalConfig;
  registry: InstrumentRegistry;
  supervisor: Supervisor;
  monitor: BusMonitor;
  market: MarketView;
  orders: ManualOrders;
  control: ControlRouter;
  /** Strategy instances: configured ones and whatever workers report. */
  strategies: StrategyBoard;
  /** Workers that connected on their own (external strategies). */
  externals: ExternalWorkers;
  /** Exit plans, as the exits worker reports them, and the user's exit commands. */
  exits: ExitBoard;
  /** The user's saved bracket templates. */
  brackets: BracketStore;
  /** Venue API keys, through the OS key store only. */
  keys: KeyStore;
}

/** The HostApi over the host's parts. */
export class HostState implements HostApi {
  readonly board: OrderBoard;
  private readonly listeners = new Set<(message: HostToRenderer) => void>();
  private readonly rates = new Map<string, { at: number; msgsIn: number; msgsOut: number; rateIn: number; rateOut: number }>();
  private userState: TradingStatus = { state: 'active', cause: '' };
  /** While the kill switch is engaged, any position that appears (a fill in flight when it was pressed) is flattened too. */
  private killEngaged = false;
  /** The newest flatten order per instrument: no second one while it works. */
  private readonly flattening = new Map<string, string>();
  private timers: NodeJS.Timeout[] = [];
  /** The process id risk last ran as. */
  private riskPid: number | undefined;
  /** The process id each strategy worker last reported from. */
  private readonly strategyPids = new Map<string, number>();
  private stateDirty = false;
  /** Kill switch reports being watched for: each a disposer. */
  private readonly killWatches = new Set<() => void>();
  /** The account's equity over the session, for the Risk panel. */
  private readonly equity = new EquitySeries();
  /** The breaker trip last logged (its time), so each trip is logged once. */
  private loggedTrip = 0;
  /** When the last market frame went (performance.now()). */
  private marketSentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly parts: HostParts) {
    this.board = new OrderBoard((venue, symbol, ticks) => {
      const instrument = parts.registry.find(venue, symbol);
      return instrument === undefined ? String(ticks) : formatPrice(instrument, ticks);
    });
  }

  start(): void {
    this.timers = [setInterval(() => this.publishFrame(), FRAME_MS), setInterval(() => this.onStateTick(), STATE_MS)];
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const dispose of this.killWatches) dispose();
    this.killWatches.clear();
  }

  /** Something the state message shows changed (a worker's lifecycle): send it with the next frame, not a tick later. */
  markDirty(): void {
    this.stateDirty = true;
  }

  /** A strategy instance's status from the worker with control routing id `worker`. */
  onStrategyStatus(worker: string, status: StrategyStatus): void {
    const external = !this.parts.supervisor.has(worker);
    if (external) this.onExternalArrival(worker, this.parts.externals.seen(worker, Date.now()));
    else this.notePid(worker);
    this.parts.strategies.onStatus(worker, status, external);
    this.stateDirty = true;
  }

  /** A heartbeat from a worker the supervisor did not spawn. */
  onExternalHeartbeat(worker: string, heartbeat: Heartbeat): void {
    this.onExternalArrival(worker, this.parts.externals.onHeartbeat(worker, heartbeat, Date.now()));
  }

  /** A message from execution's or risk's stream. */
  onBusMessage(message: Message): void {
    // A refusal of something the user asked for goes to the log too (before it is acknowledged and forgotten).
    if (message.type === 'RequestRejected' && this.parts.orders.isAsking(message.request, message.clientOrderId)) {
      this.log(message.venue, 'warn', `${message.request} of ${message.clientOrderId} refused: ${message.reason}`);
    }
    if (message.type === 'TradingStatus') return this.onTradingStatus(message);
    this.board.apply(message);
    this.parts.orders.acknowledge(message);
  }

  /**
   * The kill switch from a client on the control channel (`KillSwitch`): engages it as the button does, then calls
   * `reply` with the report once every working order is finished and every position flat, or after 5 s with what is
   * left. The report is logged too.
   */
  killSwitchFrom(src: string, reason: string, reply: (outcome: KillSwitchOutcome) => void): void {
    const startedAt = Date.now();
    this.log('host', 'warn', `kill switch from ${src}${reason === '' ? '' : `: ${reason}`}`);
    const engaged = this.killSwitch();
    const probe = {
      left: () => ({
        working: this.board.working().length,
        open: [...this.parts.monitor.positions.values()].filter((p) => p.qty !== 0).length,
        // Done only once risk, which lets orders through, says it is restricted too (not just the host's wish).
        confirmed: this.parts.monitor.riskStatus === undefined || this.parts.monitor.riskStatus.state !== 'active',
      }),
      state: () => this.trading().state,
    };
    const dispose = watchKillSwitch(startedAt, engaged, probe, (outcome) => {
      this.killWatches.delete(dispose);
      this.log('host', outcome.workingLeft + outcome.openLeft === 0 ? 'info' : 'warn', describeKillSwitch(outcome));
      reply(outcome);
    });
    this.killWatches.add(dispose);
  }

  log(worker: string, level: 'info' | 'warn' | 'error', text: string): void {
    this.broadcast({ channel: 'log', worker, level, text, time: Date.now() * 1000 });
  }

  current(): HostToRenderer[] {
    const { config, market } = this.parts;
    const { orders, fills } = this.board.all();
    return [
      helloMessage(config),
      this.state(),
      { channel: 'market', books: market.books(), trades: [], bars: [] },
      { channel: 'orders', orders },
      { channel: 'fills', fills },
    ];
  }

  subscribe(listener: (message: HostToRenderer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  handle(command: RendererToHost): void {
    const { supervisor, orders, market } = this.parts;
    switch (command.channel) {
      case 'startWorker':
        return void supervisor.start(command.name).catch(() => undefined);
      case 'stopWorker':
        return void supervisor.stop(command.name).catch(() => undefined);
      case 'submitOrder': {
        const { channel: _channel, bracket, ...request } = command;
        return this.submit(request, bracket);
      }
      case 'cancelOrder': {
        const row = this.board.get(command.clientOrderId);
        if (row !== undefined && this.board.isWorking(row.clientOrderId)) orders.cancel(row);
        return;
      }
      case 'cancelAll':
        for (const row of this.board.working(command.venue, command.symbol)) orders.cancel(row);
        return;
      case 'amendOrder': {
        const { channel: _channel, ...request } = command;
        return this.amendOrder(request);
      }
      case 'flatten':
        return this.flatten(command.venue, command.symbol);
      case 'killSwitch':
        return void this.killSwitch();
      case 'rearmBreaker':
        this.log('host', 'info', 'circuit breaker re-armed by the user');
        this.parts.control.send('risk', ControlRouter.command<RearmBreaker>({ type: 'RearmBreaker' }));
        return;
      case 'resumeTrading':
        this.killEngaged = false;
        this.setUserState({ state: 'active', cause: '' });
        this.sendToStrategy<SetPaused>({ type: 'SetPaused', paused: false });
        return;
      case 'setStrategy':
        return this.parts.strategies.setEnabled(command.id, command.enabled);
      case 'setStrategyState':
        return this.parts.strategies.setState(command.id, command.state);
      case 'setStrategyParams':
        return this.parts.strategies.setParams(command.id, command.params);
      case 'chart': {
        const bars = market.history(command.venue, command.symbol, command.tf);
        this.broadcast({ channel: 'history', venue: command.venue, symbol: command.symbol, tf: command.tf, bars });
        return;
      }
      case 'setExitPlan':
        return void this.parts.exits.protect(command.venue, command.symbol, command.owner, command.plan);
      case 'moveExitStop':
        return void this.parts.exits.moveStop(command.venue, command.symbol, command.owner, command.stopPrice);
      case 'clearExitPlan':
        return void this.parts.exits.clear(command.venue, command.symbol, command.owner);
      case 'saveBracket': {
        const problem = this.parts.brackets.save(command.template);
        if (problem !== undefined) this.log('host', 'warn', `bracket not saved: ${problem}`);
        this.stateDirty = true;
        return;
      }
      case 'deleteBracket':
        this.parts.brackets.delete(command.name);
        this.stateDirty = true;
        return;
      case 'saveKey': {
        const { channel: _channel, ...request } = command;
        const result = this.parts.keys.save({ ...request, venue: keyVenueOf(this.parts.config, request.account) });
        if (!result.ok) this.log('host', 'warn', `key not stored: ${result.reason}`);
        else this.restartGateway();
        this.stateDirty = true;
        return;
      }
      case 'deleteKey':
        if (this.parts.keys.remove(command.account, command.network)) this.restartGateway();
        this.stateDirty = true;
        return;
    }
  }

  /** A venue gateway reads its keys when it starts: restart those running so a new or removed key takes effect. */
  private restartGateway(): void {
    const { supervisor } = this.parts;
    for (const gateway of ['binance', 'ccxt']) {
      if (!supervisor.has(gateway)) continue;
      this.log('host', 'info', `restarting the ${gateway} gateway to use the changed key`);
      void supervisor
        .stop(gateway)
        .then(() => supervisor.start(gateway))
        .catch(() => undefined);
    }
  }

  /**
   * Sends the user's order; with a bracket, its exits are armed first on the order's fill, so even a fill that comes
   * at once finds them. An unknown bracket sends nothing: the user asked for a protected order.
   */
  private submit(request: OrderRequest, bracket: string | undefined): void {
    const { orders, brackets, exits } = this.parts;
    // An account the configuration does not name would only be refused by the gateway: said here, nothing sent.
    const accounts = liveAccountsOf(this.parts.config);
    if (request.account !== undefined && !accounts.some((a) => a.account === request.account)) {
      return this.log('host', 'warn', `order not sent: no venue account named ${request.account} is configured`);
    }
    if (bracket === undefined) return void orders.submit(request);
    const template = brackets.find(bracket);
    if (template === undefined) return this.log('host', 'warn', `order not sent: no bracket template named ${bracket}`);
    const clientOrderId = orders.nextId();
    if (!exits.armOnFill(request.venue, request.symbol, MANUAL, clientOrderId, templateFields(template))) return;
    orders.submit(request, clientOrderId);
  }

  /** Positions with money as decimal strings (for the summary). */
  positionRows(): PositionRow[] {
    return positionRows(this.parts.monitor.positions, this.parts.registry);
  }

  /**
   * The trading state that applies: halted while execution is down; otherwise what risk says applies (its
   * `TradingStatus`: the user's, the supervisor's or the circuit breaker's), or what the host asked for while risk has
   * not said it yet — the more restrictive of the two.
   */
  trading(): TradingStatus {
    const execution = this.parts.supervisor.statuses().find((s) => s.name === 'execution');
    if (execution !== undefined && execution.state !== 'running') return { state: 'halted', cause: 'execution is down' };
    const risk = this.parts.monitor.riskStatus;
    if (risk === undefined || RESTRICTIVENESS[this.userState.state] > RESTRICTIVENESS[risk.state]) return this.userState;
    const status: TradingStatus = { state: risk.state, cause: risk.cause };
    if (risk.breaker !== undefined) status.breaker = { ...risk.breaker };
    return status;
  }

  private state(): StateMessage {
    return {
      channel: 'state',
      workers: [...this.parts.supervisor.statuses().map((status) => this.workerRow(status)), ...this.parts.externals.rows(Date.now(), (name, msgsIn, msgsOut) => this.rateOf(name, Date.now(), msgsIn, msgsOut))],
      positions: positionRows(this.parts.monitor.positions, this.parts.registry),
      totals: { ...this.parts.monitor.totals },
      trading: this.trading(),
      risk: riskRows(this.parts.config, this.parts.registry, this.parts.monitor.positions, this.board.working().length),
      strategies: this.strategyRows(),
      exits: this.parts.exits.rows(),
      brackets: [...this.parts.brackets.all()],
      ...(this.parts.monitor.account === undefined ? {} : { account: accountRow(this.parts.monitor.account) }),
      equity: this.equity.all(),
      owners: ownerRows(this.parts.monitor.owners, this.parts.registry),
      keys: this.parts.keys.list(),
      venueAccounts: venueAccountRows(this.parts.monitor.venueAccounts, this.parts.monitor.reconciliations, (venue, symbol, lots) => {
        const instrument = this.parts.registry.find(venue, symbol);
        return instrument === undefined ? `${lots} lots` : `${lots < 0 ? '-' : ''}${formatQty(instrument, Math.abs(lots))}`;
      }),
      keyStoreProblem: this.parts.keys.problem() ?? '',
      dataAgeMs: this.parts.market.dataAge(Date.now()),
      time: Date.now() * 1000,
    };
  }

  private onStateTick(): void {
    for (const name of this.parts.externals.sweep(Date.now())) {
      const silent = (this.parts.config.heartbeatMs * SILENT_PERIODS) / 1000;
      this.log(name, 'warn', `external worker ${name} is gone: no heartbeat for ${silent} s`);
    }
    this.resendToRestartedRisk();
    if (this.killEngaged) for (const position of this.parts.monitor.positions.values()) this.flatten(position.venue, position.symbol);
    this.equity.sample(this.parts.monitor.account, Date.now());
    this.broadcast(this.state());
  }

  private publishFrame(): void {
    if (this.listeners.size === 0) {
      this.parts.market.drain();
      this.board.drain();
      return;
    }
    if (this.stateDirty) {
      this.stateDirty = false;
      this.broadcast(this.state());
    }
    const now = performance.now();
    // Half a frame early: the 16 ms timer's ticks then give a market frame every third tick, not every fourth.
    if (now - this.marketSentAt >= MARKET_MS - FRAME_MS / 2) {
      const market = this.parts.market.drain();
      if (market !== undefined) {
        this.marketSentAt = now;
        this.broadcast({ channel: 'market', ...market });
      }
    }
    const { orders, fills } = this.board.drain();
    if (orders.length > 0) this.broadcast({ channel: 'orders', orders });
    if (fills.length > 0) this.broadcast({ channel: 'fills', fills });
  }

  private broadcast(message: HostToRenderer): void {
    for (const listener of this.listeners) listener(message);
  }

  /** Sends the user's change of a working order, or logs why it cannot be (the venue checks the rest). */
  private amendOrder(request: AmendRequest): void {
    const row = this.board.get(request.clientOrderId);
    const problem = row === undefined || !this.board.isWorking(row.clientOrderId) ? 'not a working order' : amendProblem(row, request);
    if (problem !== undefined || row === undefined) {
      this.log('host', 'warn', `amend of ${request.clientOrderId} not sent: ${problem}`);
      return;
    }
    const { clientOrderId: _id, ...change } = request;
    this.parts.orders.amend(row, change);
  }

  private flatten(venue: string, symbol: string): void {
    const key = instrumentKey(venue, symbol);
    const position = this.parts.monitor.positions.get(key);
    if (position === undefined || position.qty === 0) return;
    const previous = this.flattening.get(key);
    const row = previous === undefined ? undefined : this.board.get(previous);
    if (previous !== undefined && (row === undefined || this.board.working().includes(row))) return; // one at a time
    const side = position.qty > 0 ? 'sell' : 'buy';
    this.flattening.set(key, this.parts.orders.submit({ venue, symbol, side, orderType: 'market', price: 0, qty: Math.abs(position.qty), tif: 'IOC' }));
  }

  /** Cancel everything, flatten everything, pause the strategies; only orders that reduce a position pass after. */
  private killSwitch(): Pick<KillSwitchOutcome, 'canceled' | 'flattened' | 'strategiesPaused'> {
    const strategiesPaused = this.strategyRows().filter((row) => row.state === 'running').length;
    this.killEngaged = true;
    this.setUserState({ state: 'reducing', cause: 'kill switch' });
    this.sendToStrategy<SetPaused>({ type: 'SetPaused', paused: true });
    const working = this.board.working();
    for (const row of working) this.parts.orders.cancel(row);
    const flattened: FlattenedPosition[] = [];
    for (const position of this.parts.monitor.positions.values()) {
      if (position.qty !== 0) flattened.push({ venue: position.venue, symbol: position.symbol, qty: position.qty });
      this.flatten(position.venue, position.symbol);
    }
    this.log('host', 'warn', 'kill switch: orders canceled, positions flattened, strategies paused, trading reduce-only');
    return { canceled: working.length, flattened, strategiesPaused };
  }

  /** Risk's trading state changed: shown at once; a breaker trip is logged with its cause. */
  private onTradingStatus(status: Extract<Message, { type: 'TradingStatus' }>): void {
    const trip = status.breaker;
    if (trip !== undefined && trip.at !== this.loggedTrip) {
      this.loggedTrip = trip.at;
      this.log('risk', 'error', `circuit breaker tripped, trading ${status.state}: ${trip.rule}: ${trip.reason}`);
    }
    this.stateDirty = true;
  }

  /**
   * The user's state goes to risk with the user's orders, not on the control channel: two sockets keep no order
   * between them, and an order sent right after the kill switch overtook it and passed risk.
   */
  private setUserState(status: TradingStatus): void {
    this.userState = status;
    this.parts.orders.setTradingState(status.state, status.cause);
    this.broadcast(this.state());
  }

  /**
   * Risk running in a new process is told the user's state again: it recovers it from its input journal, but one that
   * arrived just before a crash may not have been written yet.
   */
  private resendToRestartedRisk(): void {
    const risk = this.parts.supervisor.statuses().find((status) => status.name === 'risk');
    if (risk === undefined || risk.state !== 'running' || risk.pid === this.riskPid) return;
    const restarted = this.riskPid !== undefined;
    this.riskPid = risk.pid;
    if (restarted) this.parts.orders.setTradingState(this.userState.state, this.userState.cause);
  }

  /** Sends `body` to every strategy worker: those that run configured instances, and external ones still there. */
  private sendToStrategy<M extends SetPaused>(body: Omit<M, 'ts' | 'rts' | 'v' | 'seq'>): void {
    const { strategies, externals, supervisor } = this.parts;
    const names = new Set([...strategies.workers().filter((name) => supervisor.has(name) || externals.isUp(name)), ...externals.live()]);
    for (const name of names) this.parts.control.send(name, ControlRouter.command<M>(body));
  }

  /** A spawned worker reporting from a new process (restarted, or stopped and started): its instances report afresh. */
  private notePid(worker: string): void {
    const pid = this.parts.supervisor.statuses().find((status) => status.name === worker)?.pid ?? 0;
    const known = this.strategyPids.get(worker);
    if (known !== undefined && known !== pid) this.parts.strategies.workerRestarted(worker);
    this.strategyPids.set(worker, pid);
  }

  private onExternalArrival(worker: string, arrival: 'new' | 'back' | 'restarted' | 'same'): void {
    if (arrival === 'same') return;
    if (arrival !== 'new') this.parts.strategies.workerRestarted(worker);
    this.log(worker, 'info', `external worker ${worker} ${arrival === 'new' ? 'connected' : arrival === 'back' ? 'is back' : 'restarted'}`);
    this.stateDirty = true;
  }

  /** Strategy rows, each showing its worker's trouble when the worker is down. */
  private strategyRows(): StrategyRow[] {
    const statuses = new Map(this.parts.supervisor.statuses().map((status) => [status.name, status]));
    const condition = (worker: string, external: boolean): WorkerCondition => {
      if (external) return this.parts.externals.isUp(worker) ? { up: true } : { up: false, starting: false, reason: `external worker ${worker} is gone` };
      const status = statuses.get(worker);
      if (status === undefined) return { up: false, starting: false, reason: `no worker ${worker}` };
      if (status.state === 'running' || status.state === 'paused') return { up: true };
      return { up: false, starting: status.wanted && status.state !== 'gave_up', reason: `worker ${worker} is ${status.state.replace('_', ' ')}` };
    };
    return this.parts.strategies.rows(condition);
  }

  private workerRow(status: WorkerStatus): WorkerRow {
    const stats = status.heartbeat?.stats;
    const msgsIn = stats?.msgsIn ?? 0;
    const msgsOut = stats?.msgsOut ?? 0;
    const now = Date.now();
    const rate = this.rateOf(status.name, now, msgsIn, msgsOut);
    return {
      name: status.name,
      state: status.state,
      pid: status.pid,
      restarts: status.restarts,
      uptimeMs: status.pid === 0 ? 0 : now - status.startedAt,
      heartbeatAgeMs: status.lastHeartbeatAt === 0 ? 0 : now - status.lastHeartbeatAt,
      msgsIn,
      msgsOut,
      refused: stats?.refused ?? 0,
      rateIn: rate.rateIn,
      rateOut: rate.rateOut,
      reason: status.reason,
      counters: stats?.counters ?? {},
      wanted: status.wanted,
      external: false,
    };
  }

  /** Message rates over the last second or more, from the heartbeat counters. */
  private rateOf(name: string, now: number, msgsIn: number, msgsOut: number) {
    const last = this.rates.get(name);
    if (last === undefined || msgsIn < last.msgsIn) {
      const fresh = { at: now, msgsIn, msgsOut, rateIn: 0, rateOut: 0 };
      this.rates.set(name, fresh);
      return fresh;
    }
    const elapsed = (now - last.at) / 1000;
    if (elapsed < 1) return last;
    const next = { at: now, msgsIn, msgsOut, rateIn: Math.round((msgsIn - last.msgsIn) / elapsed), rateOut: Math.round((msgsOut - last.msgsOut) / elapsed) };
    this.rates.set(name, next);
    return next;
  }
}

/** Why `request` cannot apply to `row` whatever the market does, or undefined. */
export function amendProblem(row: OrderRow, request: AmendRequest): string | undefined {
  const limitPriced = row.orderType === 'limit' || row.orderType === 'stop_limit';
  const isStop = row.orderType === 'stop' || row.orderType === 'stop_limit' || row.orderType === 'trailing_stop';
  if (request.price !== undefined && !limitPriced) return `a ${row.orderType || 'pending'} order has no limit price`;
  if (request.stopPrice !== undefined && (!isStop || row.triggered)) return 'the order has no trigger price to change';
  if (request.qty !== undefined && request.qty <= row.filledQty) return `the quantity must stay above the ${row.filledQty} lots filled`;
  const same = (request.price ?? row.price) === row.price && (request.qty ?? row.qty) === row.qty && (request.stopPrice ?? row.stopPrice) === row.stopPrice;
  return same ? 'nothing to change' : undefined;
}

/** Keys (`venue:symbol`) of the Binance instruments in `live` mode. */
function liveKeysOf(binance: BinanceConfig | undefined): string[] {
  return (binance?.symbols ?? []).filter((s) => s.mode === 'live').map((s) => `${BINANCE_VENUES[s.market]}:${s.symbol}`);
}
