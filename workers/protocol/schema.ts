/**
 * The schema of every message type as data: each field and the kind of value it must hold. The validator walks these
 * tables; docs/protocol.md describes the same fields for people.
 */
import { exitPlanFieldsProblem } from '../core/exits/plan.js';
import type { ExitPlanFields, MessageType } from './messages.js';

/** Kinds of field value. */
export type FieldKind =
  | 'int' // safe integer
  | 'uint' // safe integer ≥ 0
  | 'pos' // safe integer > 0
  | 'str' // non-empty string
  | 'text' // any string
  | 'bool'
  | 'id' // non-empty string or safe integer ≥ 0 (venue trade ids)
  | 'side'
  | 'orderType'
  | 'tif'
  | 'stp'
  | 'request'
  | 'orderState'
  | 'liquidity'
  | 'tf'
  | 'tradingState'
  | 'stateSource'
  | 'workerState'
  | 'logLevel'
  | 'levels' // array of [uint price, uint qty]
  | 'stats' // WorkerStats
  | 'seqMap' // Record<string, uint>
  | 'params' // Record<string, ParamValue>
  | 'strategyState'
  | 'strategyCommand'
  | 'num' // finite number > 0 (a factor, e.g. an ATR multiple)
  | 'exitAttach'
  | 'exitState'
  | 'exitTargets' // array of [distance ticks > 0, share percent 1..100]
  | 'exitPlan' // ExitPlanFields as a map
  | 'breakerTrip' // { rule: str, reason: text, at: uint }
  | 'flattened' // array of { venue: str, symbol: str, qty: int }
  | 'stateSourceOrNone' // a TradingStateSource or ''
  | 'unknownRequest' // submit | cancel | amend
  | 'reconcileState'
  | 'accountSource'
  | 'differences' // array of ReconcileDifference
  | 'balances' // array of { asset: str, free: decimal text, locked: decimal text }
  | 'positions' // array of VenuePosition
  | 'margins' // array of VenueMargin
  | 'trigger'
  | 'dataQuality';

export type FieldTable = Readonly<Record<string, FieldKind>>;

const ENVELOPE: FieldTable = { v: 'uint', seq: 'pos', ts: 'uint', rts: 'uint' };
const INSTRUMENT: FieldTable = { venue: 'str', symbol: 'str' };
const ORDER_EVENT: FieldTable = {
  ...ENVELOPE,
  ...INSTRUMENT,
  clientOrderId: 'str',
  strategyId: 'str',
  side: 'side',
  state: 'orderState',
};

/** Field tables by message type. */
export const SCHEMA: Readonly<Record<MessageType, FieldTable>> = {
  BookSnapshot: { ...ENVELOPE, ...INSTRUMENT, bids: 'levels', asks: 'levels' },
  BookUpdate: { ...ENVELOPE, ...INSTRUMENT, bids: 'levels', asks: 'levels' },
  Trade: { ...ENVELOPE, ...INSTRUMENT, price: 'pos', qty: 'pos', aggressor: 'side', tradeId: 'id' },
  MarketDataStatus: { ...ENVELOPE, ...INSTRUMENT, state: 'dataQuality', reason: 'text' },
  Bar: {
    ...ENVELOPE,
    ...INSTRUMENT,
    tf: 'tf',
    start: 'uint',
    open: 'pos',
    high: 'pos',
    low: 'pos',
    close: 'pos',
    volume: 'uint',
    trades: 'uint',
    closed: 'bool',
  },
  SubmitOrder: {
    ...ENVELOPE,
    ...INSTRUMENT,
    src: 'str',
    clientOrderId: 'str',
    strategyId: 'str',
    side: 'side',
    orderType: 'orderType',
    price: 'uint',
    qty: 'pos',
    tif: 'tif',
    causeTs: 'uint',
  },
  CancelOrder: { ...ENVELOPE, ...INSTRUMENT, src: 'str', clientOrderId: 'str', strategyId: 'str' },
  AmendOrder: { ...ENVELOPE, ...INSTRUMENT, src: 'str', clientOrderId: 'str', strategyId: 'str', price: 'uint', qty: 'uint', stopPrice: 'uint' },
  OrderDenied: { ...ORDER_EVENT, rule: 'str', reason: 'text', limit: 'int', value: 'int' },
  OrderSubmitted: { ...ORDER_EVENT, orderType: 'orderType', price: 'uint', qty: 'pos', tif: 'tif' },
  OrderAccepted: { ...ORDER_EVENT, venueOrderId: 'str' },
  OrderRejected: { ...ORDER_EVENT, reason: 'text' },
  OrderCanceled: { ...ORDER_EVENT, canceledQty: 'uint', reason: 'text' },
  OrderExpired: { ...ORDER_EVENT, expiredQty: 'uint', reason: 'text' },
  OrderAmended: { ...ORDER_EVENT, price: 'uint', qty: 'pos', stopPrice: 'uint', leavesQty: 'uint', reason: 'text' },
  OrderTriggered: { ...ORDER_EVENT, stopPrice: 'pos', triggerPrice: 'pos' },
  RequestRejected: { ...ENVELOPE, ...INSTRUMENT, clientOrderId: 'str', strategyId: 'str', request: 'request', reason: 'text' },
  OrderFilled: {
    ...ORDER_EVENT,
    venueOrderId: 'str',
    fillId: 'str',
    price: 'pos',
    qty: 'pos',
    filledQty: 'pos',
    leavesQty: 'uint',
    liquidity: 'liquidity',
  },
  PositionChanged: {
    ...ENVELOPE,
    ...INSTRUMENT,
    qty: 'int',
    cost: 'uint',
    realized: 'int',
    unrealized: 'int',
    mark: 'uint',
  },
  OwnerPosition: { ...ENVELOPE, ...INSTRUMENT, owner: 'str', qty: 'int', cost: 'uint', realized: 'int', unrealized: 'int', mark: 'uint', fees: 'int' },
  Heartbeat: { ...ENVELOPE, worker: 'str', pid: 'uint', state: 'workerState', reason: 'text', stats: 'stats' },
  WorkerLog: { ...ENVELOPE, worker: 'str', level: 'logLevel', text: 'text' },
  Shutdown: { ...ENVELOPE },
  SetPaused: { ...ENVELOPE, paused: 'bool' },
  SetStrategyEnabled: { ...ENVELOPE, strategyId: 'str', enabled: 'bool' },
  SetStrategyState: { ...ENVELOPE, strategyId: 'str', state: 'strategyCommand' },
  SetStrategyParams: { ...ENVELOPE, strategyId: 'str', params: 'params' },
  StrategyStatus: {
    ...ENVELOPE,
    worker: 'str',
    strategyId: 'str',
    kind: 'str',
    venue: 'str',
    symbol: 'str',
    state: 'strategyState',
    reason: 'text',
    params: 'params',
    schema: 'text',
    position: 'int',
  },
  SetTradingState: { ...ENVELOPE, source: 'stateSource', state: 'tradingState', cause: 'text' },
  SetExitPlan: { ...ENVELOPE, ...INSTRUMENT, owner: 'str', attach: 'exitAttach' },
  ClearExitPlan: { ...ENVELOPE, ...INSTRUMENT, owner: 'str' },
  ExitStatus: {
    ...ENVELOPE,
    ...INSTRUMENT,
    worker: 'str',
    owner: 'str',
    phase: 'exitState',
    attach: 'exitAttach',
    stopPrice: 'uint',
    stopQty: 'uint',
    targets: 'levels',
    trailingActive: 'bool',
    breakEvenDone: 'bool',
    timeStopAt: 'uint',
    position: 'int',
    entryPrice: 'uint',
    reason: 'text',
  },
  RequestSnapshot: { ...ENVELOPE, src: 'str', prefix: 'text', afterSeq: 'seqMap' },
  SnapshotEnd: { ...ENVELOPE, count: 'uint' },
  RearmBreaker: { ...ENVELOPE },
  TradingStatus: { ...ENVELOPE, state: 'tradingState', source: 'stateSourceOrNone', cause: 'text' },
  AccountStatus: { ...ENVELOPE, account: 'str', currency: 'str', leverage: 'pos', balance: 'int', equity: 'int', margin: 'uint', available: 'uint', buyingPower: 'uint' },
  KillSwitch: { ...ENVELOPE, src: 'str', reason: 'text' },
  OrderStatusUnknown: { ...ORDER_EVENT, request: 'unknownRequest', reason: 'text' },
  ReconcileReport: { ...ENVELOPE, venue: 'str', account: 'str', state: 'reconcileState', reason: 'text', differences: 'differences' },
  VenueAccount: { ...ENVELOPE, venue: 'str', account: 'str', source: 'accountSource', balances: 'balances', updateTime: 'uint' },
  KillSwitchReport: {
    ...ENVELOPE,
    canceled: 'uint',
    flattened: 'flattened',
    strategiesPaused: 'uint',
    state: 'tradingState',
    elapsedMs: 'uint',
    workingLeft: 'uint',
    openLeft: 'uint',
  },
};

const ORDER_SHAPE: FieldTable = {
  stopPrice: 'uint',
  trailAmount: 'uint',
  trailBps: 'uint',
  postOnly: 'bool',
  reduceOnly: 'bool',
  takeProfit: 'uint',
  stopLoss: 'uint',
};

/** The exit rules of `SetExitPlan` (all optional) and of `ExitStatus.plan`. */
export const EXIT_PLAN: Readonly<Record<keyof ExitPlanFields, FieldKind>> = {
  stopDistance: 'pos',
  stopPrice: 'pos',
  targets: 'exitTargets',
  trailAmount: 'pos',
  trailBps: 'pos',
  trailAtr: 'num',
  trailAtrPeriod: 'pos',
  trailTf: 'tf',
  trailStartAfter: 'uint',
  breakEvenAfter: 'pos',
  breakEvenOffset: 'int',
  timeStopUs: 'pos',
};

/** Fields a message may leave out (the reader then uses the default the type documents); checked when present. */
export const OPTIONAL: Readonly<Partial<Record<MessageType, FieldTable>>> = {
  SubmitOrder: { ...ORDER_SHAPE, ocoWith: 'text', stp: 'stp', trigger: 'trigger', account: 'str' },
  VenueAccount: { positions: 'positions', margin: 'margins' },
  OrderSubmitted: { ...ORDER_SHAPE, account: 'str' },
  OrderDenied: { orderType: 'orderType', price: 'uint', qty: 'pos', tif: 'tif', stopPrice: 'uint' },
  OrderAccepted: { parentId: 'str', orderType: 'orderType', price: 'uint', qty: 'pos', tif: 'tif', stopPrice: 'uint' },
  OrderFilled: { fee: 'int' },
  PositionChanged: { fees: 'int' },
  SetExitPlan: { ...EXIT_PLAN, entryOrderId: 'str' },
  ClearExitPlan: { entryOrderId: 'str' },
  ExitStatus: { entryOrderId: 'str', plan: 'exitPlan' },
  TradingStatus: { breaker: 'breakerTrip' },
};

/** Message types that name an instrument, which must be one the process knows. */
export const INSTRUMENT_TYPES: ReadonlySet<string> = new Set(
  Object.entries(SCHEMA)
    .filter(([, table]) => 'symbol' in table)
    .map(([type]) => type),
);

const ENUMS: Partial<Record<FieldKind, ReadonlySet<unknown>>> = {
  side: new Set(['buy', 'sell']),
  orderType: new Set(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']),
  tif: new Set(['GTC', 'IOC', 'FOK']),
  stp: new Set(['expire_taker', 'expire_maker', 'expire_both']),
  trigger: new Set(['stop', 'take_profit']),
  request: new Set(['cancel', 'amend']),
  orderState: new Set(['pending_new', 'accepted', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired']),
  liquidity: new Set(['maker', 'taker']),
  tf: new Set(['1s', '1m', '5m', '1h']),
  tradingState: new Set(['active', 'reducing', 'halted']),
  stateSource: new Set(['user', 'supervisor', 'breaker']),
  stateSourceOrNone: new Set(['user', 'supervisor', 'breaker', '']),
  workerState: new Set(['starting', 'ready', 'running', 'paused', 'stopping', 'stopped', 'failed']),
  logLevel: new Set(['info', 'warn', 'error']),
  strategyState: new Set(['running', 'paused', 'stopped', 'failed']),
  strategyCommand: new Set(['running', 'paused', 'stopped']),
  exitAttach: new Set(['position', 'fill']),
  exitState: new Set(['armed', 'active', 'closing', 'done']),
  unknownRequest: new Set(['submit', 'cancel', 'amend']),
  reconcileState: new Set(['checking', 'differences', 'passed', 'failed']),
  accountSource: new Set(['stream', 'rest']),
  dataQuality: new Set(['ok', 'stale', 'gap', 'crossed']),
};

/** Why `value` is not of `kind`, or undefined if it is. */
export function checkField(kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'int':
      return Number.isSafeInteger(value) ? undefined : 'must be an integer';
    case 'uint':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : 'must be an integer ≥ 0';
    case 'pos':
      return Number.isSafeInteger(value) && (value as number) > 0 ? undefined : 'must be an integer > 0';
    case 'str':
      return typeof value === 'string' && value.length > 0 ? undefined : 'must be a non-empty string';
    case 'text':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'id':
      return (typeof value === 'string' && value.length > 0) || (Number.isSafeInteger(value) && (value as number) >= 0)
        ? undefined
        : 'must be a non-empty string or an integer ≥ 0';
    case 'levels':
      return checkLevels(value);
    case 'stats':
      return checkStats(value);
    case 'seqMap':
      return checkSeqMap(value);
    case 'params':
      return checkParams(value);
    case 'num':
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : 'must be a number > 0';
    case 'exitTargets':
      return checkExitTargets(value);
    case 'exitPlan':
      return checkExitPlan(value);
    case 'breakerTrip':
      if (!isPlainObject(value)) return 'must be a map';
      return checkField('str', value.rule) ?? checkField('text', value.reason) ?? checkField('uint', value.at);
    case 'flattened':
      if (!Array.isArray(value)) return 'must be an array of positions';
      for (const item of value) {
        if (!isPlainObject(item)) return 'must hold maps';
        const problem = checkField('str', item.venue) ?? checkField('str', item.symbol) ?? checkField('int', item.qty);
        if (problem !== undefined) return `has a position that ${problem}`;
      }
      return undefined;
    case 'differences':
      return checkDifferences(value);
    case 'balances':
      return checkBalances(value);
    case 'positions':
      return checkPositions(value);
    case 'margins':
      return checkMargins(value);
    default: {
      const allowed = ENUMS[kind];
      return allowed !== undefined && allowed.has(value) ? undefined : `must be one of ${[...(allowed ?? [])].join(', ')}`;
    }
  }
}

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;
const SIGNED_DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

function checkPositions(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of positions';
  for (const item of value) {
    if (!isPlainObject(item) || checkField('str', item.symbol) !== undefined) return 'must hold maps with a symbol';
    const name = String(item.symbol);
    if (!Number.isSafeInteger(item.qty)) return `has ${name}.qty that is not an integer`;
    if (!Number.isSafeInteger(item.leverage) || (item.leverage as number) < 0) return `has ${name}.leverage that is not an integer ≥ 0`;
    if (typeof item.marginType !== 'string') return `has ${name}.marginType that is not text`;
    for (const field of ['entryPrice', 'markPrice', 'liquidationPrice']) {
      const text = item[field];
      if (typeof text !== 'string' || (text !== '' && !DECIMAL_TEXT.test(text))) return `has ${name}.${field} that is not a decimal ≥ 0 or ''`;
    }
    if (typeof item.unrealizedPnl !== 'string' || !SIGNED_DECIMAL_TEXT.test(item.unrealizedPnl)) return `has ${name}.unrealizedPnl that is not a decimal`;
  }
  return undefined;
}

function checkMargins(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of margin assets';
  for (const item of value) {
    if (!isPlainObject(item) || checkField('str', item.asset) !== undefined) return 'must hold maps with an asset';
    for (const field of ['walletBalance', 'unrealizedPnl', 'marginBalance', 'initialMargin', 'maintMargin', 'availableBalance']) {
      const text = item[field];
      if (typeof text !== 'string' || !SIGNED_DECIMAL_TEXT.test(text)) return `has ${String(item.asset)}.${field} that is not a decimal`;
    }
  }
  return undefined;
}

function checkBalances(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of balances';
  for (const item of value) {
    if (!isPlainObject(item) || checkField('str', item.asset) !== undefined) return 'must hold maps with an asset';
    if (typeof item.free !== 'string' || !DECIMAL_TEXT.test(item.free)) return `has ${String(item.asset)}.free that is not a decimal ≥ 0`;
    if (typeof item.locked !== 'string' || !DECIMAL_TEXT.test(item.locked)) return `has ${String(item.asset)}.locked that is not a decimal ≥ 0`;
  }
  return undefined;
}

function checkDifferences(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of differences';
  for (const item of value) {
    if (!isPlainObject(item)) return 'must hold maps';
    const problem = checkField('str', item.kind) ?? checkField('text', item.symbol) ?? checkField('text', item.id)
      ?? checkField('text', item.terminal) ?? checkField('text', item.venue) ?? checkField('text', item.action) ?? checkField('bool', item.blocking);
    if (problem !== undefined) return `has a difference that ${problem}`;
  }
  return undefined;
}

function checkLevels(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of [price, qty]';
  for (const level of value) {
    if (!Array.isArray(level) || level.length !== 2) return 'must be an array of [price, qty]';
    const [price, qty] = level as unknown[];
    if (!Number.isSafeInteger(price) || (price as number) <= 0) return 'has a price that is not an integer > 0';
    if (!Number.isSafeInteger(qty) || (qty as number) < 0) return 'has a quantity that is not an integer ≥ 0';
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function checkStats(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be a map';
  for (const key of ['msgsIn', 'msgsOut', 'refused']) {
    if (checkField('uint', value[key]) !== undefined) return `.${key} must be an integer ≥ 0`;
  }
  return checkSeqMap(value.counters) === undefined ? undefined : '.counters must map names to integers ≥ 0';
}

function isScalar(value: unknown): boolean {
  return typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function checkParams(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be a map';
  for (const [name, param] of Object.entries(value)) {
    if (isScalar(param)) continue;
    if (!Array.isArray(param)) return `.${name} must be a number, boolean, string or list of records`;
    for (const item of param) {
      if (!isPlainObject(item) || !Object.values(item).every(isScalar)) return `.${name} must hold records of numbers, booleans and strings`;
    }
  }
  return undefined;
}

function checkSeqMap(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be a map';
  for (const n of Object.values(value)) if (!Number.isSafeInteger(n) || (n as number) < 0) return 'must map to integers ≥ 0';
  return undefined;
}

function checkExitTargets(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of [distance, share]';
  for (const target of value) {
    if (!Array.isArray(target) || target.length !== 2) return 'must be an array of [distance, share]';
    const [distance, share] = target as unknown[];
    if (!Number.isSafeInteger(distance) || (distance as number) <= 0) return 'has a distance that is not an integer > 0';
    if (!Number.isSafeInteger(share) || (share as number) <= 0 || (share as number) > 100) return 'has a share that is not an integer from 1 to 100';
  }
  return undefined;
}

/** An exit plan as a map: each known field of its kind, then the rules across fields (workers/core/exits/plan.ts). */
function checkExitPlan(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'must be a map';
  for (const [name, kind] of Object.entries(EXIT_PLAN)) {
    if (value[name] === undefined) continue;
    const problem = checkField(kind, value[name]);
    if (problem !== undefined) return `.${name} ${problem}`;
  }
  return exitPlanFieldsProblem(value as ExitPlanFields);
}
