/**
 * Drives a RiskEngine core the way its shell does, with valid messages, and plays execution: it acknowledges, fills
 * and cancels the orders risk forwarded. Each call says what came out: forwarded, or denied / refused and why.
 */
import { RiskEngine } from '../../../workers/risk/risk-engine.js';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import { SIM_INSTRUMENTS, type RiskConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message, type Side, type SubmitOrder, type TradingState } from '../../../workers/protocol/messages.js';
import { validateMessage } from '../../../workers/protocol/validate.js';

export const T0 = 1_700_000_000_000_000;
export const registry = new InstrumentRegistry(SIM_INSTRUMENTS);

/** What risk did with one command. */
export type Outcome =
  | { kind: 'forwarded' }
  | { kind: 'denied'; rule: string; reason: string; limit: number; value: number }
  | { kind: 'refused'; reason: string };

let seq = 0;
const envelope = (ts: number) => ({ v: SCHEMA_VERSION, seq: ++seq, ts, rts: ts });

/** Checks an input would pass the protocol's validation at the worker's boundary (unless told not to). */
function valid<M extends Message>(message: M, check = true): M {
  if (!check) return message;
  const result = validateMessage(message, registry);
  if (!result.ok) throw new Error(`test input is not a valid message: ${result.reason}`);
  return message;
}

let orderSeq = 0;

/** A market IOC buy or sell on sim BTC-USD as a strategy sends it to risk; `fields` change the rest. */
export function submitOrder(clientOrderId: string, side: Side, qty: number, fields: Partial<SubmitOrder> = {}, ts = T0): SubmitOrder {
  return {
    v: SCHEMA_VERSION,
    seq: ++orderSeq,
    ts,
    rts: ts,
    type: 'SubmitOrder',
    venue: 'sim',
    symbol: 'BTC-USD',
    src: 'strategy',
    clientOrderId,
    strategyId: 'ping',
    side,
    orderType: 'market',
    price: 0,
    qty,
    tif: 'IOC',
    causeTs: 0,
    ...fields,
  };
}

export function riskHarness(config: RiskConfig, start = T0) {
  const sent: Array<{ port: string; message: Outgoing }> = [];
  // Every output must pass the protocol's validation once its stream stamps it, or subscribers would refuse it.
  const engine = new RiskEngine('risk', registry, config, (port, _topic, message) => {
    const result = validateMessage({ ...message, v: SCHEMA_VERSION, seq: 1 }, registry);
    if (!result.ok) throw new Error(`risk emitted an invalid ${message.type}: ${result.reason}`);
    sent.push({ port, message });
  });
  const orders = new Map<string, { command: SubmitOrder; filled: number; fills: number }>();
  let now = start;
  let fillSeq = 0;

  /** Feeds a command and reports the one output it caused. */
  const outcome = (message: Message, at: number): Outcome => {
    now = at;
    const before = sent.length;
    engine.onMessage('in', '', message, at);
    const out = sent.slice(before).map((s) => s.message);
    const denied = out.find((m) => m.type === 'OrderDenied');
    if (denied !== undefined && denied.type === 'OrderDenied') return { kind: 'denied', rule: denied.rule, reason: denied.reason, limit: denied.limit, value: denied.value };
    const refused = out.find((m) => m.type === 'RequestRejected');
    if (refused !== undefined && refused.type === 'RequestRejected') return { kind: 'refused', reason: refused.reason };
    if (out.length === 0) throw new Error('risk said nothing');
    return { kind: 'forwarded' };
  };

  const fromExec = (message: Message) => engine.onMessage('exec', '', message, now);

  return {
    engine,
    sent,
    get now() {
      return now;
    },
    /** Submits an order (market BTC-USD by default) from `strategyId`. */
    submit(clientOrderId: string, side: Side, qty: number, fields: Partial<SubmitOrder> = {}, at = now, check = true): Outcome {
      const command = valid(submitOrder(clientOrderId, side, qty, { strategyId: 'a', ...fields }, at), check);
      const result = outcome(command, at);
      if (result.kind === 'forwarded') orders.set(clientOrderId, { command, filled: 0, fills: 0 });
      return result;
    },
    /** A limit order at `price`. */
    limit(clientOrderId: string, side: Side, qty: number, price: number, fields: Partial<SubmitOrder> = {}, at = now): Outcome {
      return this.submit(clientOrderId, side, qty, { orderType: 'limit', price, tif: 'GTC', ...fields }, at);
    },
    cancel(clientOrderId: string, at = now): Outcome {
      const order = orders.get(clientOrderId);
      const { venue = 'sim', symbol = 'BTC-USD', strategyId = 'a' } = order?.command ?? {};
      return outcome(valid({ ...envelope(at), type: 'CancelOrder', venue, symbol, src: 'user', clientOrderId, strategyId }), at);
    },
    amend(clientOrderId: string, change: { price?: number; qty?: number; stopPrice?: number }, at = now): Outcome {
      const { venue, symbol, strategyId } = (orders.get(clientOrderId) as { command: SubmitOrder }).command;
      return outcome(valid({ ...envelope(at), type: 'AmendOrder', venue, symbol, src: 'user', clientOrderId, strategyId, price: 0, qty: 0, stopPrice: 0, ...change }), at);
    },
    /** Execution reports a fill of `qty` of a forwarded order at `price`. */
    fill(clientOrderId: string, qty: number, price: number): void {
      const order = orders.get(clientOrderId);
      if (order === undefined) throw new Error(`no forwarded order ${clientOrderId}`);
      const { venue, symbol, strategyId, side } = order.command;
      order.filled += qty;
      const leavesQty = order.command.qty - order.filled;
      fromExec(
        valid({
          ...envelope(now),
          type: 'OrderFilled',
          venue,
          symbol,
          clientOrderId,
          strategyId,
          side,
          state: leavesQty === 0 ? 'filled' : 'partially_filled',
          venueOrderId: `v-${clientOrderId}`,
          fillId: `f${++fillSeq}`,
          price,
          qty,
          filledQty: order.filled,
          leavesQty,
          liquidity: 'taker',
        }),
      );
    },
    /** Execution reports the venue canceled what was left of the order. */
    canceled(clientOrderId: string): void {
      const { command, filled } = orders.get(clientOrderId) as { command: SubmitOrder; filled: number };
      const { venue, symbol, strategyId, side } = command;
      fromExec(valid({ ...envelope(now), type: 'OrderCanceled', venue, symbol, clientOrderId, strategyId, side, state: 'canceled', canceledQty: command.qty - filled, reason: 'canceled' }));
    },
    /** Execution reports the venue applied an amend. */
    amended(clientOrderId: string, change: { price: number; qty: number; stopPrice?: number }): void {
      const order = orders.get(clientOrderId) as { command: SubmitOrder; filled: number };
      const { venue, symbol, strategyId, side } = order.command;
      order.command = { ...order.command, price: change.price, qty: change.qty };
      fromExec(
        valid({ ...envelope(now), type: 'OrderAmended', venue, symbol, clientOrderId, strategyId, side, state: 'accepted', price: change.price, qty: change.qty, stopPrice: change.stopPrice ?? 0, leavesQty: change.qty - order.filled, reason: 'amended' }),
      );
    },
    /** Execution passes on the venue's refusal of an amend. */
    amendRefused(clientOrderId: string): void {
      const { venue, symbol, strategyId } = (orders.get(clientOrderId) as { command: SubmitOrder }).command;
      fromExec(valid({ ...envelope(now), type: 'RequestRejected', venue, symbol, clientOrderId, strategyId, request: 'amend', reason: 'venue says no' }));
    },
    /** A bar closing at `close` ticks: the last trade price. */
    bar(close: number, symbol = 'BTC-USD'): void {
      engine.onMessage('md', '', valid({ ...envelope(now), type: 'Bar', venue: 'sim', symbol, tf: '1s', start: now, open: close, high: close, low: close, close, volume: 1, trades: 1, closed: false }), now);
    },
    book(bid: number, ask: number, symbol = 'BTC-USD'): void {
      engine.onMessage('md', '', valid({ ...envelope(now), type: 'BookSnapshot', venue: 'sim', symbol, bids: [[bid, 1]], asks: [[ask, 1]] }), now);
    },
    state(state: TradingState): void {
      engine.onMessage('ctl', '', valid({ ...envelope(now), type: 'SetTradingState', source: 'user', state, cause: 'test' }), now);
    },
  };
}

export type RiskHarness = ReturnType<typeof riskHarness>;
