/**
 * Live order routing for one venue account through ccxt: the Binance gateway's live-orders core
 * (workers/venues/binance/trade/live-orders-core.ts — at most one send per order, status unknown resolved by query,
 * fills once per trade id, reconciliation before trading) with ccxt as its transport, and a poll in place of
 * Binance's user stream: every `pollMs` the venue's open orders and the account's recent trades are fetched; orders
 * that ended or traded are looked up (ccxt-order-poll.ts) and trades handed to the core. A poll that fails counts as
 * the stream being down (new orders wait); the next that succeeds is a reconnect, and the core reconciles.
 * Outcomes enter the core directly, not through the gateway's journal, as for Binance.
 */
import type { Exchange } from 'ccxt';
import { qtyToLots } from '../../core/instrument.js';
import type { Emit } from '../../core/worker-core.js';
import type { Message, OrderCommand } from '../../protocol/messages.js';
import { nowMicros } from '../../runtime/clock.js';
import { LiveOrdersCore, type LiveOrdersConfig } from '../binance/trade/live-orders-core.js';
import { ccxtDialect } from './ccxt-dialect.js';
import { numberToDecimal } from './ccxt-numbers.js';
import { venueTradeOf, type CcxtOrderLike, type CcxtTradeLike } from './ccxt-order-map.js';
import { ordersToQuery, SeenTrades } from './ccxt-order-poll.js';
import { redact } from './ccxt-outcomes.js';
import { CcxtTradeTransport } from './ccxt-trade-transport.js';

export interface CcxtLiveOptions extends Omit<LiveOrdersConfig, 'dialect'> {
  exchange: Exchange;
  /** Our symbol → ccxt's unified symbol, for the instruments traded live. */
  symbols: ReadonlyMap<string, string>;
  pollMs: number;
  log?: (text: string) => void;
}

/** Shaped as the gateway's `LiveOrderRouter` (gateway-core.ts), ticked by the gateway. */
export class CcxtLiveOrders {
  readonly core: LiveOrdersCore;
  readonly counts = { polls: 0, polls_failed: 0, poll_queries: 0, poll_trades: 0, poll_malformed: 0 };
  private readonly exchange: Exchange;
  private readonly seen = new SeenTrades();
  /** Since when trades are asked for, per our symbol, ms. */
  private readonly since = new Map<string, number>();
  private up = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CcxtLiveOptions, emit: Emit) {
    this.exchange = options.exchange;
    const name = `${options.exchange.id} (ccxt)`;
    const has = options.exchange.has;
    const dialect = ccxtDialect({ name, stops: has.createStopLossOrder === true, takeProfits: has.createTakeProfitOrder === true });
    // ccxt caches the markets once loaded; a failed load is simply tried again by the next request.
    const ready = async (): Promise<void> => void (await this.exchange.loadMarkets());
    const transport = new CcxtTradeTransport(options.exchange, options.symbols, ready, (id, outcome) => this.core.onOutcome(id, outcome, {}, nowMicros()));
    this.core = new LiveOrdersCore({ ...options, dialect }, emit, transport);
  }

  /** Goes live: call once the gateway is past its journal replay. */
  start(): void {
    if (this.core.started) return;
    const now = nowMicros();
    this.core.start(now);
    // Fills from before the start are the reconciliation's to find; the poll follows what happens from now on.
    for (const symbol of this.options.symbols.keys()) this.since.set(symbol, Math.floor(now / 1000) - 60_000);
    void this.pollLoop();
  }

  onRecovered(): void {
    this.start();
  }

  onCommand(peer: string, message: Message | OrderCommand, now = nowMicros()): void {
    this.core.onCommand(peer, message as Message, now);
  }

  onTimer(now: number): void {
    this.core.onTimer(now);
  }

  cancelAll(symbol: string, now = nowMicros()): void {
    this.core.cancelAll(symbol, now);
  }

  counters(): Record<string, number> {
    const counts = { ...this.core.counters(nowMicros()), ...this.counts };
    return Object.fromEntries(Object.entries(counts).map(([k, v]) => [`live_${k}`, v]));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.pollOnce();
        this.counts.polls++;
        this.setUp(true);
      } catch (error) {
        this.counts.polls_failed++;
        // Said once per outage, redacted: ccxt's messages carry signed URLs (and at some exchanges the key).
        if (this.up || this.counts.polls === 0) this.options.log?.(`${this.exchange.id}: polling orders failed (${describe(error, [this.exchange.apiKey, this.exchange.secret])}); new orders wait for a reconciliation`);
        this.setUp(false);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.options.pollMs);
      });
    }
  }

  /** One round over the live symbols: open orders, then the account's trades since the last round. */
  private async pollOnce(): Promise<void> {
    await this.exchange.loadMarkets();
    for (const [symbol, ccxtSymbol] of this.options.symbols) {
      const open = await this.exchange.fetchOpenOrders(ccxtSymbol);
      const trades = await this.exchange.fetchMyTrades(ccxtSymbol, this.since.get(symbol));
      if (this.stopped) return;
      const now = nowMicros();
      const listed = this.listedOf(symbol, open);
      for (const venueId of ordersToQuery(this.core.believedOrders().filter((o) => o.symbol === symbol), listed)) {
        this.counts.poll_queries++;
        this.core.fetchOrder(venueId, now);
      }
      this.takeTrades(symbol, trades, now);
      this.core.onTimer(now);
    }
  }

  /** The open orders listed, as our client id → lots filled (undefined: not readable). */
  private listedOf(symbol: string, open: readonly CcxtOrderLike[]): Map<string, number | undefined> {
    const instrument = this.core.instrument(symbol);
    const listed = new Map<string, number | undefined>();
    for (const order of open) {
      // A listing without our id or with an unreadable amount is counted, never fatal: the order is looked up instead.
      const filled = order.filled;
      const readable = typeof filled === 'number' && Number.isFinite(filled) && filled >= 0;
      if (!readable || typeof order.clientOrderId !== 'string') this.counts.poll_malformed++;
      if (typeof order.clientOrderId === 'string') listed.set(order.clientOrderId, readable && instrument !== undefined ? qtyToLots(instrument, numberToDecimal(filled)) : undefined);
    }
    return listed;
  }

  /** Trades not handed over yet go to the core (which publishes each venue trade id once). */
  private takeTrades(symbol: string, trades: readonly CcxtTradeLike[], now: number): void {
    for (const trade of trades) {
      if (typeof trade.id !== 'string' || trade.id === '') {
        this.counts.poll_malformed++;
        continue;
      }
      if (!this.seen.add(`${symbol}:${trade.id}`)) continue;
      this.counts.poll_trades++;
      this.core.applyTrade(venueTradeOf(trade, symbol), now);
      // ccxt's `since` is inclusive: the last trade comes again next round, and is recognised by its id.
      if (typeof trade.timestamp === 'number') this.since.set(symbol, Math.max(this.since.get(symbol) ?? 0, trade.timestamp));
    }
  }

  /** The poll's health as the core's stream state: a recovery is a reconnect, and the core reconciles. */
  private setUp(up: boolean): void {
    if (up === this.up || this.stopped) return;
    this.up = up;
    this.core.onStreamState(up, nowMicros());
  }
}

/** An error for the log: its class and its message without keys or URL queries, shortened. */
function describe(error: unknown, secrets: readonly string[]): string {
  if (!(error instanceof Error)) return 'not an error';
  const text = redact(error.message, secrets);
  return `${error.constructor.name}: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}
