/**
 * What the terminal knew at one moment of a recorded session: the same market view, order board and trading view the
 * live host keeps, fed from the recording instead of the bus, and the workers' lifecycle marks. It turns that state
 * into the messages a window takes — so every panel shows the recorded moment exactly as it showed the live one.
 */
import { formatPrice } from '../../workers/core/instrument.js';
import type { HostToRenderer, PlaybackStatus, TradeView } from '../../workers/protocol/channels.js';
import { decodeFrame } from '../../workers/protocol/codec.js';
import type { Timeframe } from '../../workers/protocol/messages.js';
import { accountRow, EquitySeries, venueAccountRows } from '../host/account-view.js';
import { helloMessage } from '../host/host-state.js';
import { MarketView } from '../host/market-view.js';
import { OrderBoard } from '../host/order-board.js';
import { ownerRows, positionRows, riskRows } from '../host/state-rows.js';
import { TradingView } from '../host/trading-view.js';
import type { SessionTimeline, TimelineEntry } from './session-timeline.js';
import { deepCopy } from './deep-copy.js';
import { workerRowsAt } from './worker-marks.js';

/** The state of a session at the moment up to which entries have been applied. */
export class PlaybackView {
  readonly market: MarketView;
  readonly board: OrderBoard;
  readonly trading = new TradingView();
  private readonly equity = new EquitySeries();
  /** Recorded frames that did not decode (a recording of a newer build, or damage): counted, never thrown. */
  refused = 0;

  constructor(private readonly timeline: SessionTimeline) {
    const { config, registry } = timeline;
    this.market = new MarketView(config.endpoints, registry, registry.all());
    this.board = new OrderBoard((venue, symbol, ticks) => {
      const instrument = registry.find(venue, symbol);
      return instrument === undefined ? String(ticks) : formatPrice(instrument, ticks);
    });
  }

  /** An independent copy of this state (a keyframe the player can go back to without replaying from the start). */
  clone(): PlaybackView {
    const shared = new Set<object>([this.timeline, this.timeline.registry, this.timeline.config]);
    return deepCopy(this, shared);
  }

  /** Applies one recorded frame, as the live host would have on receiving it. */
  apply(entry: TimelineEntry): void {
    const decoded = decodeFrame(entry.payload, this.timeline.registry);
    this.refused += decoded.refusals.length;
    const atMs = entry.time / 1000;
    for (const message of decoded.messages) {
      if (entry.stream === 'md') {
        this.market.take(message, atMs);
        continue;
      }
      this.board.apply(message);
      this.trading.take(message);
    }
    if (entry.stream === 'risk') this.equity.sample(this.trading.account, atMs);
  }

  /**
   * Everything a window opened now needs to show the moment of `status`. Changes not yet sent stay for the next
   * frame, which the other windows still need; so no prints either (the tape fills from the next frame on).
   */
  current(status: PlaybackStatus): HostToRenderer[] {
    return this.picture(status, []);
  }

  /**
   * The whole picture for every window, after a move: what was pending is part of it (drained, so the next frame
   * carries only what comes after), and the tape starts from the newest prints.
   */
  pictureForAll(status: PlaybackStatus): HostToRenderer[] {
    const recent = this.market.drain();
    this.board.drain();
    return this.picture(status, recent?.trades ?? []);
  }

  private picture(status: PlaybackStatus, trades: TradeView[]): HostToRenderer[] {
    const { orders, fills } = this.board.all();
    const { session, start, end } = status;
    return [
      { ...helloMessage(this.timeline.config), replay: { session, start, end } },
      this.state(status.at),
      { channel: 'market', books: this.market.books(), trades, bars: [] },
      { channel: 'orders', orders },
      { channel: 'fills', fills },
      { channel: 'playback', ...status },
    ];
  }

  /** What changed since the last frame: market, orders and fills (each only if something did). */
  frame(): HostToRenderer[] {
    const out: HostToRenderer[] = [];
    const market = this.market.drain();
    if (market !== undefined) out.push({ channel: 'market', ...market });
    const { orders, fills } = this.board.drain();
    if (orders.length > 0) out.push({ channel: 'orders', orders });
    if (fills.length > 0) out.push({ channel: 'fills', fills });
    return out;
  }

  /** The chart's bars of an instrument and timeframe as known at this moment. */
  history(venue: string, symbol: string, tf: Timeframe): HostToRenderer {
    return { channel: 'history', venue, symbol, tf, bars: this.market.history(venue, symbol, tf) };
  }

  /** The slower-moving state at `atUs`: workers, positions, risk, account; no strategies, keys or exits (not recorded). */
  state(atUs: number): Extract<HostToRenderer, { channel: 'state' }> {
    const { config, registry, marks } = this.timeline;
    const { trading } = this;
    const risk = trading.riskStatus;
    return {
      channel: 'state',
      workers: workerRowsAt(marks, atUs),
      positions: positionRows(trading.positions, registry),
      totals: { ...trading.totals },
      trading: risk === undefined ? { state: 'active', cause: '' } : { state: risk.state, cause: risk.cause, ...(risk.breaker === undefined ? {} : { breaker: { ...risk.breaker } }) },
      risk: riskRows(config, registry, trading.positions, this.board.working().length),
      strategies: [],
      exits: [],
      brackets: [],
      ...(trading.account === undefined ? {} : { account: accountRow(trading.account) }),
      equity: this.equity.all(),
      owners: ownerRows(trading.owners, registry),
      keys: [],
      venueAccounts: venueAccountRows(trading.venueAccounts, trading.reconciliations),
      keyStoreProblem: '',
      dataAgeMs: this.market.dataAge(atUs / 1000),
      time: atUs,
    };
  }
}
