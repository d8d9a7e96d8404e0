/**
 * Live order routing to Binance (spot or USD-M futures, by its dialect), as a pure core with the simulated venue's order side: `SubmitOrder`,
 * `CancelOrder` and `AmendOrder` in from a client (topic = its routing id), order reports back to it. REST requests
 * leave through an injected {@link TradeTransport}; their outcomes and the user data stream come back in through
 * {@link LiveOrdersCore.onOutcome} and {@link LiveOrdersCore.onUserEvent}. It reads no clock: `now` (µs) comes with
 * every input.
 *
 * The rules it keeps:
 * - An order is sent at most once. A timeout or server error makes its status unknown (`OrderStatusUnknown`); it is
 *   then resolved by querying it by its client order id, and by the user stream — never by sending it again. Only
 *   when Binance has said "no such order" twice, {@link LOST_AFTER_US} apart, is it reported rejected (lost).
 * - Rate limits are kept before sending and -1021 corrects the clock (request-queue.ts).
 * - Fills are published once per Binance trade id, whichever way they came (order-ledger.ts).
 * - Nothing is sent before {@link LiveOrdersCore.start}: a gateway replaying its journal must not trade. A command
 *   from before the start (a resend by execution) is looked up by its client order id before it is placed.
 * - New orders wait while reconciliation has not passed (reconciliation.ts).
 * - An amend is a cancel-replace on spot, a modify in place on futures (order-amends.ts).
 * - A futures account (margin, positions) is kept whole and published as it changes (futures-account-keeper.ts).
 *
 * Venues through ccxt run this same core, with ccxt as the transport and a poll for the stream
 * (workers/venues/ccxt/ccxt-live-orders.ts): its records are Binance's shapes, which every venue's order fits.
 */
import type { Instrument } from '../../../core/instrument.js';
import type { Emit, Outgoing } from '../../../core/worker-core.js';
import type { CancelOrder, Message, SubmitOrder } from '../../../protocol/messages.js';
import { ERROR, type BinanceOrder, type BinanceTrade, type UserStreamEvent } from './binance-trade-types.js';
import { ClientOrderIds } from './client-order-id.js';
import { FuturesAccountKeeper } from './futures-account-keeper.js';
import { LiveOrder } from './live-order.js';
import { OrderAmends } from './order-amends.js';
import { OrderLedger } from './order-ledger.js';
import { Reconciliation, type ReconcileHost } from './reconciliation.js';
import { RequestQueue, type Pending } from './request-queue.js';
import { SPOT_DIALECT } from './spot-dialect.js';
import type { TradeDialect } from './trade-dialect.js';
import { isSafeToRepeat, type TradeOutcome, type TradeRequest, type TradeTransport } from './trade-requests.js';
import { busOrderOf, refusalText, rejectReport, requestRejectedOf, statusReport, type BusOrder } from './venue-reports.js';
import { parseOrder, parseTrades } from './wire-parse.js';

/** First query of an order whose answer was lost, after this long (µs): give Binance time to finish it. */
export const FIRST_CHECK_US = 1_000_000;
/** Between later queries, µs. */
export const CHECK_EVERY_US = 2_000_000;
/** "No such order" twice this far apart (µs) — well past the request's recvWindow — and it never reached Binance. */
export const LOST_AFTER_US = 10_000_000;

/** Configuration of the live-orders core. */
export interface LiveOrdersConfig {
  /** Venue name on the bus (`binance`). */
  venue: string;
  /** Account name for reconciliation and balances (`main`, `testnet`, ...). */
  account: string;
  /** The instruments traded live (bus symbol = Binance symbol). */
  instruments: readonly Instrument[];
  /** Tag of this terminal session in client order ids (see client-order-id.ts). */
  sessionTag: string;
  /** Routing id of the execution worker, for reports sent before it has sent anything (reconciliation, balances). */
  defaultPeer: string;
  /** Port the reports leave on (the orders ROUTER). */
  reportsPort: string;
  /** How often to fetch balances over REST besides the stream, µs (default 60 s). */
  accountEveryUs?: number;
  /** Override of {@link LOST_AFTER_US} (tests). */
  lostAfterUs?: number;
  /** The market (default spot). */
  dialect?: TradeDialect;
}

type UnknownRequest = 'submit' | 'cancel' | 'amend';

/** The core: see the module comment. */
export class LiveOrdersCore implements ReconcileHost {
  readonly ids: ClientOrderIds;
  readonly dialect: TradeDialect;
  readonly checkEveryUs = CHECK_EVERY_US;
  readonly counts = { orders: 0, cancels: 0, cancel_alls: 0, amends: 0, amends_refused: 0, rejects: 0, unknown: 0, lost: 0, malformed: 0 };
  private readonly instruments = new Map<string, Instrument>();
  private readonly queue: RequestQueue;
  private readonly ledger: OrderLedger;
  private readonly peers = new Set<string>();
  private readonly reconciliation: Reconciliation;
  private readonly amends: OrderAmends;
  /** Futures only: the account's margin and positions. */
  private readonly futures: FuturesAccountKeeper | undefined;
  private startedAt: number | undefined;
  private nextAccountAt = 0;

  constructor(
    private readonly config: LiveOrdersConfig,
    private readonly emit: Emit,
    transport: TradeTransport,
  ) {
    this.ids = new ClientOrderIds(config.sessionTag);
    this.dialect = config.dialect ?? SPOT_DIALECT;
    for (const instrument of config.instruments) this.instruments.set(instrument.symbol, instrument);
    this.peers.add(config.defaultPeer);
    this.queue = new RequestQueue(transport, this.dialect);
    this.ledger = new OrderLedger(this.ids, emit, config.reportsPort);
    this.reconciliation = new Reconciliation(config.venue, config.account, this);
    this.amends = new OrderAmends(this, this.ledger);
    this.futures = this.dialect.market === 'usdm' ? new FuturesAccountKeeper(this.instruments, config.venue, config.account, (m) => this.publish(m)) : undefined;
  }

  /** Who refused, in reasons. */
  get refusedBy(): string {
    return this.dialect.refusedBy ?? 'Binance';
  }

  /** True once {@link start} was called. */
  get started(): boolean {
    return this.startedAt !== undefined;
  }

  /** The gateway is live (after any journal replay): learn Binance's time, then reconcile once the stream is up. */
  start(now: number): void {
    if (this.startedAt !== undefined) return;
    this.startedAt = now;
    // Each reconciliation round fetches the account too: the periodic check starts one period later.
    this.nextAccountAt = now + (this.config.accountEveryUs ?? 60_000_000);
    this.request({ kind: 'time' }, undefined, now);
    // The first round runs once the user stream is up, so nothing that happens after it can go unseen.
    this.reconciliation.pause(`waiting for ${this.dialect.streamName ?? 'the user data stream'}`, now);
    this.queue.pump(now);
  }

  /** A command from a client on the orders port (`peer` = its routing id). */
  onCommand(peer: string, message: Message, now: number): void {
    if (this.startedAt === undefined) return; // replaying, or not live yet: execution resends what is unanswered
    this.peers.add(peer);
    if (message.type === 'SubmitOrder') this.submit(peer, message, now);
    else if (message.type === 'CancelOrder') this.cancel(peer, message, now);
    else if (message.type === 'AmendOrder') this.amends.amend(peer, this.ledger.get(message.clientOrderId), message, now);
    this.queue.pump(now);
  }

  /**
   * Cancels every open order of `symbol` in one request (spot `DELETE /api/v3/openOrders`, futures
   * `DELETE /fapi/v1/allOpenOrders`); each order's end comes from the user stream, or from a query of each order
   * this gateway believes open once the answer is in. Safe to repeat: an unknown outcome is simply asked again.
   */
  cancelAll(symbol: string, now: number): void {
    if (this.startedAt === undefined || !this.instruments.has(symbol)) return;
    this.counts.cancel_alls++;
    this.request({ kind: 'cancelAll', symbol }, undefined, now);
    this.queue.pump(now);
  }

  /** The outcome of request `id`, with the answer's headers (lower-case names). */
  onOutcome(id: number, outcome: TradeOutcome, headers: Readonly<Record<string, string>>, now: number): void {
    const pending = this.queue.settle(id, outcome, headers, now);
    if (pending !== undefined) this.settle(pending, outcome, now);
    this.queue.pump(now);
  }

  /** A user data stream event. */
  onUserEvent(event: UserStreamEvent, now: number): void {
    if (event.e === 'executionReport') this.ledger.applyExecutionReport(event, now);
    else if (event.e === 'ACCOUNT_UPDATE') this.futures?.onStream(event, now);
    else if (event.e === 'outboundAccountPosition') {
      const balances = event.B.map((b) => ({ asset: b.a, free: b.f, locked: b.l }));
      this.reconciliation.onStreamBalances(balances);
      this.publish({ type: 'VenueAccount', venue: this.config.venue, account: this.config.account, source: 'stream', balances, updateTime: event.u * 1000, ts: now, rts: now });
    }
    this.queue.pump(now);
  }

  /** The user stream connected (a listenKey and its WebSocket) or dropped. */
  onStreamState(up: boolean, now: number): void {
    if (this.startedAt === undefined) return;
    if (up) this.reconciliation.begin('reconnect', now);
    else this.reconciliation.pause(`${this.dialect.streamName ?? 'the user data stream'} is down`, now);
    this.queue.pump(now);
  }

  onTimer(now: number): void {
    if (this.startedAt === undefined) return;
    for (const order of this.ledger.all()) {
      if (order.phase !== 'unknown' || order.nextCheckAt > now || order.checking) continue;
      order.checking = true;
      // An amend under way is looked for under its new id first.
      this.request({ kind: 'query', symbol: order.command.symbol, clientId: order.replacing?.venueId ?? order.venueId }, order.busId, now);
    }
    if (now >= this.nextAccountAt && this.reconciliation.state === 'passed') {
      this.nextAccountAt = now + (this.config.accountEveryUs ?? 60_000_000);
      for (const kind of this.dialect.accountKinds) this.request({ kind }, undefined, now);
    }
    this.reconciliation.onTimer(now);
    this.queue.pump(now);
  }

  counters(now: number): Record<string, number> {
    let unknown = 0;
    for (const order of this.ledger.all()) if (order.phase === 'unknown') unknown++;
    return { ...this.counts, ...this.ledger.counts, ...this.queue.counters(now), unknown_now: unknown };
  }

  /** When the core next needs a tick, µs. */
  nextWake(): number | undefined {
    return this.queue.nextWake();
  }

  // ------------------------------------------------------------------ ReconcileHost

  request(request: TradeRequest, busId: string | undefined, notBefore: number): void {
    this.queue.push(request, busId, notBefore);
  }

  publish(message: Outgoing): void {
    for (const peer of this.peers) this.emit(this.config.reportsPort, peer, message);
  }

  believedOrders() {
    return this.ledger.believed();
  }

  seenFillIds(): ReadonlySet<string> {
    return this.ledger.seenFillIds();
  }

  symbols(): string[] {
    return [...this.instruments.keys()];
  }

  instrument(symbol: string): Instrument | undefined {
    return this.instruments.get(symbol);
  }

  adopt(venueId: string, busId: string, listed: BinanceOrder, now: number): void {
    const instrument = this.instruments.get(listed.symbol);
    if (instrument !== undefined) this.ledger.adopt(venueId, busId, listed, instrument, this.config.venue, this.config.defaultPeer, now);
  }

  fetchOrder(venueId: string, now: number): void {
    const order = this.ledger.byVenue(venueId);
    if (order !== undefined) this.request({ kind: 'query', symbol: order.command.symbol, clientId: venueId }, order.busId, now);
  }

  applyTrade(trade: BinanceTrade, now: number): void {
    this.ledger.applyTrade(trade, now);
  }

  /** Reconciliation passed: held orders go (or are looked up first, when they may have been sent before a restart). */
  release(now: number): void {
    for (const order of this.ledger.all()) if (order.phase === 'held') this.dispatchNew(order, now);
  }

  accountKinds(): ReadonlyArray<'account' | 'positions'> {
    return this.dialect.accountKinds;
  }

  checkAccount(answers: ReadonlyMap<string, unknown>, now: number) {
    return this.futures?.check(answers, now);
  }

  // ------------------------------------------------------------------ AmendHost

  refuse(peer: string, order: { venue: string; symbol: string; clientOrderId: string; strategyId: string }, reason: string, now: number): void {
    this.emit(this.config.reportsPort, peer, requestRejectedOf(order, 'amend', reason, now));
  }

  // ------------------------------------------------------------------ commands

  private submit(peer: string, command: SubmitOrder, now: number): void {
    const known = this.ledger.get(command.clientOrderId);
    if (known !== undefined) {
      // Execution resends until it hears something: repeat the last word, never the order.
      if (known.lastReport !== undefined) this.emit(this.config.reportsPort, peer, known.lastReport);
      return;
    }
    this.counts.orders++;
    const instrument = this.instruments.get(command.symbol);
    if (instrument === undefined || command.venue !== this.config.venue) {
      return this.reject(peer, busOrderOf(command), `${command.venue}:${command.symbol} is not traded live on this gateway`, now);
    }
    const venueId = this.ids.toVenue(command.clientOrderId);
    const params = this.dialect.newOrderParams(command, instrument, venueId);
    if (typeof params === 'string') return this.reject(peer, busOrderOf(command), params, now);
    const order = new LiveOrder(command.clientOrderId, venueId, peer, command, instrument, 'held');
    order.params = params;
    this.ledger.track(order);
    if (this.reconciliation.state === 'passed') this.dispatchNew(order, now);
  }

  /** Place it — or, for a command from before this gateway started, look it up first: it may be at Binance already. */
  private dispatchNew(order: LiveOrder, now: number): void {
    if (this.startedAt !== undefined && order.command.ts < this.startedAt) {
      order.phase = 'checking';
      this.request({ kind: 'query', symbol: order.command.symbol, clientId: order.venueId }, order.busId, now);
    } else {
      this.place(order, now);
    }
  }

  private place(order: LiveOrder, now: number): void {
    order.phase = 'placing';
    order.sentAt = now;
    this.request({ kind: 'place', symbol: order.command.symbol, clientId: order.venueId, params: order.params ?? {} }, order.busId, now);
  }

  private cancel(peer: string, command: CancelOrder, now: number): void {
    this.counts.cancels++;
    const order = this.ledger.get(command.clientOrderId);
    if (order === undefined || order.phase === 'done') {
      return this.emit(this.config.reportsPort, peer, requestRejectedOf(command, 'cancel', order === undefined ? 'unknown order' : 'the order is done', now));
    }
    if (order.phase === 'held') {
      // Never sent: canceled here.
      order.phase = 'done';
      return this.ledger.report(order, statusReport(order.bus, '', 'canceled', 0, 'canceled before it was sent', now));
    }
    this.request({ kind: 'cancel', symbol: order.command.symbol, clientId: order.venueId }, order.busId, now);
  }

  private reject(peer: string, bus: BusOrder, reason: string, now: number): void {
    this.counts.rejects++;
    this.emit(this.config.reportsPort, peer, rejectReport(bus, reason, now));
  }

  // ------------------------------------------------------------------ outcomes

  private settle(pending: Pending, outcome: TradeOutcome, now: number): void {
    const { request } = pending;
    const order = pending.busId === undefined ? undefined : this.ledger.get(pending.busId);
    switch (request.kind) {
      case 'time':
        return;
      case 'place':
        if (order !== undefined) this.onPlaced(order, outcome, now);
        return;
      case 'replace':
        if (order !== undefined) this.amends.onReplaced(order, outcome, now);
        return;
      case 'modify':
        if (order !== undefined) this.amends.onModified(order, outcome, now);
        return;
      case 'query':
        if (order === undefined) return;
        if (order.replacing !== undefined && request.clientId === order.replacing.venueId) this.amends.onReplacementQueried(order, outcome, now);
        else this.onQueried(order, outcome, now);
        return;
      case 'cancelAll':
        return this.onCanceledAll(request.symbol, pending, outcome, now);
      case 'cancel':
        if (order !== undefined) this.onCanceled(order, outcome, pending, now);
        return;
      case 'myTrades':
        // By order: the fills a query could not name. Otherwise the reconciliation's.
        if (order !== undefined) {
          const trades = outcome.kind === 'ok' ? parseTrades(outcome.body) : [];
          if (typeof trades === 'string') return void this.counts.malformed++;
          for (const trade of trades) this.ledger.applyTrade(trade, now);
          return;
        }
        return this.reconciliation.onOutcome(request, outcome, now);
      case 'account':
      case 'positions':
        if (request.round !== undefined) return this.reconciliation.onOutcome(request, outcome, now);
        if (outcome.kind !== 'ok') return;
        if (this.futures !== undefined) this.futures.onPeriodic(request.kind, outcome.body, now);
        else this.reconciliation.publishRestBalances(outcome.body, now);
        return;
      default:
        this.reconciliation.onOutcome(request, outcome, now);
    }
  }

  private onPlaced(order: LiveOrder, outcome: TradeOutcome, now: number): void {
    if (outcome.kind === 'ok') {
      const listed = parseOrder(outcome.body);
      if (typeof listed === 'string') return this.markUnknown(order, 'submit', `an answer that could not be read (${listed})`, now);
      this.ledger.applyOrder(order, listed, now);
      // A futures answer names no fills: those its status counts are fetched by order (published once per trade id).
      if (order.filledFromStatus > order.filledLots) this.request({ kind: 'myTrades', symbol: listed.symbol, orderId: String(listed.orderId) }, order.busId, now);
      return;
    }
    if (order.phase !== 'placing') return; // the stream answered first
    if (outcome.kind === 'refused') {
      order.phase = 'done';
      this.counts.rejects++;
      return this.ledger.report(order, rejectReport(order.bus, refusalText(this.refusedBy, outcome.code, outcome.msg), now));
    }
    // It may exist. Never sent again; found by its id.
    this.markUnknown(order, 'submit', outcome.kind === 'unknown' ? outcome.reason : outcome.msg, now);
  }

  /** The answer to `request` was lost: said so, and (but for a cancel, which is simply repeated) looked up later. */
  markUnknown(order: LiveOrder, request: UnknownRequest, reason: string, now: number): void {
    this.counts.unknown++;
    if (request !== 'cancel') {
      order.phase = 'unknown';
      order.nextCheckAt = now + FIRST_CHECK_US;
    }
    const { venue, symbol, clientOrderId, strategyId, side } = order.bus;
    const what = request === 'submit' ? 'order' : request;
    this.ledger.report(order, {
      type: 'OrderStatusUnknown', venue, symbol, clientOrderId, strategyId, side, state: order.state(), request,
      reason: `${reason}: the ${what} may or may not have reached ${this.dialect.name}; checking by client order id`, ts: now, rts: now,
    });
  }

  private onQueried(order: LiveOrder, outcome: TradeOutcome, now: number): void {
    order.checking = false;
    if (outcome.kind === 'ok') {
      const listed = parseOrder(outcome.body);
      if (typeof listed === 'string') {
        this.counts.malformed++;
        order.nextCheckAt = now + CHECK_EVERY_US;
        return;
      }
      this.ledger.applyOrder(order, listed, now);
      this.amends.onModifyQueried(order, listed, now);
      // Fills a query cannot name: fetched by order, published once per trade id.
      if (order.filledFromStatus > order.filledLots) this.request({ kind: 'myTrades', symbol: listed.symbol, orderId: String(listed.orderId) }, order.busId, now);
      return;
    }
    if (outcome.kind === 'refused' && outcome.code === ERROR.NO_SUCH_ORDER) {
      // Not there, and it was never sent by this gateway (the session tag rules out older ones): place it now.
      if (order.phase === 'checking') return this.place(order, now);
      if (order.phase !== 'unknown') return;
      order.notFound.push(now);
      if (order.notFound.length >= 2 && now - order.notFound[0]! >= (this.config.lostAfterUs ?? LOST_AFTER_US)) {
        this.counts.lost++;
        order.phase = 'done';
        return this.ledger.report(order, rejectReport(order.bus, `never reached ${this.refusedBy}: not found by its client order id, checked twice 10 s apart; not sent again`, now));
      }
    }
    // Unknown again, or not found yet: ask again later (a query is safe to repeat).
    if (order.phase === 'unknown') order.nextCheckAt = now + CHECK_EVERY_US;
    else if (order.phase === 'checking') this.request({ kind: 'query', symbol: order.command.symbol, clientId: order.venueId }, order.busId, now + CHECK_EVERY_US);
  }

  private onCanceled(order: LiveOrder, outcome: TradeOutcome, pending: Pending, now: number): void {
    if (outcome.kind === 'ok') {
      const listed = parseOrder(outcome.body);
      return typeof listed === 'string' ? void this.counts.malformed++ : this.ledger.applyOrder(order, listed, now);
    }
    if (outcome.kind === 'refused') {
      if (order.phase === 'done') return;
      return this.emit(this.config.reportsPort, order.peer, requestRejectedOf(order.bus, 'cancel', refusalText(this.refusedBy, outcome.code, outcome.msg), now));
    }
    // Repeated: the second finds the order canceled (-2011) or cancels it.
    this.markUnknown(order, 'cancel', outcome.kind === 'unknown' ? outcome.reason : outcome.msg, now);
    if (isSafeToRepeat(pending.request)) this.request(pending.request, pending.busId, now + FIRST_CHECK_US);
  }

  /** Cancel-all answered: every order believed open in the symbol is looked up (the stream may lag); unknown: again. */
  private onCanceledAll(symbol: string, pending: Pending, outcome: TradeOutcome, now: number): void {
    if (outcome.kind === 'ok') {
      for (const order of this.ledger.all()) {
        if (order.command.symbol === symbol && order.phase === 'open') this.request({ kind: 'query', symbol, clientId: order.venueId }, order.busId, now);
      }
      return;
    }
    if (outcome.kind === 'unknown' && isSafeToRepeat(pending.request)) this.request(pending.request, undefined, now + FIRST_CHECK_US);
  }
}
