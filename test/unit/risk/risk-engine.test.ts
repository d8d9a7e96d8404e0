import { describe, it, expect } from 'vitest';
import { RiskEngine } from '../../../workers/risk/risk-engine.js';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import { SIM_INSTRUMENTS, type RiskConfig } from '../../../workers/protocol/config.js';
import {
  SCHEMA_VERSION,
  type CancelOrder,
  type Message,
  type OrderCanceled,
  type OrderFilled,
  type OrderSubmitted,
  type SetTradingState,
  type Side,
  type SubmitOrder,
  type TradingState,
  type TradingStateSource,
} from '../../../workers/protocol/messages.js';
import { topics } from '../../../workers/protocol/topics.js';
import { validateMessage } from '../../../workers/protocol/validate.js';
import { submitOrder } from './risk-harness.js';

const T0 = 1_700_000_000_000_000; // µs
const SECOND = 1_000_000;
const WORKER = 'risk';
const registry = new InstrumentRegistry(SIM_INSTRUMENTS);
const LIMITS: RiskConfig = { maxOrderQty: { 'BTC-USD': 20, '*': 100 }, maxPosition: { '*': 10 }, maxOpenOrders: 50 };

interface Sent {
  port: string;
  topic: string;
  message: Outgoing;
}

function setup(limits: RiskConfig = LIMITS) {
  const sent: Sent[] = [];
  const engine = new RiskEngine(WORKER, registry, limits, (port, topic, message) => sent.push({ port, topic, message }));
  const onPort = <T extends Message['type']>(port: string, type: T) =>
    sent.filter((s) => s.port === port && s.message.type === type).map((s) => s.message as Extract<Outgoing, { type: T }>);
  return {
    engine,
    sent,
    /** Orders passed on to execution. */
    forwarded: () => onPort('out', 'SubmitOrder'),
    denied: () => onPort('pub', 'OrderDenied'),
    positions: () => onPort('pub', 'PositionChanged'),
    clear: () => {
      sent.length = 0;
    },
  };
}

// ---------------------------------------------------------------- valid inputs, as the shell hands them over

let seq = 0;
const envelope = (ts: number) => ({ v: SCHEMA_VERSION, seq: ++seq, ts, rts: ts });

function submit(clientOrderId: string, side: Side, qty: number, fields: Partial<SubmitOrder> = {}): SubmitOrder {
  return valid(submitOrder(clientOrderId, side, qty, { causeTs: T0 - 50, ...fields }));
}

function cancel(clientOrderId: string): CancelOrder {
  return valid({ ...envelope(T0), type: 'CancelOrder', venue: 'sim', symbol: 'BTC-USD', src: 'user', clientOrderId, strategyId: 'ping' });
}

function submitted(order: SubmitOrder): OrderSubmitted {
  const { venue, symbol, clientOrderId, strategyId, side, orderType, price, qty, tif } = order;
  return valid({ ...envelope(T0), type: 'OrderSubmitted', venue, symbol, clientOrderId, strategyId, side, state: 'pending_new', orderType, price, qty, tif });
}

function canceled(order: SubmitOrder, canceledQty: number): OrderCanceled {
  const { venue, symbol, clientOrderId, strategyId, side } = order;
  return valid({ ...envelope(T0), type: 'OrderCanceled', venue, symbol, clientOrderId, strategyId, side, state: 'canceled', canceledQty, reason: 'user' });
}

function filled(order: SubmitOrder, fill: { fillId: string; qty: number; price: number; filledQty: number }): OrderFilled {
  const { venue, symbol, clientOrderId, strategyId, side } = order;
  const leavesQty = order.qty - fill.filledQty;
  return valid({
    ...envelope(T0),
    type: 'OrderFilled',
    venue,
    symbol,
    clientOrderId,
    strategyId,
    side,
    state: leavesQty === 0 ? 'filled' : 'partially_filled',
    venueOrderId: `v-${clientOrderId}`,
    liquidity: 'taker',
    leavesQty,
    ...fill,
  });
}

function tradingState(source: TradingStateSource, state: TradingState): SetTradingState {
  return valid({ ...envelope(T0), type: 'SetTradingState', source, state, cause: `${source} says ${state}` });
}

/** The message, after checking it would pass the protocol's validation at the worker's boundary. */
function valid<M extends Message>(message: M): M {
  const result = validateMessage(message, registry);
  if (!result.ok) throw new Error(`test input is not a valid message: ${result.reason}`);
  return message;
}

/** True if an output, once its stream stamps it, passes the protocol's validation. */
function validOutput(message: Outgoing): boolean {
  const result = validateMessage({ ...message, v: SCHEMA_VERSION, seq: 1 }, registry);
  if (!result.ok) throw new Error(result.reason);
  return true;
}

/** An output without `v` and `seq`, which its stream stamps as it sends it. */
function unstamped(message: Outgoing): Record<string, unknown> {
  const { v: _v, seq: _seq, ...rest } = message as Outgoing & { v?: number; seq?: number };
  return rest;
}

// ---------------------------------------------------------------- the tests

describe('RiskEngine: orders within limits', () => {
  it('forwards an order within limits to execution on `out`, stamped with its receive time', () => {
    const { engine, sent, forwarded } = setup();
    const order = submit('o1', 'buy', 5);
    engine.onMessage('in', topics.command('strategy'), order, T0 + 100);
    expect(sent.map((s) => s.port)).toEqual(['out']);
    expect(sent[0]?.topic).toBe('');
    // The same command from risk, received at T0 + 100 (its stream stamps `v` and `seq` as it sends).
    const { v: _v, seq: _seq, ...command } = order;
    expect(forwarded().map(unstamped)).toEqual([{ ...command, src: WORKER, rts: T0 + 100 }]);
    expect(sent.every((s) => validOutput(s.message))).toBe(true);
    expect(engine.counters()).toMatchObject({ commands: 1, forwarded: 1, denied: 0, working: 1 });
  });
});

describe('RiskEngine: max order quantity', () => {
  it("denies an order above the symbol's maximum with OrderDenied on `pub`, naming the rule, the limit and the value", () => {
    const { engine, sent, denied } = setup();
    engine.onMessage('in', '', submit('big', 'buy', 21), T0 + 10);
    expect(sent.filter((s) => s.port === 'out')).toHaveLength(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.port).toBe('pub');
    expect(sent[0]?.topic).toBe(topics.order('sim', 'BTC-USD'));
    expect(denied()).toEqual([
      {
        type: 'OrderDenied',
        ts: T0 + 10,
        rts: T0 + 10,
        venue: 'sim',
        symbol: 'BTC-USD',
        clientOrderId: 'big',
        strategyId: 'ping',
        side: 'buy',
        state: 'rejected',
        rule: 'max_order_qty',
        reason: 'quantity 21 lots exceeds the maximum of 20 lots',
        limit: 20,
        value: 21,
        // What was asked for, so the terminal can show the denied command.
        orderType: 'market',
        price: 0,
        qty: 21,
        tif: 'IOC',
      },
    ]);
    expect(sent.every((s) => validOutput(s.message))).toBe(true);
  });

  it('lets an order of exactly the maximum through, and uses the default for symbols without their own', () => {
    const { engine, forwarded, denied } = setup({ ...LIMITS, maxPosition: { '*': 1_000 } });
    engine.onMessage('in', '', submit('at-limit', 'buy', 20), T0);
    engine.onMessage('in', '', submit('eth', 'buy', 21, { symbol: 'ETH-USD' }), T0);
    engine.onMessage('in', '', submit('eth-big', 'buy', 101, { symbol: 'ETH-USD' }), T0);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['at-limit', 'eth']);
    expect(denied()).toMatchObject([{ clientOrderId: 'eth-big', symbol: 'ETH-USD', rule: 'max_order_qty', limit: 100, value: 101 }]);
  });
});

describe('RiskEngine: max position counts working orders', () => {
  it('denies a second working buy that together with the first would exceed the limit', () => {
    const { engine, forwarded, denied } = setup();
    engine.onMessage('in', '', submit('b1', 'buy', 6), T0);
    engine.onMessage('in', '', submit('b2', 'buy', 5), T0 + 1);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['b1']);
    expect(denied()).toMatchObject([{ clientOrderId: 'b2', rule: 'max_position', limit: 10, value: 11 }]);
    // Sells are not added to the buys: a sell of 10 from flat stays within ±10.
    engine.onMessage('in', '', submit('s1', 'sell', 10), T0 + 2);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['b1', 's1']);
  });

  it('frees a working order once it is canceled', () => {
    const { engine, forwarded, denied, clear } = setup();
    const b1 = submit('b1', 'buy', 6);
    engine.onMessage('in', '', b1, T0);
    engine.onMessage('in', '', submit('b2', 'buy', 5), T0);
    expect(denied().map((d) => d.clientOrderId)).toEqual(['b2']);
    clear();
    engine.onMessage('exec', topics.order('sim', 'BTC-USD'), submitted(b1), T0 + 10);
    engine.onMessage('exec', topics.order('sim', 'BTC-USD'), canceled(b1, 6), T0 + 20);
    engine.onMessage('in', '', submit('b3', 'buy', 10), T0 + 30);
    expect(denied()).toEqual([]);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['b3']);
    expect(engine.counters().working).toBe(1);
  });

  it('moves a filled order from working to the position, counting it once', () => {
    const { engine, forwarded, denied, clear } = setup();
    const b1 = submit('b1', 'buy', 6);
    engine.onMessage('in', '', b1, T0);
    engine.onMessage('in', '', submit('b2', 'buy', 4), T0);
    expect(forwarded()).toHaveLength(2);
    clear();
    // Partly filled: 2 in the position, 4 still working, 4 on the other order: 10 in all.
    engine.onMessage('exec', topics.fill('sim', 'BTC-USD'), filled(b1, { fillId: 'f1', qty: 2, price: 130_000, filledQty: 2 }), T0 + 10);
    engine.onMessage('in', '', submit('b3', 'buy', 1), T0 + 11);
    expect(denied()).toMatchObject([{ clientOrderId: 'b3', rule: 'max_position', limit: 10, value: 11 }]);
    // Filled: the position holds 6, the other order 4: still 10, not 16.
    engine.onMessage('exec', topics.fill('sim', 'BTC-USD'), filled(b1, { fillId: 'f2', qty: 4, price: 130_000, filledQty: 6 }), T0 + 20);
    engine.onMessage('in', '', submit('b4', 'buy', 1), T0 + 21);
    expect(denied().at(-1)).toMatchObject({ clientOrderId: 'b4', rule: 'max_position', value: 11 });
    expect(engine.counters().working).toBe(1);
    // Reducing the position is always allowed.
    engine.onMessage('in', '', submit('s1', 'sell', 6), T0 + 22);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['s1']);
  });
});

describe('RiskEngine: retries and resends', () => {
  it('resends an unacknowledged order on a retry and after 1 s on the timer, and never once it is acknowledged', () => {
    const { engine, forwarded, denied, clear } = setup();
    const order = submit('o1', 'buy', 5);
    engine.onMessage('in', '', order, T0);
    expect(forwarded().map((o) => o.rts)).toEqual([T0]);

    // A retry while execution has not answered: sent again, not checked again as a new order.
    engine.onMessage('in', '', { ...order, seq: ++seq }, T0 + 100);
    expect(forwarded().map((o) => o.rts)).toEqual([T0, T0 + 100]);
    clear();

    engine.onTimer(T0 + 100 + SECOND - 1);
    expect(forwarded()).toEqual([]);
    engine.onTimer(T0 + 100 + SECOND);
    expect(forwarded()).toMatchObject([{ clientOrderId: 'o1', qty: 5, rts: T0 + 100 + SECOND }]);
    clear();

    engine.onMessage('exec', topics.order('sim', 'BTC-USD'), submitted(order), T0 + 2 * SECOND);
    engine.onMessage('in', '', { ...order, seq: ++seq }, T0 + 2 * SECOND + 1);
    engine.onTimer(T0 + 10 * SECOND);
    expect(forwarded()).toEqual([]);
    expect(denied()).toEqual([]);
    expect(engine.counters()).toMatchObject({ forwarded: 1, duplicates: 2, resends: 1 });
  });

  it('answers a retry of a denied order with the same denial, never with an order, and counts one denial', () => {
    const { engine, sent } = setup();
    const big = submit('big', 'buy', 21);
    engine.onMessage('in', '', big, T0);
    engine.onMessage('in', '', { ...big, seq: ++seq }, T0 + 1);
    expect(sent.map((s) => s.message.type)).toEqual(['OrderDenied', 'OrderDenied']);
    const [first, again] = sent.map((s) => s.message as { rule: string; limit: number; value: number });
    expect(again).toMatchObject({ rule: first!.rule, limit: first!.limit, value: first!.value });
    expect(engine.counters()).toMatchObject({ denied: 1, duplicates: 1, forwarded: 0 });
  });

  it('resends every unacknowledged order after recovery, and only those', () => {
    const { engine, forwarded, clear } = setup();
    const a = submit('a', 'buy', 1);
    const b = submit('b', 'buy', 2);
    const c = submit('c', 'sell', 3);
    for (const order of [a, b, c]) engine.onMessage('in', '', order, T0);
    engine.onMessage('exec', topics.order('sim', 'BTC-USD'), submitted(b), T0 + 10);
    clear();
    engine.onRecovered(T0 + 20);
    expect(forwarded().map((o) => [o.clientOrderId, o.rts])).toEqual([
      ['a', T0 + 20],
      ['c', T0 + 20],
    ]);
  });

  it('ignores order events that do not come from execution', () => {
    const { engine, forwarded, clear } = setup();
    const order = submit('o1', 'buy', 5);
    engine.onMessage('in', '', order, T0);
    clear();
    engine.onMessage('in', '', submitted(order), T0 + 1);
    engine.onTimer(T0 + SECOND);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['o1']);
  });
});

describe('RiskEngine: trading state', () => {
  it("denies new orders while the supervisor halts trading and lets them through when it resumes; a user's halt still holds", () => {
    const { engine, forwarded, denied, clear } = setup();
    engine.onMessage('ctl', '', tradingState('supervisor', 'halted'), T0);
    engine.onMessage('in', '', submit('h1', 'buy', 1), T0 + 1);
    expect(forwarded()).toEqual([]);
    expect(denied()).toMatchObject([{ clientOrderId: 'h1', rule: 'trading_state', limit: 0, value: 1 }]);
    expect(denied()[0]?.reason).toBe('trading is halted: no orders are accepted');
    expect(engine.tradingState()).toEqual({ state: 'halted', cause: 'supervisor says halted', source: 'supervisor' });
    clear();

    engine.onMessage('ctl', '', tradingState('supervisor', 'active'), T0 + 2);
    engine.onMessage('in', '', submit('a1', 'buy', 1), T0 + 3);
    expect(denied()).toEqual([]);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['a1']);
    clear();

    engine.onMessage('ctl', '', tradingState('user', 'halted'), T0 + 4);
    engine.onMessage('ctl', '', tradingState('supervisor', 'active'), T0 + 5);
    engine.onMessage('in', '', submit('u1', 'sell', 1), T0 + 6);
    expect(forwarded()).toEqual([]);
    expect(denied()).toMatchObject([{ clientOrderId: 'u1', rule: 'trading_state' }]);
    expect(engine.tradingState().cause).toBe('user says halted');
    expect(engine.counters().trading_state).toBe(2);
  });

  it("keeps a user's halt through the supervisor halting and resuming, until the user resumes", () => {
    const { engine, forwarded, denied } = setup();
    engine.onMessage('ctl', '', tradingState('user', 'halted'), T0);
    engine.onMessage('ctl', '', tradingState('supervisor', 'halted'), T0 + 1);
    engine.onMessage('ctl', '', tradingState('supervisor', 'active'), T0 + 2);
    engine.onMessage('in', '', submit('x1', 'buy', 1), T0 + 3);
    expect(denied()).toMatchObject([{ clientOrderId: 'x1', rule: 'trading_state' }]);
    engine.onMessage('ctl', '', tradingState('user', 'active'), T0 + 4);
    engine.onMessage('in', '', submit('x2', 'buy', 1), T0 + 5);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['x2']);
    expect(engine.tradingState().state).toBe('active');
  });

  it("judges an order by the user's state that came before it on the user's input (the host sends both there, in order)", () => {
    const { engine, forwarded, denied } = setup();
    engine.onMessage('user', '', tradingState('user', 'reducing'), T0);
    engine.onMessage('user', '', submit('r1', 'buy', 1, { symbol: 'ETH-USD' }), T0 + 1);
    expect(denied()).toMatchObject([{ clientOrderId: 'r1', rule: 'trading_state' }]);
    engine.onMessage('user', '', tradingState('user', 'active'), T0 + 2);
    engine.onMessage('user', '', submit('r2', 'buy', 1, { symbol: 'ETH-USD' }), T0 + 3);
    expect(forwarded().map((o) => o.clientOrderId)).toEqual(['r2']);
  });

  it('ignores a trading state pushed on the order input, where strategies and external clients send: none can lift a kill switch', () => {
    const { engine, forwarded, denied } = setup();
    engine.onMessage('user', '', tradingState('user', 'reducing'), T0);
    engine.onMessage('in', '', tradingState('user', 'active'), T0 + 1);
    engine.onMessage('in', '', tradingState('supervisor', 'active'), T0 + 2);
    expect(engine.tradingState()).toMatchObject({ state: 'reducing', source: 'user' });
    expect(engine.counters().state_refused).toBe(2);
    engine.onMessage('in', '', submit('s1', 'buy', 1, { symbol: 'ETH-USD' }), T0 + 3);
    expect(denied()).toMatchObject([{ clientOrderId: 's1', rule: 'trading_state' }]);
    expect(forwarded()).toEqual([]);
  });
});

describe('RiskEngine: positions from fills', () => {
  it('publishes the position on `pub` after each fill, and counts a repeated fill id once', () => {
    const { engine, sent, positions, clear } = setup();
    const order = submit('o1', 'buy', 5);
    engine.onMessage('in', '', order, T0);
    clear();

    engine.onMessage('exec', topics.fill('sim', 'BTC-USD'), filled(order, { fillId: 'f1', qty: 3, price: 130_000, filledQty: 3 }), T0 + 10);
    expect(sent.map((s) => [s.port, s.topic, s.message.type])).toEqual([
      ['pub', topics.position('sim', 'BTC-USD'), 'PositionChanged'],
      ['pub', topics.pnl('sim', 'BTC-USD'), 'OwnerPosition'],
    ]);
    expect(positions()).toEqual([
      { type: 'PositionChanged', ts: T0 + 10, rts: T0 + 10, venue: 'sim', symbol: 'BTC-USD', qty: 3, cost: 390_000, realized: 0, unrealized: 0, mark: 0, fees: 0 },
    ]);
    expect(sent.every((s) => validOutput(s.message))).toBe(true);
    clear();

    // The same fill again (a resend from execution): nothing changes, nothing is published.
    engine.onMessage('exec', topics.fill('sim', 'BTC-USD'), filled(order, { fillId: 'f1', qty: 3, price: 130_000, filledQty: 3 }), T0 + 11);
    expect(sent).toEqual([]);

    engine.onMessage('exec', topics.fill('sim', 'BTC-USD'), filled(order, { fillId: 'f2', qty: 2, price: 130_010, filledQty: 5 }), T0 + 12);
    expect(positions()).toMatchObject([{ qty: 5, cost: 390_000 + 260_020, realized: 0 }]);
    expect(engine.counters()).toMatchObject({ fills: 2, duplicate_fills: 1, working: 0 });
    expect(engine.snapshot('position.', T0 + 13)).toMatchObject([{ topic: topics.position('sim', 'BTC-USD'), message: { qty: 5 } }]);
  });
});

describe('RiskEngine amends', () => {
  const amend = (clientOrderId: string, fields: { price?: number; qty?: number; stopPrice?: number }) =>
    valid({ ...envelope(T0), type: 'AmendOrder' as const, venue: 'sim', symbol: 'BTC-USD', src: 'user', clientOrderId, strategyId: 'ping', price: 0, qty: 0, stopPrice: 0, ...fields });

  it('forwards a new price or a smaller quantity, and refuses a larger one beyond the limits, saying why', () => {
    const s = setup();
    const order = submit('o1', 'buy', 8, { orderType: 'limit', price: 130_000, tif: 'GTC' });
    s.engine.onMessage('in', '', order, T0);
    s.engine.onMessage('exec', '', submitted(order), T0 + 1);
    s.clear();
    s.engine.onMessage('in', '', amend('o1', { price: 129_000 }), T0 + 2);
    s.engine.onMessage('in', '', amend('o1', { qty: 5 }), T0 + 3);
    s.engine.onMessage('in', '', amend('o1', { qty: 12 }), T0 + 4); // position limit ±10
    expect(s.sent.filter((x) => x.port === 'out').map((x) => x.message)).toEqual([
      expect.objectContaining({ type: 'AmendOrder', price: 129_000 }),
      expect.objectContaining({ type: 'AmendOrder', qty: 5 }),
    ]);
    const refused = s.sent.filter((x) => x.message.type === 'RequestRejected');
    expect(refused).toEqual([
      expect.objectContaining({ port: 'pub', topic: topics.order('sim', 'BTC-USD'), message: expect.objectContaining({ request: 'amend', reason: expect.stringMatching(/max_position/) }) }),
    ]);
  });

  it('counts the amended quantity as the order’s exposure once the venue confirms it', () => {
    const s = setup();
    const order = submit('o1', 'buy', 8, { orderType: 'limit', price: 130_000, tif: 'GTC' });
    s.engine.onMessage('in', '', order, T0);
    s.engine.onMessage('exec', '', submitted(order), T0 + 1);
    const { venue, symbol, clientOrderId, strategyId, side } = order;
    s.engine.onMessage('exec', '', valid({ ...envelope(T0), type: 'OrderAmended' as const, venue, symbol, clientOrderId, strategyId, side, state: 'accepted' as const, price: 130_000, qty: 2, stopPrice: 0, leavesQty: 2, reason: 'amended' }), T0 + 2);
    s.clear();
    // 2 working + 8 new = 10: at the limit, allowed; before the amend it was 16.
    s.engine.onMessage('in', '', submit('o2', 'buy', 8), T0 + 3);
    expect(s.forwarded()).toHaveLength(1);
  });
});

describe('RiskEngine cancels and amends it cannot pass on', () => {
  it('answers a cancel or amend of an unknown or finished order, and passes those of bracket legs to execution', () => {
    const s = setup();
    const order = submit('o1', 'buy', 1);
    s.engine.onMessage('in', '', order, T0);
    s.engine.onMessage('exec', '', canceled(order, 1), T0 + 1);
    s.clear();
    s.engine.onMessage('in', '', cancel('o1'), T0 + 2);
    s.engine.onMessage('in', '', cancel('nobody'), T0 + 3);
    s.engine.onMessage('in', '', cancel('o1:tp'), T0 + 4);
    expect(s.sent.map((x) => [x.port, x.message.type, (x.message as { reason?: string }).reason ?? (x.message as { clientOrderId: string }).clientOrderId])).toEqual([
      ['pub', 'RequestRejected', 'the order is done'],
      ['pub', 'RequestRejected', 'unknown order'],
      ['out', 'CancelOrder', 'o1:tp'],
    ]);
  });
});
