/**
 * The I/O around one ccxt venue: opens the exchange, loads its markets, and for each instrument runs two loops —
 * the book (`watchOrderBook`, or `fetchOrderBook` every `pollMs` without a WebSocket) and the tape (`watchTrades` /
 * `fetchTrades`) — handing what ccxt returns to the instrument's {@link BookNormaliser} with its arrival time. A
 * call that fails (connection dropped, venue error) is a `gap` report; the loop waits with backoff and calls again,
 * which makes ccxt reconnect and subscribe afresh.
 */
import type { Exchange } from 'ccxt';
import type { Instrument } from '../../core/instrument.js';
import type { Outgoing } from '../../core/worker-core.js';
import type { CcxtVenueConfig } from '../../protocol/config.js';
import { nowMicros } from '../../runtime/clock.js';
import { Backoff } from '../binance/backoff.js';
import { BookNormaliser, type CcxtBookLike, type CcxtTradeLike } from './book-normaliser.js';
import { gridOf } from './ccxt-numbers.js';
import { openExchange } from './ccxt-exchange.js';
import { ourSymbol, venueGrid, type CcxtMarketLike } from './market-spec.js';
import { NewTrades } from './new-trades.js';

export interface CcxtLinkOptions {
  venue: CcxtVenueConfig;
  /** The registry's instruments of this venue (from the host's loadMarkets). */
  instruments: Instrument[];
  publish(message: Outgoing): void;
  log(level: 'info' | 'warn', text: string): void;
}

interface Followed {
  unified: string;
  normaliser: BookNormaliser;
  trades: NewTrades;
}

/** One venue's live link: see the module comment. */
export class CcxtLink {
  private exchange: Exchange | undefined;
  private streaming = false;
  private stopped = false;
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  readonly followed: Followed[] = [];

  constructor(private readonly options: CcxtLinkOptions) {}

  /** The venue's name, for logs. */
  get name(): string {
    return this.options.venue.venue ?? this.options.venue.exchange;
  }

  /** Opens the exchange (retrying with backoff until it answers) and starts the loops. */
  async start(): Promise<void> {
    const { venue } = this.options;
    const backoff = new Backoff(venue.reconnect.initialMs, venue.reconnect.maxMs);
    const opened = await openExchange(venue, true);
    this.exchange = opened.exchange;
    this.streaming = opened.streaming;
    let markets: Record<string, unknown> | undefined;
    while (!this.stopped && markets === undefined) {
      try {
        markets = await opened.exchange.loadMarkets();
      } catch (error) {
        this.options.log('warn', `${venue.venue}: loadMarkets failed: ${(error as Error).message}`);
        await this.sleep(backoff.next());
      }
    }
    if (markets === undefined) return;
    for (const configured of venue.symbols) {
      const followed = this.follow(configured, markets[configured.symbol] as CcxtMarketLike | undefined, opened.exchange.precisionMode ?? 0);
      if (followed === undefined) continue;
      this.followed.push(followed);
      void this.bookLoop(followed);
      void this.tradeLoop(followed);
    }
    this.options.log('info', `${venue.venue}: ${this.followed.length} instrument(s) through ccxt ${venue.exchange} (${this.streaming ? 'WebSocket' : `REST every ${venue.pollMs} ms`})`);
  }

  /** What the normalisers saw and refused, summed over this venue's instruments. */
  counters(): Record<string, number> {
    const sum: Record<string, number> = {};
    for (const { normaliser } of this.followed) {
      for (const [name, n] of Object.entries(normaliser.counts)) sum[`${this.name}_${name}`] = (sum[`${this.name}_${name}`] ?? 0) + n;
    }
    return sum;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const sleep of this.sleeps) {
      clearTimeout(sleep.timer);
      sleep.resolve();
    }
    try {
      await this.exchange?.close();
    } catch {
      // Closing is best effort: the process is leaving.
    }
  }

  /** The normaliser of a configured symbol whose grid is the registry's, or undefined (logged) when it is not. */
  private follow(configured: CcxtVenueConfig['symbols'][number], market: CcxtMarketLike | undefined, precisionMode: number): Followed | undefined {
    const { venue, instruments, log } = this.options;
    const instrument = instruments.find((i) => i.symbol === ourSymbol(configured.symbol));
    if (market === undefined || instrument === undefined) {
      log('warn', `${venue.venue}: ${configured.symbol} is not listed (or has no instrument): not followed`);
      return undefined;
    }
    try {
      const grid = venueGrid(market, precisionMode, configured);
      return {
        unified: configured.symbol,
        normaliser: new BookNormaliser(instrument, { price: gridOf(grid.tickSize), amount: gridOf(grid.amountStep) }, venue.depth),
        trades: new NewTrades(),
      };
    } catch (error) {
      log('warn', `${venue.venue}: ${configured.symbol}: ${(error as Error).message}: not followed`);
      return undefined;
    }
  }

  private async bookLoop(followed: Followed): Promise<void> {
    const { venue } = this.options;
    const exchange = this.exchange as Exchange;
    const backoff = new Backoff(venue.reconnect.initialMs, venue.reconnect.maxMs);
    while (!this.stopped) {
      try {
        const book = (this.streaming
          ? await exchange.watchOrderBook(followed.unified)
          : await exchange.fetchOrderBook(followed.unified, venue.depth)) as unknown as CcxtBookLike;
        if (this.stopped) return;
        this.publishAll(followed.normaliser.onBook(book, nowMicros()));
        backoff.reset();
        if (!this.streaming) await this.sleep(venue.pollMs);
      } catch (error) {
        if (this.stopped) return;
        const reason = `order book: ${(error as Error).message.slice(0, 200)}`;
        this.options.log('warn', `${venue.venue} ${followed.unified}: ${reason}; trying again`);
        this.publishAll(followed.normaliser.gap(reason, nowMicros()));
        await this.sleep(backoff.next());
      }
    }
  }

  private async tradeLoop(followed: Followed): Promise<void> {
    const { venue } = this.options;
    const exchange = this.exchange as Exchange;
    const backoff = new Backoff(venue.reconnect.initialMs, venue.reconnect.maxMs);
    while (!this.stopped) {
      try {
        const trades = (this.streaming
          ? await exchange.watchTrades(followed.unified)
          : await exchange.fetchTrades(followed.unified, followed.trades.newest)) as unknown as CcxtTradeLike[];
        if (this.stopped) return;
        const fresh = followed.trades.filter(trades);
        if (fresh.length > 0) this.publishAll(followed.normaliser.onTrades(fresh, nowMicros()));
        backoff.reset();
        if (!this.streaming) await this.sleep(venue.pollMs);
      } catch (error) {
        if (this.stopped) return;
        // The book loop reports the venue's state; a tape that fails only waits and asks again.
        this.options.log('warn', `${venue.venue} ${followed.unified}: trades: ${(error as Error).message.slice(0, 200)}; trying again`);
        await this.sleep(backoff.next());
      }
    }
  }

  private publishAll(messages: Outgoing[]): void {
    for (const message of messages) this.options.publish(message);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => {
        this.sleeps.delete(entry);
        resolve();
      }, ms), resolve };
      this.sleeps.add(entry);
    });
  }
}
