/**
 * The I/O around one market's {@link BinanceAdapter}: one combined WebSocket stream for all its symbols (diff depth
 * at 100 ms and trades) and the REST depth snapshots the adapter asks for, each arrival stamped with its time. A
 * snapshot request that fails, or one the adapter finds too old, is asked again after a short wait that grows.
 * With a raw sink, every input the adapter gets is recorded too, with the very time the adapter was given (the
 * exchangeInfo body is fetched once more for it, so a recording holds the instruments it was read with).
 */
import type { Instrument } from '../../core/instrument.js';
import type { Outgoing } from '../../core/worker-core.js';
import { nowMicros } from '../../runtime/clock.js';
import { BinanceAdapter } from './binance-adapter.js';
import { Backoff } from './backoff.js';
import { StreamConnection } from './stream-connection.js';
import type { RawSink } from './raw-records.js';

export interface MarketLinkOptions {
  market: 'spot' | 'usdm';
  restUrl: string;
  wsUrl: string;
  instruments: Instrument[];
  snapshotDepth: number;
  reconnect: { initialMs: number; maxMs: number };
  silenceMs: number;
  publish(message: Outgoing): void;
  log(level: 'info' | 'warn', text: string): void;
  /** Record the raw traffic (venues.binance.recordRaw). */
  raw?: RawSink;
}

/** Binance's URL paths of each market. */
const PATHS = {
  spot: { depth: '/api/v3/depth', trades: 'trade', info: '/api/v3/exchangeInfo' },
  usdm: { depth: '/fapi/v1/depth', trades: 'aggTrade', info: '/fapi/v1/exchangeInfo' },
} as const;

/** One market's live link: see the module comment. */
export class MarketLink {
  readonly adapter: BinanceAdapter;
  private readonly stream: StreamConnection;
  /** Per symbol: the pacing of snapshot requests, and whether the next one is a repeat (which waits). */
  private readonly retries = new Map<string, { backoff: Backoff; repeat: boolean }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: MarketLinkOptions) {
    const { market, raw } = options;
    this.adapter = new BinanceAdapter(market, options.instruments, {
      publish: options.publish,
      requestSnapshot: (symbol) => this.fetchSnapshot(symbol),
    }, options.snapshotDepth);
    const streams = options.instruments.flatMap((i) => {
      const s = i.symbol.toLowerCase();
      return [`${s}@depth@100ms`, `${s}@${PATHS[market].trades}`];
    });
    this.stream = new StreamConnection(
      { url: `${options.wsUrl}/stream?streams=${streams.join('/')}`, reconnect: options.reconnect, silenceMs: options.silenceMs },
      {
        onOpen: () => options.log('info', `binance ${market}: stream connected`),
        onText: raw === undefined
          ? (text) => this.adapter.onFrame(text, nowMicros())
          : (text) => {
              const now = nowMicros();
              this.adapter.onFrame(text, now);
              raw.record(market, 'ws', '', text, now);
            },
        onClose: (reason) => {
          options.log('warn', `binance ${market}: ${reason}; reconnecting`);
          const now = nowMicros();
          raw?.record(market, 'down', '', reason, now);
          this.adapter.onDisconnected(reason, now);
        },
        onError: (error) => options.log('warn', `binance ${market}: ${error.message}`),
      },
    );
  }

  start(): void {
    if (this.options.raw !== undefined) void this.recordExchangeInfo(this.options.raw);
    this.stream.start();
  }

  stop(): void {
    this.stopped = true;
    this.stream.close();
    for (const timer of this.timers) clearTimeout(timer);
  }

  get connects(): number {
    return this.stream.connects;
  }

  private fetchSnapshot(symbol: string): void {
    let pacing = this.retries.get(symbol);
    if (pacing === undefined) this.retries.set(symbol, (pacing = { backoff: new Backoff(100, 5_000), repeat: false }));
    // The first request goes at once; a repeat (failure, or a snapshot older than the stream) waits a little more each time.
    const wait = pacing.repeat ? pacing.backoff.next() : 0;
    pacing.repeat = true;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.requestSnapshot(symbol, pacing);
    }, wait);
    this.timers.add(timer);
  }

  private async requestSnapshot(symbol: string, pacing: { backoff: Backoff; repeat: boolean }): Promise<void> {
    if (this.stopped) return;
    const url = `${this.options.restUrl}${PATHS[this.options.market].depth}?symbol=${symbol}&limit=${this.options.snapshotDepth}`;
    const raw = this.options.raw;
    const { market } = this.options;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      // Read as text so a recording holds the body exactly as it came.
      const text = await response.text();
      if (this.stopped) return;
      if (!response.ok) throw new Error(`HTTP ${response.status} ${text.slice(0, 120)}`);
      const body: unknown = JSON.parse(text);
      const now = nowMicros();
      raw?.record(market, 'depth', symbol, text, now);
      const before = this.adapter.counts.snapshots;
      this.adapter.onSnapshot(symbol, body, now);
      if (this.adapter.counts.snapshots > before) {
        pacing.backoff.reset();
        pacing.repeat = false;
      }
    } catch (error) {
      if (this.stopped) return;
      this.options.log('warn', `binance ${this.options.market} ${symbol}: depth snapshot failed: ${(error as Error).message}`);
      const now = nowMicros();
      raw?.record(market, 'depthFailed', symbol, (error as Error).message, now);
      this.adapter.onSnapshotFailed(symbol, (error as Error).message, now);
    }
  }

  /** The venue's exchangeInfo, for the recording only (the instruments in use came from the host's copy). */
  private async recordExchangeInfo(raw: RawSink): Promise<void> {
    const { market, restUrl, instruments } = this.options;
    const symbols = instruments.map((i) => i.symbol);
    // Spot can be asked for just our symbols (a small body); futures always answers with the whole list.
    const query = market === 'spot' ? `?symbols=${encodeURIComponent(JSON.stringify(symbols))}` : '';
    try {
      const response = await fetch(`${restUrl}${PATHS[market].info}${query}`, { signal: AbortSignal.timeout(10_000) });
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status} ${text.slice(0, 120)}`);
      if (!this.stopped) raw.record(market, 'info', symbols.join(','), text, nowMicros());
    } catch (error) {
      this.options.log('warn', `binance ${market}: exchangeInfo for the raw recording failed: ${(error as Error).message}`);
    }
  }
}
