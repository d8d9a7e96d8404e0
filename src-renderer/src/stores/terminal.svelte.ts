/**
 * The terminal's state: every store, fed by one subscription to the bridge (never one per component), and the one
 * `send`. Panels get it from context (context.ts).
 */
import type { Instrument } from '../../../workers/core/instrument.js';
import type { BookView, HostToRenderer, RendererToHost } from '../../../workers/protocol/channels.js';
import type { Bridge } from '../bridge.ts';
import { touch } from '../ladder/ladder-rows.js';
import { compactMessages } from '../model/message-batch.ts';
import { batchPerFrame } from './frame-batch.ts';
import { ConfirmStore } from './confirm.svelte.ts';
import { HistoryStore } from '../model/history-store.svelte.ts';
import { BacktestStore } from '../model/backtest-store.svelte.ts';
import { KeymapStore } from './keymap.svelte.ts';
import { LayoutStore } from './layout.svelte.ts';
import { LogStore } from './log.svelte.ts';
import { MarketStore } from './market.svelte.ts';
import { OrdersStore } from './orders.svelte.ts';
import { PlaybackStore } from './playback.svelte.ts';
import type { SettingsStorage } from './persist.ts';
import { SessionStore } from './session.svelte.ts';
import { TicketStore } from './ticket.svelte.ts';
import { UiStore } from './ui.svelte.ts';

type BridgeLike = Pick<Bridge, 'status' | 'onMessage' | 'onStatus' | 'send'>;

export class Terminal {
  readonly session = new SessionStore();
  readonly market = new MarketStore();
  readonly orders = new OrdersStore();
  readonly log = new LogStore();
  readonly confirm = new ConfirmStore();
  readonly history = new HistoryStore();
  readonly backtest = new BacktestStore();
  readonly playback: PlaybackStore;
  readonly ui: UiStore;
  readonly layout: LayoutStore;
  readonly keymap: KeymapStore;
  readonly ticket: TicketStore;

  /** The selected instrument, once the host has named it. */
  readonly instrument: Instrument | undefined = $derived.by(() => this.session.byKey.get(this.ui.instrumentKey));
  /** The selected instrument's book. */
  readonly book: BookView | undefined = $derived.by(() => this.market.books[this.ui.instrumentKey]);

  readonly #bridge: BridgeLike;
  readonly #disposers: Array<() => void>;
  /** The chart request last sent on this connection, so it is sent once per change. */
  #chartRequested = '';

  constructor(bridge: BridgeLike, storage: SettingsStorage) {
    this.#bridge = bridge;
    this.playback = new PlaybackStore((command) => this.send(command));
    this.ui = new UiStore(storage);
    this.layout = new LayoutStore(storage);
    this.keymap = new KeymapStore(storage);
    this.ticket = new TicketStore({
      instrument: () => this.instrument,
      touch: () => (this.book === undefined ? { bid: undefined, ask: undefined } : touch(this.book.bids, this.book.asks)),
      last: () => this.market.lastPrice[this.ui.instrumentKey],
      accounts: () => this.liveAccounts().map((a) => a.account),
    });
    this.session.setConnection(bridge.status);
    // Messages are taken once per frame, all together: one store change and one DOM update per frame at most.
    const take = batchPerFrame<HostToRenderer>((batch) => this.applyAll(batch));
    this.#disposers = [bridge.onMessage(take), bridge.onStatus((status) => this.#onStatus(status))];
  }

  /** The venue accounts the selected instrument can trade in: a live instrument's venue's (none for sim or paper). */
  liveAccounts(): Array<{ account: string; network: 'testnet' | 'live' }> {
    const venue = this.instrument?.venue;
    if (!this.session.live.has(this.ui.instrumentKey) || venue === undefined) return [];
    return this.session.liveAccounts.filter((a) => a.venues === undefined || a.venues.includes(venue));
  }

  /** Takes host messages into the stores in order, consecutive market messages as one; one that fails spoils no other. */
  applyAll(messages: readonly HostToRenderer[]): void {
    for (const message of compactMessages(messages)) {
      try {
        this.apply(message);
      } catch (error) {
        console.error(`[terminal] ${message.channel} message failed:`, error);
      }
    }
  }

  /** Takes one host message into the stores. */
  apply(message: HostToRenderer): void {
    switch (message.channel) {
      case 'hello':
        // A hello starts a whole new picture (a reconnection, a recorded session opened or moved, back to live).
        this.market.reset();
        this.orders.reset();
        this.playback.applyHello(message);
        this.session.applyHello(message);
        this.#chartRequested = '';
        this.#afterHello();
        break;
      case 'state':
        this.session.applyState(message);
        break;
      case 'market':
        this.market.applyMarket(message);
        if (this.ticket.priceText === '') this.ticket.fillPriceIfEmpty();
        break;
      case 'orders':
        this.orders.applyOrders(message);
        break;
      case 'fills':
        this.orders.applyFills(message);
        break;
      case 'history':
        this.market.applyHistory(message);
        break;
      case 'log':
        this.log.applyLog(message);
        break;
      case 'historyResult':
        this.history.apply(message);
        break;
      case 'backtest':
        this.backtest.apply(message);
        break;
      case 'playback':
        this.playback.applyStatus(message);
        break;
      case 'sessions':
        this.playback.applySessions(message);
        break;
    }
  }

  /** Sends a command; logs it if there is no connection to send it on. Returns whether it went. */
  send(command: RendererToHost): boolean {
    if (!this.playback.allows(command)) {
      this.log.append('ui', 'warn', `${command.channel} not sent: a recorded session is shown (L goes back to live)`);
      return false;
    }
    const sent = this.#bridge.send(command);
    if (!sent) this.log.append('ui', 'warn', `not connected: ${command.channel} not sent`);
    return sent;
  }

  /** Selects an instrument for chart, ladder, tape and ticket, and asks for its chart. */
  selectInstrument(key: string): void {
    const instrument = this.session.byKey.get(key);
    if (instrument === undefined) return;
    if (key !== this.ui.instrumentKey || this.ticket.qtyText === '') {
      this.ui.selectInstrument(key);
      this.ticket.reset(instrument);
    }
    this.requestChart();
  }

  /** Asks the host for the selected chart's history (once per instrument and timeframe on this connection). */
  requestChart(): void {
    const instrument = this.instrument;
    if (instrument === undefined) return;
    const key = { venue: instrument.venue, symbol: instrument.symbol, tf: this.ui.timeframe };
    this.market.selectBars(key);
    const id = `${instrument.key}:${key.tf}`;
    if (id === this.#chartRequested || this.session.connection !== 'open') return;
    if (this.#bridge.send({ channel: 'chart', ...key })) this.#chartRequested = id;
  }

  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  #afterHello(): void {
    const known = this.session.byKey.has(this.ui.instrumentKey);
    const key = known ? this.ui.instrumentKey : this.session.instruments[0]?.key;
    if (key !== undefined) this.selectInstrument(key);
  }

  #onStatus(status: Bridge['status']): void {
    const was = this.session.connection;
    this.session.setConnection(status);
    if (status !== 'open') this.#chartRequested = '';
    if (status === 'open') this.log.append('ui', 'info', 'connected to the host');
    else if (status === 'reconnecting' && was === 'open') this.log.append('ui', 'warn', 'connection lost, reconnecting');
    else if (status === 'closed') this.log.append('ui', 'error', 'connection closed');
    // A host that does not greet (an older one) still gets the chart request once instruments are known.
    if (status === 'open' && this.session.instruments.length > 0) this.requestChart();
  }
}
