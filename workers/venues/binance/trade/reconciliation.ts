/**
 * Reconciliation rounds of the live-orders core, at start and after every reconnect of the user stream: fetch open
 * orders, the fills since the last one seen and the balances; diff them with what the gateway believes
 * (reconcile-diff.ts); publish the differences (`ReconcileReport`, state `differences`) *before* acting on them; act;
 * then check again. Only a round with no blocking difference passes (`passed`), and only then do new orders go out.
 * A round that cannot finish (the venue did not answer, or answered something malformed) is `failed` and tried again
 * after {@link RETRY_US}. Spot's account is its balances (compared here); a futures account — margin and positions —
 * is checked by the host (futures-account.ts), which says its differences.
 */
import type { Instrument } from '../../../core/instrument.js';
import { qtyToLots } from '../../../core/instrument.js';
import type { Outgoing } from '../../../core/worker-core.js';
import type { AssetBalance, ReconcileDifference, ReconcileState } from '../../../protocol/messages.js';
import { parseOrders, parseTrades } from './wire-parse.js';
import type { BinanceAccount, BinanceOrder, BinanceTrade } from './binance-trade-types.js';
import type { ClientOrderIds } from './client-order-id.js';
import { reconcile, type BelievedOrder, type ListedFill, type ListedOrder } from './reconcile-diff.js';
import type { TradeOutcome, TradeRequest } from './trade-requests.js';

/** A failed round is tried again after this long, µs. */
export const RETRY_US = 5_000_000;
/** A round after differences were acted on follows after this long, µs (their answers arrive meanwhile). */
export const VERIFY_AFTER_US = 1_000_000;
/** The report is repeated this often, µs, so a client that connected late has it. */
const REPEAT_US = 5_000_000;
/** Fills looked for when none was seen yet: this far back, ms (Binance's myTrades window is at most 24 h). */
const LOOKBACK_MS = 6 * 3_600_000;

/** What reconciliation needs of the core. */
export interface ReconcileHost {
  readonly ids: ClientOrderIds;
  request(request: TradeRequest, busId: string | undefined, now: number): void;
  publish(message: Outgoing): void;
  believedOrders(): BelievedOrder[];
  seenFillIds(): ReadonlySet<string>;
  symbols(): string[];
  instrument(symbol: string): Instrument | undefined;
  adopt(venueId: string, busId: string, listed: BinanceOrder, now: number): void;
  fetchOrder(venueId: string, now: number): void;
  applyTrade(trade: BinanceTrade, now: number): void;
  release(now: number): void;
  /** The requests that fetch the account (spot: `account`; futures: `account` and `positions`). */
  accountKinds(): ReadonlyArray<'account' | 'positions'>;
  /**
   * A futures account's check from its REST answers by kind: the differences, and how to publish the venue's picture
   * (called after the report is out); a string when an answer is malformed; undefined for spot (balances, here).
   */
  checkAccount?(answers: ReadonlyMap<string, unknown>, now: number): { differences: ReconcileDifference[]; publish: () => void } | string | undefined;
}

interface Round {
  tag: number;
  cause: string;
  waiting: number;
  openOrders: BinanceOrder[];
  trades: BinanceTrade[];
  /** Account answers by request kind. */
  account: Map<string, unknown>;
}

/** One venue account's reconciliation. */
export class Reconciliation {
  state: ReconcileState = 'checking';
  private reason = 'not started';
  private differences: ReconcileDifference[] = [];
  private round: Round | undefined;
  private retryAt: number | undefined;
  private lastSent = 0;
  private believedBalances: Map<string, AssetBalance> | undefined;
  readonly counts = { rounds: 0, differences: 0, failed: 0 };

  constructor(
    private readonly venue: string,
    private readonly account: string,
    private readonly host: ReconcileHost,
  ) {}

  /** Starts a round (`cause`: start, reconnect, verify, retry). */
  begin(cause: string, now: number): void {
    this.counts.rounds++;
    this.retryAt = undefined;
    const symbols = this.host.symbols();
    const tag = this.counts.rounds;
    const accountKinds = this.host.accountKinds();
    this.round = { tag, cause, waiting: symbols.length * 2 + accountKinds.length, openOrders: [], trades: [], account: new Map() };
    for (const symbol of symbols) {
      this.host.request({ kind: 'openOrders', symbol, round: tag }, undefined, now);
      const fromId = this.lastTradeId(symbol);
      this.host.request(fromId === undefined
        ? { kind: 'myTrades', symbol, startTime: Math.floor(now / 1000) - LOOKBACK_MS, round: tag }
        : { kind: 'myTrades', symbol, fromId: fromId + 1, round: tag }, undefined, now);
    }
    for (const kind of accountKinds) this.host.request({ kind, round: tag }, undefined, now);
    this.set('checking', `checking open orders, fills and ${accountKinds.length > 1 ? 'positions' : 'balances'} (${cause})`, [], now);
  }

  /** No round can run now (the user stream is down): trading waits until the next one passes. */
  pause(reason: string, now: number): void {
    this.round = undefined;
    this.set('checking', reason, [], now);
  }

  onOutcome(request: TradeRequest, outcome: TradeOutcome, now: number): void {
    const round = this.round;
    if (round === undefined || (request.kind !== 'openOrders' && request.kind !== 'myTrades' && request.kind !== 'account' && request.kind !== 'positions')) return;
    if (request.round !== round.tag) return; // an answer to an earlier round
    if (outcome.kind !== 'ok') {
      const why = outcome.kind === 'unknown' ? outcome.reason : `${outcome.code} ${outcome.msg}`;
      return this.fail(request.kind, why, now);
    }
    if (request.kind === 'openOrders' || request.kind === 'myTrades') {
      const listed = request.kind === 'openOrders' ? parseOrders(outcome.body) : parseTrades(outcome.body);
      if (typeof listed === 'string') return this.fail(request.kind, listed, now);
      if (request.kind === 'openOrders') round.openOrders.push(...(listed as BinanceOrder[]));
      else round.trades.push(...(listed as BinanceTrade[]));
    } else {
      round.account.set(request.kind, outcome.body);
    }
    round.waiting--;
    if (round.waiting === 0) this.finish(round, now);
  }

  private fail(kind: string, why: string, now: number): void {
    this.round = undefined;
    this.counts.failed++;
    this.retryAt = now + RETRY_US;
    this.set('failed', `could not reconcile (${kind}: ${why}); trying again in 5 s`, [], now);
  }

  /** Balances from the user stream: what is believed from now on. */
  onStreamBalances(balances: readonly AssetBalance[]): void {
    this.believedBalances ??= new Map();
    for (const balance of balances) this.believedBalances.set(balance.asset, balance);
  }

  /** The periodic REST balances. */
  publishRestBalances(body: unknown, now: number): void {
    const account = body as BinanceAccount;
    const balances = balancesOf(account);
    this.believedBalances = new Map(balances.map((b) => [b.asset, b]));
    this.host.publish({ type: 'VenueAccount', venue: this.venue, account: this.account, source: 'rest', balances, updateTime: (account.updateTime ?? 0) * 1000, ts: now, rts: now });
  }

  onTimer(now: number): void {
    if (this.retryAt !== undefined && now >= this.retryAt) this.begin(this.state === 'differences' ? 'verify' : 'retry', now);
    else if (now - this.lastSent >= REPEAT_US) this.publishState(now);
  }

  private finish(round: Round, now: number): void {
    this.round = undefined;
    const listedOrders = round.openOrders.map((o) => this.listed(o)).filter((o): o is ListedOrder => o !== undefined);
    const listedFills: ListedFill[] = round.trades.map((t) => ({ symbol: t.symbol, tradeId: String(t.id), venueOrderId: String(t.orderId) }));
    const accountCheck = this.host.checkAccount?.(round.account, now);
    if (typeof accountCheck === 'string') return this.fail('account', accountCheck, now);
    const believed = accountCheck !== undefined || this.believedBalances === undefined ? undefined : [...this.believedBalances.values()];
    const balances = accountCheck !== undefined ? [] : balancesOf((round.account.get('account') ?? {}) as BinanceAccount);
    const result = reconcile({
      believedOrders: this.host.believedOrders(),
      seenFills: this.host.seenFillIds(),
      believedBalances: believed,
      listedOrders,
      listedFills,
      balances,
    });
    if (accountCheck !== undefined) {
      // Futures: the account's own differences replace the balance comparison, and its picture is published instead.
      result.differences.push(...accountCheck.differences);
      result.actions = result.actions.filter((a) => a.kind !== 'publish_balances');
    }
    const blocking = result.differences.filter((d) => d.blocking).length;
    this.counts.differences += result.differences.length;
    if (blocking > 0) {
      // Shown first, then acted on, then checked again.
      this.set('differences', `${blocking} difference(s) to resolve (${round.cause}); checking again once resolved`, result.differences, now);
      this.retryAt = now + VERIFY_AFTER_US;
    }
    for (const action of result.actions) {
      if (action.kind === 'adopt') {
        const order = round.openOrders.find((o) => o.clientOrderId === action.order.venueId);
        if (order !== undefined) this.host.adopt(action.order.venueId, action.order.busId ?? '', order, now);
      } else if (action.kind === 'fetch_order') this.host.fetchOrder(action.venueId, now);
      else if (action.kind === 'publish_fill') {
        const trade = round.trades.find((t) => String(t.id) === action.fill.tradeId && t.symbol === action.fill.symbol);
        if (trade !== undefined) this.host.applyTrade(trade, now);
      } else {
        this.believedBalances = new Map(balances.map((b) => [b.asset, b]));
        this.host.publish({ type: 'VenueAccount', venue: this.venue, account: this.account, source: 'rest', balances, updateTime: Math.floor(now), ts: now, rts: now });
      }
    }
    accountCheck?.publish();
    if (blocking > 0) return;
    const note = result.differences.length === 0 ? 'no differences' : `${result.differences.length} difference(s) for information only`;
    this.set('passed', `reconciled (${round.cause}): ${note}`, result.differences, now);
    this.host.release(now);
  }

  private listed(order: BinanceOrder): ListedOrder | undefined {
    const instrument = this.host.instrument(order.symbol);
    const filledLots = instrument === undefined ? undefined : qtyToLots(instrument, order.executedQty);
    if (filledLots === undefined) return undefined;
    const ours = this.host.ids.isOurs(order.clientOrderId);
    return { venueId: order.clientOrderId, symbol: order.symbol, venueOrderId: String(order.orderId), filledLots, ours, busId: ours ? this.host.ids.toBus(order.clientOrderId) : undefined };
  }

  private lastTradeId(symbol: string): number | undefined {
    let last: number | undefined;
    const prefix = `${symbol}:`;
    for (const key of this.host.seenFillIds()) {
      if (!key.startsWith(prefix)) continue;
      const id = Number(key.slice(prefix.length));
      if (Number.isSafeInteger(id) && (last === undefined || id > last)) last = id;
    }
    return last;
  }

  private set(state: ReconcileState, reason: string, differences: ReconcileDifference[], now: number): void {
    this.state = state;
    this.reason = reason;
    this.differences = differences;
    this.publishState(now);
  }

  private publishState(now: number): void {
    this.lastSent = now;
    this.host.publish({ type: 'ReconcileReport', venue: this.venue, account: this.account, state: this.state, reason: this.reason, differences: this.differences, ts: now, rts: now });
  }
}

/** Non-zero balances of an account answer. */
function balancesOf(account: BinanceAccount): AssetBalance[] {
  const zero = (s: string) => /^0*(\.0*)?$/.test(s);
  return (account.balances ?? []).filter((b) => !(zero(b.free) && zero(b.locked))).map((b) => ({ asset: b.asset, free: b.free, locked: b.locked }));
}
