/**
 * What each recorded message becomes in the history store: an order event a row of `order_events` (with its cause),
 * a fill also a row of `fills`, a trading status a condition. Pure mapping, no state.
 */
import type {
  KillSwitchReport,
  Message,
  OrderEvent,
  PositionChanged,
  RequestRejected,
  StrategyStatus,
  TradingStatus,
} from '../protocol/messages.js';
import type { ConditionRecord, FillRecord, OrderEventRecord, ParamChangeRecord, PositionRecord, StreamKey } from './store/rows.js';

/** The order event a message is, if it is one (or a refused cancel or amend, which names its order too). */
export function orderRecord(key: StreamKey, message: Message): OrderEventRecord | undefined {
  // Rows are filled in place on one literal: spreading 23-field objects per message costs more than the write.
  let row: OrderEventRecord;
  switch (message.type) {
    case 'OrderDenied':
      row = base(key, message);
      row.rule = message.rule;
      row.reason = message.reason;
      row.limitValue = message.limit;
      row.value = message.value;
      return row;
    case 'OrderSubmitted':
      row = base(key, message);
      row.orderType = message.orderType;
      row.tif = message.tif;
      row.price = message.price;
      row.qty = message.qty;
      row.stopPrice = message.stopPrice ?? null;
      return row;
    case 'OrderAccepted':
      row = base(key, message);
      row.orderType = message.orderType ?? null;
      row.tif = message.tif ?? null;
      row.price = message.price ?? null;
      row.qty = message.qty ?? null;
      row.stopPrice = message.stopPrice ?? null;
      if (message.parentId !== undefined) row.reason = `leg of ${message.parentId}`;
      return row;
    case 'OrderRejected':
      row = base(key, message);
      row.reason = message.reason;
      return row;
    case 'OrderCanceled':
      row = base(key, message);
      row.leavesQty = message.canceledQty;
      row.reason = message.reason;
      return row;
    case 'OrderExpired':
      row = base(key, message);
      row.leavesQty = message.expiredQty;
      row.reason = message.reason;
      return row;
    case 'OrderAmended':
      row = base(key, message);
      row.price = message.price;
      row.qty = message.qty;
      row.stopPrice = message.stopPrice;
      row.leavesQty = message.leavesQty;
      row.reason = message.reason;
      return row;
    case 'OrderTriggered':
      // The price column holds the trade price that set the stop off.
      row = base(key, message);
      row.price = message.triggerPrice;
      row.stopPrice = message.stopPrice;
      return row;
    case 'OrderFilled':
      row = base(key, message);
      row.price = message.price;
      row.qty = message.qty;
      row.filledQty = message.filledQty;
      row.leavesQty = message.leavesQty;
      return row;
    case 'RequestRejected':
      return refusedRequest(key, message);
    default:
      return undefined;
  }
}

function base(key: StreamKey, event: OrderEvent): OrderEventRecord {
  return {
    session: key.session,
    stream: key.stream,
    topic: key.topic,
    seq: key.seq,
    ts: event.ts,
    venue: event.venue,
    symbol: event.symbol,
    clientOrderId: event.clientOrderId,
    strategyId: event.strategyId,
    side: event.side,
    event: event.type,
    state: event.state,
    orderType: null,
    tif: null,
    price: null,
    qty: null,
    stopPrice: null,
    filledQty: null,
    leavesQty: null,
    reason: '',
    rule: '',
    limitValue: null,
    value: null,
  };
}

function refusedRequest(key: StreamKey, message: RequestRejected): OrderEventRecord {
  return {
    session: key.session,
    stream: key.stream,
    topic: key.topic,
    seq: key.seq,
    ts: message.ts,
    venue: message.venue,
    symbol: message.symbol,
    clientOrderId: message.clientOrderId,
    strategyId: message.strategyId,
    side: '',
    event: message.type,
    state: message.request,
    orderType: null,
    tif: null,
    price: null,
    qty: null,
    stopPrice: null,
    filledQty: null,
    leavesQty: null,
    reason: message.reason,
    rule: '',
    limitValue: null,
    value: null,
  };
}

/** A fill's row; `scope` tells apart venues whose fill ids start again each session. */
export function fillRecord(session: string, scope: string, message: Extract<Message, { type: 'OrderFilled' }>): FillRecord {
  return {
    session,
    ts: message.ts,
    venue: message.venue,
    symbol: message.symbol,
    clientOrderId: message.clientOrderId,
    strategyId: message.strategyId,
    side: message.side,
    fillId: message.fillId,
    venueOrderId: message.venueOrderId,
    price: message.price,
    qty: message.qty,
    liquidity: message.liquidity,
    fee: message.fee ?? 0,
    scope,
  };
}

/** A position message's row (positions and equity samples share it). */
export function positionRecord(key: StreamKey, message: PositionChanged): PositionRecord {
  return {
    session: key.session,
    stream: key.stream,
    topic: key.topic,
    seq: key.seq,
    ts: message.ts,
    venue: message.venue,
    symbol: message.symbol,
    qty: message.qty,
    cost: message.cost,
    realized: message.realized,
    unrealized: message.unrealized,
    mark: message.mark,
    fees: message.fees ?? 0,
  };
}

/** A trading status as a condition: a `breaker` trip while the breaker is tripped, else a `trading` state change. */
export function tradingCondition(key: StreamKey, message: TradingStatus): ConditionRecord {
  const breaker = message.breaker;
  return {
    ...key,
    ts: message.ts,
    kind: breaker === undefined ? 'trading' : 'breaker',
    state: message.state,
    source: message.source,
    cause: message.cause,
    detail: breaker === undefined ? '' : JSON.stringify({ rule: breaker.rule, reason: breaker.reason, at: breaker.at }),
  };
}

/** A kill switch report as a condition. */
export function killSwitchCondition(key: StreamKey, message: KillSwitchReport): ConditionRecord {
  const left = message.workingLeft + message.openLeft === 0 ? 'all done' : `${message.workingLeft} working, ${message.openLeft} open left`;
  return {
    ...key,
    ts: message.ts,
    kind: 'kill_switch',
    state: message.state,
    source: 'user',
    cause: `${message.canceled} canceled, ${message.flattened.length} flattened, ${message.strategiesPaused} paused, ${left}`,
    detail: JSON.stringify({
      canceled: message.canceled,
      flattened: message.flattened,
      strategiesPaused: message.strategiesPaused,
      elapsedMs: message.elapsedMs,
      workingLeft: message.workingLeft,
      openLeft: message.openLeft,
    }),
  };
}

/** A strategy status as a parameter record (the caller keeps only changes). */
export function paramRecord(session: string, message: StrategyStatus): ParamChangeRecord {
  return {
    session,
    ts: message.ts,
    strategyId: message.strategyId,
    kind: message.kind,
    venue: message.venue,
    symbol: message.symbol,
    state: message.state,
    params: stableJson(message.params),
  };
}

/** JSON with object keys sorted, so equal parameters always give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
