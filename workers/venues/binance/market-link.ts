/**
 * The I/O around one market's {@link BinanceAdapter}: one combined WebSocket stream for all its symbols (diff depth
 * at 100 ms and trades) and the REST depth snapshots the adapter asks for, each arrival stamped with its time. A
 * snapshot request that fails, or one the adapter finds too old, is asked again after a short wait that grows.
 */
import type { Instrument } from '../../core/instrument.js';
import type { Outgoing } from '../../core/worker-core.js';
import { nowMicros } from '../../runtime/clock.js';
import { BinanceAdapter } from './binance-adapter.js';
import { Backoff } from './backoff.js';
import { StreamConnection } from './stream-connection.js';

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
}

/** Binance's URL paths of each market. */
const PATHS = {
  spot: { depth: '/api/v3/depth', trades: 'trade' },
  usdm: { depth: '/fapi/v1/depth', trades: 'aggTrade' },
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
    const { market } = options;
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
        onText: (text) => this.adapter.onFrame(text, nowMicros()),
        onClose: (reason) => {
          options.log('warn', `binance ${market}: ${reason}; reconnecting`);
          this.adapter.onDisconnected(reason, nowMicros());
        },
        onError: (error) => options.log('warn', `binance ${market}: ${error.message}`),
      },
    );
  }

  start(): void {
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
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const body: unknown = await response.json();
      if (this.stopped) return;
      if (!response.ok) throw new Error(`HTTP ${response.status} ${JSON.stringify(body).slice(0, 120)}`);
      const before = this.adapter.counts.snapshots;
      this.adapter.onSnapshot(symbol, body, nowMicros());
      if (this.adapter.counts.snapshots > before) {
        pacing.backoff.reset();
        pacing.repeat = false;
      }
    } catch (error) {
      if (this.stopped) return;
      this.options.log('warn', `binance ${this.options.market} ${symbol}: depth snapshot failed: ${(error as Error).message}`);
      this.adapter.onSnapshotFailed(symbol, (error as Error).message, nowMicros());
    }
  }
}
