/**
 * Properties of the risk engine over long seeded random sequences: several strategies submit, cancel and amend orders
 * on three instruments while marks move and the trading state changes now and then; a simulated venue takes what risk
 * forwards, fills it fully or partly, cancels, applies or refuses amends, and its reports reach risk after a random
 * delay, so risk always works on a view that lags the venue. Checked:
 *
 * - at every step, at the venue (the truth): no position, counting its working orders as filled, is beyond a long or
 *   short limit of any scope, and no scope has more open orders than its limit;
 * - for every order and amend risk forwards: its quantity, value, prices and reduce-only size are within every limit,
 *   it does not raise any gross exposure above its limit (measured, as risk does, on what risk has been told), and
 *   while trading is reduce-only it only reduces;
 * - per scope, forwarded orders (and amends), and cancels while trading is active, never exceed rate × window + burst
 *   in any window;
 * - every message risk emits passes the protocol's validation;
 * - once every report is delivered, risk's positions, working quantities, open orders and exposures equal a model
 *   recomputed from scratch.
 */
import { describe, expect, it } from 'vitest';
import { isTerminal } from '../../../workers/core/order-state.js';
import { SeededRandom } from '../../../workers/core/random.js';
import type { Outgoing } from '../../../workers/core/worker-core.js';
import type { LimitSet, RiskConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type AmendOrder, type CancelOrder, type Message, type OrderType, type Side, type SubmitOrder, type TradingState } from '../../../workers/protocol/messages.js';
import { RiskEngine } from '../../../workers/risk/risk-engine.js';
import { validateMessage } from '../../../workers/protocol/validate.js';
import { registry, T0 } from './risk-harness.js';

const SYMBOLS = ['BTC-USD', 'ETH-USD', 'IDX-FUT'] as const;
const START: Record<string, number> = { 'BTC-USD': 130_000, 'ETH-USD': 320_000, 'IDX-FUT': 21_600 };
/** Exposure units (0.0001 USD) per tick×lot. */
const FACTOR: Record<string, number> = { 'BTC-USD': 5, 'ETH-USD': 1, 'IDX-FUT': 125_000 };
const MONEY_UNITS_PER_USD: Record<string, number> = { 'BTC-USD': 2_000, 'ETH-USD': 10_000, 'IDX-FUT': 0.08 };
const STRATEGIES = ['a', 'b', 'c'] as const;
const SECOND = 1_000_000;

/** A random configuration with limits at every scope. */
function randomConfig(rng: SeededRandom): RiskConfig {
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)] as T;
  const set = (): LimitSet => ({
    ...(rng.chance(0.5) ? { maxOrderQty: rng.int(5, 30) } : {}),
    ...(rng.chance(0.5) ? { maxOrderNotional: pick(['800', '2500', '400000']) } : {}),
    ...(rng.chance(0.6) ? { maxLong: rng.int(5, 40) } : {}),
    ...(rng.chance(0.6) ? { maxShort: rng.int(5, 40) } : {}),
    ...(rng.chance(0.5) ? { maxGrossExposure: pick(['2000', '6000', '900000']) } : {}),
    ...(rng.chance(0.5) ? { maxOpenOrders: rng.int(2, 12) } : {}),
    ...(rng.chance(0.5) ? { priceBandBps: rng.int(50, 400) } : {}),
    ...(rng.chance(0.4) ? { ordersPerSecond: rng.int(5, 60) } : {}),
    ...(rng.chance(0.4) ? { cancelsPerSecond: rng.int(2, 30) } : {}),
  });
  return {
    maxOrderQty: { '*': rng.int(10, 40), 'IDX-FUT': 3 },
    maxPosition: { '*': rng.int(20, 60) },
    maxOpenOrders: rng.int(10, 30),
    limits: {
      account: set(),
      instruments: { 'sim:ETH-USD': set(), 'IDX-FUT': set() },
      strategies: { a: set(), b: set() },
    },
  };
}

/** The limit sets that apply to (strategy, symbol), with the flat defaults as a set of their own; and which owner each measures. */
function scopesOf(config: RiskConfig, strategy: string, symbol: string): Array<{ name: string; set: LimitSet; owner: 'account' | 'strategy'; open: 'account' | 'instrument' | 'strategy' }> {
  const flatPosition = config.maxPosition[symbol] ?? config.maxPosition['*'];
  const flat: LimitSet = { maxOrderQty: config.maxOrderQty[symbol] ?? config.maxOrderQty['*'], maxLong: flatPosition, maxShort: flatPosition, maxOpenOrders: config.maxOpenOrders };
  const scoped = config.limits ?? {};
  const out: ReturnType<typeof scopesOf> = [{ name: 'flat', set: flat, owner: 'account', open: 'account' }];
  if (scoped.account) out.push({ name: 'account', set: scoped.account, owner: 'account', open: 'account' });
  const instrument = scoped.instruments?.[`sim:${symbol}`] ?? scoped.instruments?.[symbol];
  if (instrument) out.push({ name: `instrument ${symbol}`, set: instrument, owner: 'account', open: 'instrument' });
  const own = scoped.strategies?.[strategy];
  if (own) out.push({ name: `strategy ${strategy}`, set: own, owner: 'strategy', open: 'strategy' });
  return out;
}

/** An order as the model of risk's view keeps it. */
interface ModelOrder {
  command: SubmitOrder;
  qty: number;
  leaves: number;
  price: number;
  stopPrice: number;
  pendingQty: number;
  done: boolean;
}

/** An order at the venue. */
interface VenueOrder {
  command: SubmitOrder;
  qty: number;
  filled: number;
  price: number;
  stopPrice: number;
  done: boolean;
}

function run(seed: number, steps: number) {
  const rng = new SeededRandom(seed);
  const config = randomConfig(rng);
  const problems: string[] = [];
  const outputs: Outgoing[] = [];
  const engine = new RiskEngine('risk', registry, config, (port, _topic, message) => {
    const result = validateMessage({ ...message, v: SCHEMA_VERSION, seq: 1 }, registry);
    if (!result.ok) problems.push(`invalid ${message.type}: ${result.reason}`);
    if (port === 'out' || message.type === 'OrderDenied' || message.type === 'RequestRejected') outputs.push(message);
  });
  let now = T0;
  let seq = 0;
  let idSeq = 0;
  let fillSeq = 0;
  let state: TradingState = 'active';
  const env = () => ({ v: SCHEMA_VERSION, seq: ++seq, ts: now, rts: now });
  const marks = new Map<string, number>();

  // Risk's view, recomputed from scratch from what risk forwarded and what has been delivered to it.
  const model = new Map<string, ModelOrder>();
  const modelFills = new Map<string, number>(); // `${owner}|${symbol}` → position
  // The venue's truth and the two pipes with their delays.
  const venue = new Map<string, VenueOrder>();
  const venuePositions = new Map<string, number>();
  const toVenue: Array<{ at: number; message: Outgoing }> = [];
  const toRisk: Array<{ at: number; message: Message }> = [];
  const forwardedAt = new Map<string, number[]>(); // rate scope → times
  const cancelsAt = new Map<string, number[]>();

  const position = (positions: Map<string, number>, owner: string, symbol: string) => positions.get(`${owner}|${symbol}`) ?? 0;
  const addPosition = (positions: Map<string, number>, owner: string, symbol: string, qty: number) => positions.set(`${owner}|${symbol}`, position(positions, owner, symbol) + qty);

  /** Working lots and orders of risk's view for an owner ('account' or a strategy) in a symbol. */
  function modelWorking(owner: string, symbol: string) {
    let buys = 0, sells = 0, open = 0;
    for (const o of model.values()) {
      if (o.done || o.command.symbol !== symbol || (owner !== 'account' && o.command.strategyId !== owner)) continue;
      open += 1;
      const lots = o.leaves + (o.pendingQty > 0 ? Math.max(0, o.pendingQty - o.qty) : 0);
      if (o.command.side === 'buy') buys += lots;
      else sells += lots;
    }
    return { buys, sells, open };
  }

  /** Working orders of an owner over all symbols. */
  function modelOpen(owner: string): number {
    return [...model.values()].filter((o) => !o.done && (owner === 'account' || o.command.strategyId === owner)).length;
  }

  function modelExposure(owner: string, extra?: { symbol: string; side: Side; qty: number; price: number }): number {
    let total = 0;
    for (const symbol of SYMBOLS) total += modelHoldingValue(owner, symbol, extra?.symbol === symbol ? extra : undefined);
    return total;
  }

  function modelHoldingValue(owner: string, symbol: string, extra?: { side: Side; qty: number; price: number }): number {
    const w = modelWorking(owner, symbol);
    const pos = position(modelFills, owner, symbol);
    const long = Math.abs(pos + w.buys + (extra?.side === 'buy' ? extra.qty : 0));
    const short = Math.abs(pos - w.sells - (extra?.side === 'sell' ? extra.qty : 0));
    const price = marks.get(symbol) ?? extra?.price ?? 0;
    return Math.max(long, short) * price * (FACTOR[symbol] as number);
  }

  /** Checks a forwarded new order (or the extra lots of an amend) against every scope, as the model sees it. */
  function checkForwarded(command: SubmitOrder, qty: number, extra: number, openQty: number, valuedAt: number, priceSet: number, stopSet: number, label: string, valueRises = true) {
    const { strategyId, symbol, side } = command;
    const mark = marks.get(symbol) as number;
    if (extra > 0 && state === 'halted') problems.push(`${label}: forwarded while halted`);
    if (extra > 0 && state === 'reducing') {
      const pos = position(modelFills, 'account', symbol);
      if (!(pos * (side === 'buy' ? 1 : -1) < 0 && extra <= Math.abs(pos))) problems.push(`${label}: ${side} ${extra} forwarded while reducing a position of ${pos}`);
    }
    if (extra > 0 && command.reduceOnly) {
      // Each reduce-only order alone is at most the position (the venue caps them as the position changes).
      const pos = position(modelFills, 'account', symbol);
      const reducible = side === 'sell' ? Math.max(0, pos) : Math.max(0, -pos);
      if (openQty > reducible) problems.push(`${label}: reduce-only ${side} of ${openQty} open with a position of ${pos}`);
    }
    for (const scope of scopesOf(config, strategyId, symbol)) {
      const { set, name } = scope;
      if (extra > 0 && set.maxOrderQty !== undefined && qty > set.maxOrderQty) problems.push(`${label}: qty ${qty} > ${set.maxOrderQty} (${name})`);
      if (valueRises && set.maxOrderNotional !== undefined && valuedAt * qty > Number(set.maxOrderNotional) * (MONEY_UNITS_PER_USD[symbol] as number) + 1e-9) {
        problems.push(`${label}: value ${valuedAt * qty} over ${set.maxOrderNotional} USD (${name})`);
      }
      if (set.priceBandBps !== undefined && set.priceBandBps > 0) {
        for (const p of [priceSet, stopSet]) if (p > 0 && Math.abs(p - mark) * 10_000 > set.priceBandBps * mark) problems.push(`${label}: price ${p} outside ${set.priceBandBps} bp of ${mark} (${name})`);
      }
      if (extra > 0 && set.maxGrossExposure !== undefined) {
        const limit = Math.floor(Number(set.maxGrossExposure) * 10_000);
        const owner = scope.owner === 'strategy' ? strategyId : 'account';
        const order = { symbol, side, qty: extra, price: valuedAt };
        const [before, after] =
          scope.open === 'instrument' ? [modelHoldingValue('account', symbol), modelHoldingValue('account', symbol, order)] : [modelExposure(owner), modelExposure(owner, order)];
        if (after > limit && after > before) problems.push(`${label}: exposure ${before} → ${after} over ${limit} (${name})`);
      }
    }
  }

  /** The venue's truth against the position and open-order limits. */
  function checkTruth() {
    for (const symbol of SYMBOLS) {
      for (const owner of ['account', ...STRATEGIES]) {
        let buys = 0, sells = 0;
        for (const o of venue.values()) {
          if (o.done || o.command.symbol !== symbol || (owner !== 'account' && o.command.strategyId !== owner)) continue;
          if (o.command.side === 'buy') buys += o.qty - o.filled;
          else sells += o.qty - o.filled;
        }
        const pos = position(venuePositions, owner, symbol);
        const scopes = owner === 'account' ? scopesOf(config, '-', symbol).filter((s) => s.owner === 'account') : scopesOf(config, owner, symbol).filter((s) => s.owner === 'strategy');
        for (const { set, name } of scopes) {
          if (set.maxLong !== undefined && pos + buys > set.maxLong) problems.push(`step ${now}: ${owner} ${symbol} long ${pos}+${buys} > ${set.maxLong} (${name})`);
          if (set.maxShort !== undefined && -(pos - sells) > set.maxShort) problems.push(`step ${now}: ${owner} ${symbol} short ${pos}-${sells} > ${set.maxShort} (${name})`);
        }
      }
    }
    const open = (filter: (o: VenueOrder) => boolean) => [...venue.values()].filter((o) => !o.done && filter(o)).length;
    for (const strategy of STRATEGIES) {
      for (const symbol of SYMBOLS) {
        for (const { set, name, open: target } of scopesOf(config, strategy, symbol)) {
          if (set.maxOpenOrders === undefined) continue;
          const count = target === 'account' ? open(() => true) : target === 'instrument' ? open((o) => o.command.symbol === symbol) : open((o) => o.command.strategyId === strategy);
          if (count > set.maxOpenOrders) problems.push(`step ${now}: ${count} open > ${set.maxOpenOrders} (${name})`);
        }
      }
    }
  }

  /** Feeds risk one input and routes what it forwarded to the venue's pipe (and the model). */
  function feed(port: string, message: Message) {
    const before = outputs.length;
    engine.onMessage(port, '', message, now);
    for (const out of outputs.slice(before)) {
      if (out.type === 'SubmitOrder') onForwardedSubmit(out as SubmitOrder);
      else if (out.type === 'AmendOrder') onForwardedAmend(out as AmendOrder);
      // Cancels are only throttled while trading is active (they take risk off; the kill switch cancels everything).
      else if (out.type === 'CancelOrder' && state === 'active') recordRate(cancelsAt, out as CancelOrder);
      if (out.type === 'SubmitOrder' || out.type === 'AmendOrder' || out.type === 'CancelOrder') toVenue.push({ at: now + rng.int(0, 3_000), message: out });
    }
  }

  function recordRate(times: Map<string, number[]>, command: { strategyId: string; symbol: string }) {
    for (const scope of ['account', `instrument ${command.symbol}`, `strategy ${command.strategyId}`]) {
      const list = times.get(scope) ?? [];
      list.push(now);
      times.set(scope, list);
    }
  }

  function onForwardedSubmit(command: SubmitOrder) {
    const label = `submit ${command.clientOrderId}`;
    const stop = command.stopPrice ?? 0;
    const valuedAt = command.price > 0 ? command.price : stop > 0 ? stop : (marks.get(command.symbol) as number);
    checkForwarded(command, command.qty, command.qty, command.qty, valuedAt, command.price, stop, label);
    recordRate(forwardedAt, command);
    model.set(command.clientOrderId, { command, qty: command.qty, leaves: command.qty, price: command.price, stopPrice: command.stopPrice ?? 0, pendingQty: 0, done: false });
  }

  function onForwardedAmend(command: AmendOrder) {
    const order = model.get(command.clientOrderId) as ModelOrder;
    const qty = command.qty > 0 ? command.qty : order.qty;
    const price = command.price > 0 ? command.price : order.price;
    const stop = command.stopPrice > 0 ? command.stopPrice : order.stopPrice;
    const mark = marks.get(order.command.symbol) as number;
    const valuedAt = price > 0 ? price : stop > 0 ? stop : mark;
    const valueRises = valuedAt * qty > (order.price > 0 ? order.price : order.stopPrice > 0 ? order.stopPrice : mark) * order.qty;
    // Held to the value limit only if the value rises; to the band only for prices it sets.
    checkForwarded(order.command, qty, qty - order.qty, order.leaves + qty - order.qty, valuedAt, command.price, command.stopPrice, `amend ${command.clientOrderId}`, valueRises);
    recordRate(forwardedAt, order.command);
    if (qty > order.qty) order.pendingQty = qty;
  }

  /** Risk learns of a venue report: the model follows it the way the protocol says. */
  function deliver(message: Message) {
    if ('clientOrderId' in message) {
      const o = model.get(message.clientOrderId);
      if (o !== undefined) {
        if (message.type === 'OrderFilled') {
          o.leaves = message.leavesQty;
          if (message.leavesQty === 0) o.done = true;
          addPosition(modelFills, 'account', o.command.symbol, o.command.side === 'buy' ? message.qty : -message.qty);
          addPosition(modelFills, o.command.strategyId, o.command.symbol, o.command.side === 'buy' ? message.qty : -message.qty);
        } else if (message.type === 'OrderCanceled') o.done = true;
        else if (message.type === 'OrderAmended') {
          o.leaves = message.leavesQty;
          o.qty = message.qty;
          o.price = message.price;
          o.stopPrice = message.stopPrice;
          if (o.pendingQty > 0 && message.qty >= o.pendingQty) o.pendingQty = 0;
        } else if (message.type === 'RequestRejected' && message.request === 'amend') o.pendingQty = 0;
        if ('state' in message && isTerminal(message.state)) o.done = true;
      }
    }
    feed('exec', message);
  }

  /** The venue takes a command risk forwarded. */
  function venueTakes(message: Outgoing) {
    const report = (fields: Record<string, unknown>) => toRisk.push({ at: now + rng.int(0, 20_000), message: { ...env(), ...fields } as Message });
    if (message.type === 'SubmitOrder') {
      const c = message as SubmitOrder;
      venue.set(c.clientOrderId, { command: c, qty: c.qty, filled: 0, price: c.price, stopPrice: c.stopPrice ?? 0, done: false });
      const { venue: v, symbol, clientOrderId, strategyId, side } = c;
      report({ type: 'OrderAccepted', venue: v, symbol, clientOrderId, strategyId, side, state: 'accepted', venueOrderId: `v${clientOrderId}` });
      return;
    }
    const c = message as AmendOrder | CancelOrder;
    const o = venue.get(c.clientOrderId);
    if (o === undefined || o.done) {
      if (c.type === 'AmendOrder') report({ type: 'RequestRejected', venue: c.venue, symbol: c.symbol, clientOrderId: c.clientOrderId, strategyId: c.strategyId, request: 'amend', reason: 'done' });
      return;
    }
    const { venue: v, symbol, clientOrderId, strategyId, side } = o.command;
    if (c.type === 'CancelOrder') {
      o.done = true;
      report({ type: 'OrderCanceled', venue: v, symbol, clientOrderId, strategyId, side, state: 'canceled', canceledQty: o.qty - o.filled, reason: 'asked' });
      return;
    }
    const qty = c.qty > 0 ? c.qty : o.qty;
    if (qty <= o.filled || rng.chance(0.2)) {
      report({ type: 'RequestRejected', venue: v, symbol, clientOrderId, strategyId, request: 'amend', reason: 'no' });
      return;
    }
    o.qty = qty;
    if (c.price > 0) o.price = c.price;
    if (c.stopPrice > 0) o.stopPrice = c.stopPrice;
    report({ type: 'OrderAmended', venue: v, symbol, clientOrderId, strategyId, side, state: 'accepted', price: o.price, qty: o.qty, stopPrice: o.stopPrice, leavesQty: o.qty - o.filled, reason: 'amended' });
  }

  /** The venue fills or expires a random working order. */
  function venueTrades() {
    const live = [...venue.values()].filter((o) => !o.done);
    if (live.length === 0) return;
    const o = live[rng.int(0, live.length - 1)] as VenueOrder;
    // Market orders trade at once; resting orders now and then, so working orders pile up.
    if (o.command.orderType !== 'market' && rng.chance(0.7)) return;
    const { venue: v, symbol, clientOrderId, strategyId, side } = o.command;
    const report = (fields: Record<string, unknown>) => toRisk.push({ at: now + rng.int(0, 20_000), message: { ...env(), venue: v, symbol, clientOrderId, strategyId, side, ...fields } as Message });
    if (rng.chance(0.1)) {
      o.done = true;
      report({ type: 'OrderExpired', state: 'expired', expiredQty: o.qty - o.filled, reason: 'ioc' });
      return;
    }
    const leaves = o.qty - o.filled;
    const qty = rng.chance(0.5) ? leaves : rng.int(1, leaves);
    o.filled += qty;
    if (o.filled === o.qty) o.done = true;
    const signed = side === 'buy' ? qty : -qty;
    addPosition(venuePositions, 'account', symbol, signed);
    addPosition(venuePositions, strategyId, symbol, signed);
    const price = marks.get(symbol) as number;
    report({ type: 'OrderFilled', state: o.done ? 'filled' : 'partially_filled', venueOrderId: `v${clientOrderId}`, fillId: `f${++fillSeq}`, price, qty, filledQty: o.filled, leavesQty: o.qty - o.filled, liquidity: 'taker' });
  }

  function strategyActs() {
    const strategyId = STRATEGIES[rng.int(0, STRATEGIES.length - 1)] as string;
    const symbol = SYMBOLS[rng.int(0, SYMBOLS.length - 1)] as string;
    const mark = marks.get(symbol) as number;
    const roll = rng.next();
    const mine = [...model.values()].filter((o) => !o.done && o.command.strategyId === strategyId);
    if (roll < 0.05) {
      // Cancel everything at once, as a strategy stopping does.
      for (const o of mine) {
        const { venue: v, symbol: s, clientOrderId } = o.command;
        feed('in', { ...env(), type: 'CancelOrder', venue: v, symbol: s, src: 's', clientOrderId, strategyId } as CancelOrder);
      }
      return;
    }
    if (roll < 0.15 && mine.length > 0) {
      const o = mine[rng.int(0, mine.length - 1)] as ModelOrder;
      const { venue: v, symbol: s, clientOrderId } = o.command;
      feed('in', { ...env(), type: 'CancelOrder', venue: v, symbol: s, src: 's', clientOrderId, strategyId } as CancelOrder);
      return;
    }
    if (roll < 0.3 && mine.length > 0) {
      const o = mine[rng.int(0, mine.length - 1)] as ModelOrder;
      const { venue: v, symbol: s, clientOrderId } = o.command;
      const m = marks.get(s) as number;
      const price = o.price > 0 && rng.chance(0.5) ? Math.max(1, m + rng.int(-Math.floor(m / 20), Math.floor(m / 20))) : 0;
      const qty = price === 0 || rng.chance(0.3) ? (rng.chance(0.3) ? o.qty + 1 : rng.int(1, o.qty + 10)) : 0;
      if (price === 0 && qty === 0) return;
      feed('in', { ...env(), type: 'AmendOrder', venue: v, symbol: s, src: 's', clientOrderId, strategyId, price, qty, stopPrice: 0 } as AmendOrder);
      return;
    }
    const types: OrderType[] = ['market', 'limit', 'limit', 'stop', 'stop_limit'];
    const orderType = types[rng.int(0, types.length - 1)] as OrderType;
    const side: Side = rng.chance(0.5) ? 'buy' : 'sell';
    const near = () => Math.max(1, mark + rng.int(-Math.floor(mark / 25), Math.floor(mark / 25)));
    const price = orderType === 'limit' || orderType === 'stop_limit' ? near() : 0;
    const stopPrice = orderType === 'stop' || orderType === 'stop_limit' ? near() : 0;
    const qty = symbol === 'IDX-FUT' ? rng.int(1, 4) : rng.chance(0.8) ? rng.int(1, 12) : rng.int(1, 45);
    const command: SubmitOrder = {
      ...env(),
      type: 'SubmitOrder',
      venue: 'sim',
      symbol,
      src: 's',
      clientOrderId: `${strategyId}-${++idSeq}`,
      strategyId,
      side,
      orderType,
      price,
      qty,
      tif: orderType === 'market' ? 'IOC' : 'GTC',
      causeTs: 0,
      ...(stopPrice > 0 ? { stopPrice } : {}),
      ...(rng.chance(0.06) ? { reduceOnly: true } : {}),
    };
    feed('in', command);
  }

  for (const symbol of SYMBOLS) {
    marks.set(symbol, START[symbol] as number);
    feed('md', { ...env(), type: 'Bar', venue: 'sim', symbol, tf: '1s', start: now, open: 1, high: 1, low: 1, close: START[symbol], volume: 1, trades: 1, closed: false } as Message);
  }
  for (let step = 0; step < steps; step++) {
    now += rng.chance(0.3) ? 0 : rng.int(0, 20_000);
    while (toVenue.length > 0 && (toVenue[0] as { at: number }).at <= now) venueTakes((toVenue.shift() as { message: Outgoing }).message);
    while (toRisk.length > 0 && (toRisk[0] as { at: number }).at <= now) deliver((toRisk.shift() as { message: Message }).message);
    const roll = rng.next();
    if (roll < 0.55) strategyActs();
    else if (roll < 0.85) venueTrades();
    else if (roll < 0.985) {
      const symbol = SYMBOLS[rng.int(0, SYMBOLS.length - 1)] as string;
      const mark = Math.max(10, (marks.get(symbol) as number) + rng.int(-Math.floor((marks.get(symbol) as number) / 200), Math.floor((marks.get(symbol) as number) / 200)));
      marks.set(symbol, mark);
      feed('md', { ...env(), type: 'Bar', venue: 'sim', symbol, tf: '1s', start: now, open: mark, high: mark, low: mark, close: mark, volume: 1, trades: 1, closed: false } as Message);
    } else {
      const states: TradingState[] = ['active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'reducing', 'halted'];
      state = states[rng.int(0, states.length - 1)] as TradingState;
      feed('ctl', { ...env(), type: 'SetTradingState', source: 'user', state, cause: 'test' } as Message);
    }
    checkTruth();
    if (problems.length > 5) break;
  }

  // Everything delivered: risk's own numbers equal the model's, recomputed from scratch.
  while (toVenue.length > 0) venueTakes((toVenue.shift() as { message: Outgoing }).message);
  while (toRisk.length > 0) deliver((toRisk.shift() as { message: Message }).message);
  for (const symbol of SYMBOLS) {
    for (const owner of ['account', ...STRATEGIES]) {
      const usage = engine.usage('sim', symbol, owner === 'account' ? undefined : owner);
      const w = modelWorking(owner, symbol);
      const expected = { position: position(modelFills, owner, symbol), buys: w.buys, sells: w.sells, open: w.open, exposure: modelHoldingValue(owner, symbol), grossExposure: modelExposure(owner), openOrders: modelOpen(owner) };
      const actual = { position: usage.position, buys: usage.buys, sells: usage.sells, open: usage.open, exposure: usage.exposure, grossExposure: usage.grossExposure, openOrders: usage.openOrders };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`end: ${owner} ${symbol} risk ${JSON.stringify(actual)} model ${JSON.stringify(expected)}`);
    }
  }
  const rateProblems = (times: Map<string, number[]>, key: 'ordersPerSecond' | 'cancelsPerSecond') => {
    const sets: Record<string, LimitSet | undefined> = {
      account: config.limits?.account,
      'instrument ETH-USD': config.limits?.instruments?.['sim:ETH-USD'],
      'instrument IDX-FUT': config.limits?.instruments?.['IDX-FUT'],
      'strategy a': config.limits?.strategies?.a,
      'strategy b': config.limits?.strategies?.b,
    };
    for (const [scope, list] of times) {
      const rate = sets[scope]?.[key];
      if (rate === undefined) continue;
      // Every window [t_i, t_j] up to 3 s long: j − i + 1 passes in it at most.
      for (let j = 0; j < list.length; j++) {
        for (let i = j; i >= 0 && (list[j] as number) - (list[i] as number) <= 3 * SECOND; i--) {
          if (j - i + 1 > rate + Math.floor((rate * ((list[j] as number) - (list[i] as number))) / SECOND)) {
            problems.push(`${key} ${scope}: ${j - i + 1} in ${(list[j] as number) - (list[i] as number)} µs at ${rate}/s`);
            return;
          }
        }
      }
    }
  };
  rateProblems(forwardedAt, 'ordersPerSecond');
  rateProblems(cancelsAt, 'cancelsPerSecond');
  const counters = engine.counters();
  return { problems, counters, outputs };
}

describe('RiskEngine properties (seeded random sequences)', () => {
  const seeds = Array.from({ length: 24 }, (_, i) => i + 1);
  const results = new Map<number, ReturnType<typeof run>>();
  const runSeed = (seed: number) => results.get(seed) ?? (results.set(seed, run(seed, 2_500)).get(seed) as ReturnType<typeof run>);
  for (const seed of seeds) {
    it(`seed ${seed}: no limit is breached by what risk forwards, and its numbers match a model`, () => {
      const { problems, counters } = runSeed(seed);
      expect(problems).toEqual([]);
      // The sequence exercised both sides of the checks.
      expect(counters.forwarded).toBeGreaterThan(20);
      expect(counters.denied).toBeGreaterThan(20);
    });
  }

  it('denies for every kind of rule somewhere over the seeds', () => {
    const rules = new Set<string>();
    for (const seed of seeds) {
      for (const out of runSeed(seed).outputs) {
        if (out.type === 'OrderDenied') rules.add(out.rule);
        if (out.type === 'RequestRejected') rules.add(out.reason.split(':')[0] as string);
      }
    }
    for (const rule of ['trading_state', 'order_rate', 'cancel_rate', 'reduce_only', 'max_order_qty', 'max_order_notional', 'price_band', 'max_position', 'max_long', 'max_short', 'max_gross_exposure', 'max_open_orders', 'amend_pending']) {
      expect(rules, rule).toContain(rule);
    }
  });
});
