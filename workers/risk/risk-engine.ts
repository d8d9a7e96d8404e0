/**
 * The risk worker's core, and the only way into execution. Every order command passes the pre-trade checks
 * (pre-trade.ts: trading state, rate limit, validity, reduce-only, size, value, price band, position, gross exposure,
 * open orders, minimum value; for every scope that sets a limit); a denial is published as `OrderDenied` with the rule
 * and the numbers, never dropped, and a refused cancel or amend as `RequestRejected`. Positions and P&L come from
 * execution's fills only, each fill counted once, per instrument and per strategy. Marks are the last trade (bar
 * closes, trades) or the mid before any trade. Forwarded orders are resent until execution acknowledges them.
 */
import { CircuitBreaker, type Trip } from '../core/circuit-breaker.js';
import { CONTROL_PORT, type Emit, type Outgoing, type WorkerCore } from '../core/worker-core.js';
import { formatDecimal, formatUnits, unitsOf } from '../core/fixed-point.js';
import { instrumentKey, type InstrumentRegistry } from '../core/instrument.js';
import { isTerminal } from '../core/order-state.js';
import { PositionBook } from '../core/positions.js';
import { ownerOf } from '../core/exits/owner.js';
import { ACCOUNT_UNIT, MarginAccount } from '../core/margin-account.js';
import { checkMarketData, type Denial } from '../core/risk-checks.js';
import type { RiskConfig } from '../protocol/config.js';
import type {
  AccountStatus,
  AmendOrder,
  BookSnapshot,
  CancelOrder,
  Message,
  OrderEvent,
  OrderDenied,
  OrderFilled,
  OwnerPosition,
  RequestRejected,
  SubmitOrder,
  TradingState,
  TradingStateSource,
  TradingStatus,
} from '../protocol/messages.js';
import { topics } from '../protocol/topics.js';
import { breakerConfig, EquityMeter } from './breaker-feed.js';
import { checkAmend, checkCancel, checkSubmit, takeTokens } from './pre-trade.js';
import { RiskLimits } from './risk-limits.js';
import { WorkingOrders, type WorkingOrder } from './working-orders.js';
import { checkVenueFunds, VenueAccounts } from './venue-accounts.js';

const RESEND_AFTER_US = 1_000_000;
/** The input port the host's user stream arrives on (risk/main.ts). */
export const RISK_USER_PORT = 'user';
/** Denials remembered to answer retries with. */
const MAX_DENIALS_KEPT = 10_000;
const RESTRICTIVENESS: Record<TradingState, number> = { active: 0, reducing: 1, halted: 2 };

/** One holding and its book's totals, as the limits see them (lots, exposure units, order counts). */
export interface RiskUsage {
  position: number;
  /** Working lots per side. */
  buys: number;
  sells: number;
  /** Working orders in the instrument. */
  open: number;
  /** The holding's exposure and its book's gross exposure, units of {@link RiskEngine.exposureUnit}. */
  exposure: number;
  grossExposure: number;
  /** Working orders of the book (the account's, or the strategy's), over all instruments. */
  openOrders: number;
}

/** Pre-trade checks, positions, P&L and trading state. */
export class RiskEngine implements WorkerCore {
  private readonly positions: PositionBook;
  private readonly breaker: CircuitBreaker | undefined;
  private readonly equity: EquityMeter;
  /** The trading account buying power is checked against; undefined: none configured. */
  private readonly account: MarginAccount | undefined;
  /** 10^-8 currency units per exposure unit. */
  private readonly accountScale: number;
  /** The last `AccountStatus` published, as a key. */
  private lastAccount = '';
  /** The last `TradingStatus` published, as a key: a new one goes out only when it differs. */
  private lastStatus = '';
  private readonly working = new WorkingOrders();
  private readonly limits: RiskLimits;
  /** Every client order id ever seen, forwarded or denied: a retry of one is never a new order. */
  private readonly seen = new Set<string>();
  /**
   * Recent denials by client order id: a retry of a denied order gets the same answer again, so a sender whose first
   * answer was lost (a subscriber reconnecting after risk restarted) still learns it. Bounded, oldest dropped first.
   */
  private readonly denials = new Map<string, Denial & { side: SubmitOrder['side'] }>();
  private readonly states = new Map<TradingStateSource, { state: TradingState; cause: string }>();
  private readonly markDirty = new Set<string>();
  /** Positions per owner: keyed `<owner>|<venue>:<symbol>`, and the owner keys of each instrument. */
  private readonly owners: PositionBook;
  private readonly ownerKeys = new Map<string, Set<string>>();
  private readonly ownerDirty = new Set<string>();
  /** Instruments whose market data the feed says cannot be trusted, with why. */
  private readonly untrusted = new Map<string, { state: string; reason: string }>();
  /** Live venue accounts as the venues report them (balances, margin, positions). */
  readonly venueAccounts = new VenueAccounts();
  private readonly counts = {
    commands: 0,
    forwarded: 0,
    denied: 0,
    duplicates: 0,
    resends: 0,
    fills: 0,
    duplicate_fills: 0,
    cancels: 0,
    amends: 0,
    amends_denied: 0,
    cancels_refused: 0,
    /** Trading states that came on another input than the user's or the control channel's, ignored. */
    state_refused: 0,
  };

  /** Throws if a limit in `config` is malformed or names an unknown instrument: a bad limit fails the start. */
  constructor(
    private readonly worker: string,
    private readonly registry: InstrumentRegistry,
    config: RiskConfig,
    private readonly emit: Emit,
  ) {
    this.limits = new RiskLimits(registry, config);
    this.positions = new PositionBook(config.pnl ?? 'fifo');
    this.owners = new PositionBook(config.pnl ?? 'fifo');
    this.breaker = config.breaker === undefined ? undefined : new CircuitBreaker(breakerConfig(config.breaker));
    this.equity = new EquityMeter(registry);
    this.account = config.account === undefined ? undefined : new MarginAccount(config.account);
    const unit = this.limits.unit;
    this.accountScale = unitsOf(unit, ACCOUNT_UNIT) ?? Number(unit.mantissa) * 10 ** (unit.exponent + 8);
    const account = this.account;
    if (account !== undefined) {
      const money = (units: number): string => `${formatUnits(Math.round(units), ACCOUNT_UNIT, 2)} ${account.currency}`;
      this.limits.margin = {
        currency: account.currency,
        maxExposure: () => Math.floor((Math.max(0, account.equity(this.equity.pnl(this.positions))) * account.leverage) / this.accountScale),
        describe: (after, max) =>
          `the account's positions and working orders would need ${money((Math.ceil(after / account.leverage) * this.accountScale))} of margin, more than its equity of ${money((max * this.accountScale) / account.leverage)} (at ${account.leverage}× leverage)`,
      };
    }
  }

  /** The state that applies: the most restrictive over all sources, with its cause and source ('' while active). */
  tradingState(): { state: TradingState; cause: string; source: TradingStateSource | '' } {
    let worst: { state: TradingState; cause: string; source: TradingStateSource | '' } = { state: 'active', cause: '', source: '' };
    for (const [source, entry] of this.states) if (RESTRICTIVENESS[entry.state] > RESTRICTIVENESS[worst.state]) worst = { ...entry, source };
    return worst;
  }

  /** The trip in force, or undefined while the breaker is armed (or there is none). */
  breakerTrip(): Trip | undefined {
    return this.breaker?.tripped;
  }

  onMessage(port: string, _topic: string, message: Message, now: number): void {
    switch (message.type) {
      case 'SubmitOrder':
        return this.onSubmit(message, now);
      case 'CancelOrder':
        return this.onCancel(message, now);
      case 'AmendOrder':
        return this.onAmend(message, now);
      case 'SetTradingState':
        // Only the user's own input (the host) and the control channel (the supervisor) set a trading state: what
        // pushes orders — a strategy, an external client — must not be able to lift a kill switch.
        if (port !== RISK_USER_PORT && port !== CONTROL_PORT) {
          this.counts.state_refused += 1;
          return;
        }
        this.states.set(message.source, { state: message.state, cause: message.cause });
        return this.publishStatus(now);
      case 'RearmBreaker':
        return this.rearm(now);
      case 'Bar':
        // The latest bar's close is the last trade price, conflated by the feed: marks without every trade.
        this.onBreaker(this.breaker?.onMarketData(now, instrumentKey(message.venue, message.symbol), message.close), now);
        return this.onMark(message.venue, message.symbol, message.close);
      case 'Trade':
        this.onBreaker(this.breaker?.onMarketData(now, instrumentKey(message.venue, message.symbol), message.price), now);
        return this.onMark(message.venue, message.symbol, message.price);
      case 'BookSnapshot':
        return this.onBook(message);
      case 'MarketDataStatus': {
        const key = instrumentKey(message.venue, message.symbol);
        if (message.state === 'ok') this.untrusted.delete(key);
        else this.untrusted.set(key, { state: message.state, reason: message.reason });
        return;
      }
      case 'RequestRejected':
        if (port === 'exec') this.onRequestRejected(message);
        return;
      case 'VenueAccount':
        if (port === 'exec') this.venueAccounts.apply(message);
        return;
      case 'OrderRejected':
        if (port !== 'exec') return;
        this.onOrderEvent(message, now);
        return this.onBreaker(this.breaker?.onReject(now), now);
      default:
        if (port === 'exec' && 'clientOrderId' in message) this.onOrderEvent(message as OrderEvent, now);
    }
  }

  onTimer(now: number): void {
    for (const order of this.working.values()) {
      if (order.acked || now - order.lastSent < RESEND_AFTER_US) continue;
      this.counts.resends += 1;
      this.forward(order, now);
    }
    for (const key of this.markDirty) this.publishPosition(key, now);
    this.markDirty.clear();
    for (const key of this.ownerDirty) this.publishOwner(key, now);
    this.ownerDirty.clear();
    this.publishAccount(now);
    if (this.breaker !== undefined) {
      this.onBreaker(this.breaker.onEquity(now, this.equity.equity(this.positions)), now);
      this.onBreaker(this.breaker.onTimer(now), now);
    }
  }

  onRecovered(now: number): void {
    for (const order of this.working.values()) if (!order.acked) this.forward(order, now);
  }

  snapshot(prefix: string, now: number): Array<{ topic: string; message: Outgoing }> {
    const out: Array<{ topic: string; message: Outgoing }> = [];
    for (const key of this.positions.keys()) {
      const message = this.positionMessage(key, now);
      const topic = topics.position(message.venue, message.symbol);
      if (topic.startsWith(prefix)) out.push({ topic, message });
    }
    for (const keys of this.ownerKeys.values()) {
      for (const key of keys) {
        const message = this.ownerMessage(key, now);
        const topic = topics.pnl(message.venue, message.symbol);
        if (topic.startsWith(prefix)) out.push({ topic, message });
      }
    }
    const statusTopic = topics.status(this.worker);
    if (statusTopic.startsWith(prefix)) out.push({ topic: statusTopic, message: this.statusMessage(now) });
    const account = this.accountMessage(now);
    if (account !== undefined && topics.margin(account.account).startsWith(prefix)) out.push({ topic: topics.margin(account.account), message: account });
    return out;
  }

  /**
   * What the limits are measured on, for display and tests: the account's (or, with `strategyId`, the strategy's)
   * holding in one instrument, and the totals of its book. Exposure is in units of {@link RiskEngine.exposureUnit}.
   */
  usage(venue: string, symbol: string, strategyId?: string): RiskUsage {
    const route = this.limits.route(venue, symbol, strategyId ?? '');
    const h = strategyId === undefined ? route.account : route.strategy;
    return { position: h.position, buys: h.buys, sells: h.sells, open: h.open, exposure: h.value, grossExposure: h.book.gross, openOrders: h.book.open };
  }

  /** The money unit exposure is counted in (shared by all instruments), as a decimal string. */
  exposureUnit(): string {
    return formatDecimal(this.limits.unit);
  }

  counters(): Record<string, number> {
    return { ...this.counts, working: this.working.size, trading_state: RESTRICTIVENESS[this.tradingState().state] };
  }

  private onSubmit(command: SubmitOrder, now: number): void {
    this.counts.commands += 1;
    const id = command.clientOrderId;
    if (this.seen.has(id)) {
      // A retry: resend what is unacknowledged, ignore what is settled.
      this.counts.duplicates += 1;
      const known = this.working.get(id);
      if (known !== undefined && !known.acked) this.forward(known, now);
      const denial = this.denials.get(id);
      if (denial !== undefined) this.publishDenial(command, denial, now);
      return;
    }
    this.seen.add(id);
    const route = this.limits.route(command.venue, command.symbol, command.strategyId);
    const quality = this.untrusted.get(instrumentKey(command.venue, command.symbol));
    const denial = (quality === undefined ? undefined : checkMarketData(quality, route.account.position, command.side, command.qty)) ?? checkSubmit(route, command, this.tradingState().state, now) ?? this.checkVenueAccount(command, route.market.valuation);
    if (denial !== undefined) return this.deny(command, denial, now);
    this.counts.forwarded += 1;
    takeTokens(route.orderBuckets, now);
    // Before the market has a price, exposure is valued at the latest price risk has seen.
    if (command.price > 0) route.market.setFallback(command.price);
    this.forward(this.working.add(command, now, route.account, route.strategy), now);
  }

  /** A live venue account's own word on the money (venue-accounts.ts); sim orders have no venue account. */
  private checkVenueAccount(command: SubmitOrder, marketPrice: number): Denial | undefined {
    const instrument = this.registry.find(command.venue, command.symbol);
    if (instrument === undefined) return undefined;
    const valuedAt = command.price > 0 ? command.price : (command.stopPrice ?? 0) > 0 ? command.stopPrice! : marketPrice;
    return checkVenueFunds(command, instrument, this.venueAccounts.forOrder(command.venue, command.account), valuedAt);
  }

  private deny(command: SubmitOrder, denial: Denial, now: number): void {
    this.counts.denied += 1;
    this.denials.set(command.clientOrderId, { ...denial, side: command.side });
    if (this.denials.size > MAX_DENIALS_KEPT) this.denials.delete(this.denials.keys().next().value as string);
    this.publishDenial(command, denial, now);
    this.onBreaker(this.breaker?.onReject(now), now);
  }

  private publishDenial(command: SubmitOrder, denial: Denial, now: number): void {
    const { venue, symbol, clientOrderId, strategyId, side } = command;
    this.emit('pub', topics.order(venue, symbol), {
      type: 'OrderDenied',
      ts: now,
      rts: now,
      venue,
      symbol,
      clientOrderId,
      strategyId,
      side,
      state: 'rejected',
      rule: denial.rule,
      reason: denial.reason,
      limit: denial.limit,
      value: denial.value,
      ...deniedTerms(command),
    });
  }

  private forward(order: WorkingOrder, now: number): void {
    order.lastSent = now;
    this.emit('out', '', { ...order.command, src: this.worker, rts: now });
  }

  private onCancel(command: CancelOrder, now: number): void {
    this.counts.cancels += 1;
    // Orders risk forwarded and that are not finished are the only ones execution can cancel; a bracket leg the
    // venue placed is not one of them, so it goes through and execution (which tracks legs) decides.
    const id = command.clientOrderId;
    if (this.working.get(id) === undefined && !isLeg(id)) return this.refuse(command, 'cancel', this.seen.has(id) ? 'the order is done' : 'unknown order', now);
    const route = this.limits.route(command.venue, command.symbol, command.strategyId);
    // Cancels take risk off: once trading is restricted (the kill switch cancels everything) they are not throttled.
    const denial = this.tradingState().state === 'active' ? checkCancel(route, now) : undefined;
    if (denial !== undefined) {
      this.counts.cancels_refused += 1;
      return this.refuse(command, 'cancel', `${denial.rule}: ${denial.reason}`, now);
    }
    takeTokens(route.cancelBuckets, now);
    this.emit('out', '', { ...command, src: this.worker, rts: now });
  }

  /** Answers a cancel or amend risk will not pass on, so the sender is not left waiting. */
  private refuse(command: CancelOrder | AmendOrder, request: 'cancel' | 'amend', reason: string, now: number): void {
    const { venue, symbol, clientOrderId, strategyId } = command;
    this.emit('pub', topics.order(venue, symbol), { type: 'RequestRejected', ts: now, rts: now, venue, symbol, clientOrderId, strategyId, request, reason });
  }

  /**
   * An amend passes the checks that its change calls for (pre-trade.ts): a larger quantity those of a new order for
   * the extra lots, a new price the band and the order value. A refusal is published as `RequestRejected` and the order
   * stays as it was. The extra lots of a forwarded amend count as working at once, until the venue answers.
   */
  private onAmend(command: AmendOrder, now: number): void {
    this.counts.amends += 1;
    const order = this.working.get(command.clientOrderId);
    if (order === undefined) {
      // A bracket leg is execution's to judge; anything else risk does not hold is finished or unknown.
      if (isLeg(command.clientOrderId)) this.emit('out', '', { ...command, src: this.worker, rts: now });
      else this.refuse(command, 'amend', this.seen.has(command.clientOrderId) ? 'the order is done' : 'unknown order', now);
      return;
    }
    const route = this.limits.route(order.command.venue, order.command.symbol, order.command.strategyId);
    const denial = checkAmend(route, order, command, this.tradingState().state, now);
    if (denial !== undefined) {
      this.counts.amends_denied += 1;
      this.refuse(command, 'amend', `${denial.rule}: ${denial.reason}`, now);
      return;
    }
    takeTokens(route.orderBuckets, now);
    if (command.qty > order.command.qty) this.working.reserve(order, command.qty);
    this.emit('out', '', { ...command, src: this.worker, rts: now });
  }

  private onOrderEvent(event: OrderEvent, now: number): void {
    const order = this.working.get(event.clientOrderId);
    if (order !== undefined) {
      order.acked = true;
      if (event.type === 'OrderFilled') this.working.setLeaves(order, event.leavesQty);
      else if (event.type === 'OrderAmended') this.working.amend(order, event);
      if (isTerminal(event.state)) this.working.finish(event.clientOrderId);
    }
    if (event.type !== 'OrderFilled') return;
    const key = instrumentKey(event.venue, event.symbol);
    const applied = this.positions.applyFill({ key, side: event.side, price: event.price, qty: event.qty, fillId: event.fillId, fee: event.fee ?? 0 });
    if (!applied) {
      this.counts.duplicate_fills += 1;
      return;
    }
    this.counts.fills += 1;
    const route = this.limits.route(event.venue, event.symbol, event.strategyId);
    const signed = event.side === 'buy' ? event.qty : -event.qty;
    route.account.fill(signed);
    route.strategy.fill(signed);
    route.market.setFallback(event.price);
    this.publishPosition(key, now);
    this.applyOwnerFill(event, key, now);
    if (this.breaker !== undefined) this.onBreaker(this.breaker.onEquity(now, this.equity.equity(this.positions)), now);
  }

  /**
   * A trip (or a move to a stricter state): the breaker's source takes the trip's state with its rule and reason; when
   * halted, every working order is canceled (nothing passes, nothing keeps working).
   */
  private onBreaker(trip: Trip | undefined, now: number): void {
    if (trip === undefined) return;
    this.states.set('breaker', { state: trip.state, cause: `${trip.rule}: ${trip.reason}` });
    if (trip.state === 'halted') this.cancelWorking(now);
    this.publishStatus(now);
  }

  private cancelWorking(now: number): void {
    for (const { command } of this.working.values()) {
      const { venue, symbol, clientOrderId, strategyId } = command;
      this.emit('out', '', { type: 'CancelOrder', ts: now, rts: now, venue, symbol, src: this.worker, clientOrderId, strategyId });
    }
  }

  /** Only the user re-arms the breaker: watching starts afresh and its source is active again. */
  private rearm(now: number): void {
    this.breaker?.rearm();
    this.states.delete('breaker');
    this.publishStatus(now);
  }

  /** Publishes the trading state at `status.<worker>` when it changed. */
  private publishStatus(now: number): void {
    const message = this.statusMessage(now);
    const key = JSON.stringify([message.state, message.source, message.cause, message.breaker?.at]);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.emit('pub', topics.status(this.worker), message);
  }

  /** Publishes the account's money at `margin.<account>` when it changed. */
  private publishAccount(now: number): void {
    const message = this.accountMessage(now);
    if (message === undefined) return;
    const key = `${message.balance}|${message.equity}|${message.margin}`;
    if (key === this.lastAccount) return;
    this.lastAccount = key;
    this.emit('pub', topics.margin(message.account), message);
  }

  private accountMessage(now: number): Omit<AccountStatus, 'v' | 'seq'> | undefined {
    const account = this.account;
    if (account === undefined) return undefined;
    const figures = account.figures(this.equity.pnl(this.positions), this.limits.accountBook.gross * this.accountScale);
    return { type: 'AccountStatus', ts: now, rts: now, account: account.id, currency: account.currency, leverage: account.leverage, ...figures };
  }

  private statusMessage(now: number): Omit<TradingStatus, 'v' | 'seq'> {
    const { state, cause, source } = this.tradingState();
    const trip = this.breaker?.tripped;
    const breaker = trip === undefined ? {} : { breaker: { rule: trip.rule, reason: trip.reason, at: trip.at } };
    return { type: 'TradingStatus', ts: now, rts: now, state, source, cause, ...breaker };
  }

  /** Execution or the venue refused a request: a refused amend no longer holds lots. */
  private onRequestRejected(event: RequestRejected): void {
    const order = this.working.get(event.clientOrderId);
    if (order === undefined) return;
    order.acked = true;
    if (event.request === 'amend' && order.pendingQty > 0) this.working.release(order);
  }

  private onMark(venue: string, symbol: string, price: number): void {
    if (price <= 0) return;
    this.limits.findMarket(venue, symbol)?.setLast(price);
    const key = instrumentKey(venue, symbol);
    if (this.positions.get(key).mark === price) return;
    this.positions.mark(key, price);
    if (this.positions.get(key).qty !== 0) this.markDirty.add(key);
    for (const ownerKey of this.ownerKeys.get(key) ?? []) {
      this.owners.mark(ownerKey, price);
      if (this.owners.get(ownerKey).qty !== 0) this.ownerDirty.add(ownerKey);
    }
  }

  /** The mid of a book snapshot is the reference until the first trade (it does not move the P&L mark). */
  private onBook(book: BookSnapshot): void {
    const bid = book.bids[0]?.[0];
    const ask = book.asks[0]?.[0];
    if (bid === undefined || ask === undefined) return;
    this.limits.findMarket(book.venue, book.symbol)?.setMid(Math.floor((bid + ask) / 2));
  }

  /** The fill in its owner's position (the instrument's fill was new, so this one is too). */
  private applyOwnerFill(event: OrderFilled, key: string, now: number): void {
    const ownerKey = `${ownerOf(event.strategyId)}|${key}`;
    let keys = this.ownerKeys.get(key);
    if (keys === undefined) this.ownerKeys.set(key, (keys = new Set()));
    if (!keys.has(ownerKey)) {
      keys.add(ownerKey);
      const mark = this.positions.get(key).mark;
      if (mark > 0) this.owners.mark(ownerKey, mark);
    }
    this.owners.applyFill({ key: ownerKey, side: event.side, price: event.price, qty: event.qty, fillId: event.fillId, fee: event.fee ?? 0 });
    this.publishOwner(ownerKey, now);
  }

  private publishOwner(ownerKey: string, now: number): void {
    const message = this.ownerMessage(ownerKey, now);
    this.emit('pub', topics.pnl(message.venue, message.symbol), message);
  }

  private ownerMessage(ownerKey: string, now: number): Omit<OwnerPosition, 'v' | 'seq'> {
    const bar = ownerKey.lastIndexOf('|');
    const [venue = '', symbol = ''] = ownerKey.slice(bar + 1).split(':');
    return { type: 'OwnerPosition', ts: now, rts: now, venue, symbol, owner: ownerKey.slice(0, bar), ...this.owners.get(ownerKey) };
  }

  private publishPosition(key: string, now: number): void {
    const message = this.positionMessage(key, now);
    this.emit('pub', topics.position(message.venue, message.symbol), message);
  }

  private positionMessage(key: string, now: number): Outgoing & { venue: string; symbol: string } {
    const [venue = '', symbol = ''] = key.split(':');
    const view = this.positions.get(key);
    return { type: 'PositionChanged', ts: now, rts: now, venue, symbol, ...view };
  }
}

/** Bracket legs the venue places are named `<entry id>:tp` and `<entry id>:sl`. */
function isLeg(clientOrderId: string): boolean {
  return clientOrderId.endsWith(':tp') || clientOrderId.endsWith(':sl');
}

/**
 * The terms of a denied command that are themselves valid, echoed on the denial so it shows what was asked for (an
 * order refused for a quantity off the lot grid has no valid quantity to echo).
 */
function deniedTerms(command: SubmitOrder): Partial<Pick<OrderDenied, 'orderType' | 'price' | 'qty' | 'tif' | 'stopPrice'>> {
  const whole = (n: number | undefined, min: number): n is number => n !== undefined && Number.isSafeInteger(n) && n >= min;
  const terms: Partial<Pick<OrderDenied, 'orderType' | 'price' | 'qty' | 'tif' | 'stopPrice'>> = { orderType: command.orderType, tif: command.tif };
  if (whole(command.price, 0)) terms.price = command.price;
  if (whole(command.qty, 1)) terms.qty = command.qty;
  if (whole(command.stopPrice, 1)) terms.stopPrice = command.stopPrice;
  return terms;
}
