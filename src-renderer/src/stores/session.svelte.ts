/**
 * What the host says about the session: the instruments and settings from `hello`, and the periodic `state` (workers,
 * positions, risk, strategies, data freshness). Fields are `$state.raw`: each message replaces them whole.
 */
import { makeInstrument, type Instrument } from '../../../workers/core/instrument.js';
import type { BracketTemplate } from '../../../workers/core/exits/templates.js';
import type {
  AccountRow,
  ExitRow,
  HostToRenderer,
  KeyRow,
  VenueAccountRow,
  OrderTotals,
  OwnerRow,
  ParamSchemaView,
  PositionRow,
  RiskRow,
  StrategyRow,
  TradingStatus,
  WorkerRow,
} from '../../../workers/protocol/channels.js';
import type { Timeframe } from '../../../workers/protocol/messages.js';
import type { ConnectionStatus } from '../bridge.ts';

type Hello = Extract<HostToRenderer, { channel: 'hello' }>;
type State = Extract<HostToRenderer, { channel: 'state' }>;

const NO_TOTALS: OrderTotals = { submitted: 0, accepted: 0, rejected: 0, denied: 0, canceled: 0, expired: 0, amended: 0, filled: 0, fills: 0 };
const DEFAULT_TIMEFRAMES: Timeframe[] = ['1s', '1m', '5m', '1h'];

/** The session as the panels see it. */
export class SessionStore {
  connection = $state<ConnectionStatus>('connecting');
  /** True once a hello arrived on this connection. */
  greeted = $state(false);
  sessionName = $state('');
  instruments = $state.raw<Instrument[]>([]);
  timeframes = $state.raw<Timeframe[]>(DEFAULT_TIMEFRAMES);
  confirmQty = $state.raw<Record<string, number>>({});
  /** Instruments traded on paper against a live book. */
  paper = $state.raw<ReadonlySet<string>>(new Set());
  /** Instruments routed to a live venue account, and the accounts configured side by side (the default first). */
  live = $state.raw<ReadonlySet<string>>(new Set());
  liveAccounts = $state.raw<Array<{ account: string; network: 'testnet' | 'live'; venues?: string[] }>>([]);
  /** Built-in strategy kinds and their parameter schemas (the Backtest panel's choices). */
  strategyKinds = $state.raw<Array<{ kind: string; schema: ParamSchemaView }>>([]);

  workers = $state.raw<WorkerRow[]>([]);
  positions = $state.raw<PositionRow[]>([]);
  totals = $state.raw<OrderTotals>(NO_TOTALS);
  trading = $state.raw<TradingStatus | undefined>(undefined);
  risk = $state.raw<RiskRow[]>([]);
  strategies = $state.raw<StrategyRow[]>([]);
  exits = $state.raw<ExitRow[]>([]);
  brackets = $state.raw<BracketTemplate[]>([]);
  account = $state.raw<AccountRow | undefined>(undefined);
  equity = $state.raw<Array<[number, number]>>([]);
  owners = $state.raw<OwnerRow[]>([]);
  keys = $state.raw<KeyRow[]>([]);
  venueAccounts = $state.raw<VenueAccountRow[]>([]);
  keyStoreProblem = $state('');
  dataAgeMs = $state.raw<Record<string, number>>({});
  /** Host time of the last state (as sent), and the local time (ms) it arrived: ages grow between messages. */
  hostTime = $state(0);
  stateAt = $state(0);

  /** Instruments by `venue:symbol`. */
  readonly byKey = $derived(new Map(this.instruments.map((instrument) => [instrument.key, instrument])));

  applyHello(message: Hello): void {
    const instruments: Instrument[] = [];
    for (const spec of message.instruments) {
      try {
        instruments.push(makeInstrument(spec));
      } catch (error) {
        console.warn('[session] unusable instrument from host:', spec, error);
      }
    }
    this.instruments = instruments;
    this.timeframes = message.timeframes.length > 0 ? message.timeframes : DEFAULT_TIMEFRAMES;
    this.confirmQty = message.confirmQty;
    this.paper = new Set(message.paper);
    this.live = new Set(message.live);
    this.liveAccounts = message.liveAccounts;
    this.strategyKinds = message.strategyKinds;
    this.sessionName = message.session;
    this.greeted = true;
  }

  applyState(message: State, now = Date.now()): void {
    this.workers = message.workers;
    this.positions = message.positions;
    this.totals = message.totals;
    this.trading = message.trading;
    this.risk = message.risk;
    this.strategies = message.strategies;
    this.exits = message.exits;
    this.brackets = message.brackets;
    this.account = message.account;
    this.owners = message.owners;
    this.keys = message.keys;
    this.venueAccounts = message.venueAccounts;
    this.keyStoreProblem = message.keyStoreProblem;
    // The series changes every few seconds: keep the same array in between so nothing redraws for nothing.
    if (message.equity.length !== this.equity.length || message.equity.at(-1)?.[0] !== this.equity.at(-1)?.[0]) this.equity = message.equity;
    this.dataAgeMs = message.dataAgeMs;
    this.hostTime = message.time;
    this.stateAt = now;
  }

  setConnection(status: ConnectionStatus): void {
    this.connection = status;
    if (status !== 'open') this.greeted = false;
  }

  /** Exit plans of an instrument (`venue:symbol`), waiting ones included. */
  exitsOf(key: string): ExitRow[] {
    return this.exits.filter((row) => `${row.venue}:${row.symbol}` === key);
  }

  /** The position of an instrument, if the host reported one. */
  position(key: string): PositionRow | undefined {
    return this.positions.find((row) => `${row.venue}:${row.symbol}` === key);
  }
}
