/**
 * The live-orders core wired to Binance: signed REST for requests, the user data stream for events, the local clock
 * for `now`. This is what the Binance gateway hosts for instruments in `live` mode. Outcomes and stream events enter
 * the core directly, not through the gateway's input journal: a gateway rebuilt from its journal must never repeat a
 * request to a real exchange, so the live side rebuilds from the venue itself (reconciliation) instead.
 */
import { nowMicros } from '../../../runtime/clock.js';
import type { Emit } from '../../../core/worker-core.js';
import type { Message, OrderCommand } from '../../../protocol/messages.js';
import { BinanceRest, type ApiCredentials } from './binance-rest.js';
import { LiveOrdersCore, type LiveOrdersConfig } from './live-orders-core.js';
import { UserStream } from './user-stream.js';

export interface BinanceLiveOptions extends LiveOrdersConfig {
  restUrl: string;
  wsUrl: string;
  credentials: ApiCredentials;
  timeoutMs?: number;
  recvWindowMs?: number;
  /** Local clock in ms (tests shift it to simulate drift). */
  clock?: () => number;
  keepAliveMs?: number;
  /** Its own tick, ms (default 50); 0 when the host ticks it through {@link BinanceLiveOrders.onTimer}. */
  tickMs?: number;
  log?: (text: string) => void;
}

/**
 * Live order routing for one Binance account on one market (spot, or USD-M futures with `dialect: FUTURES_DIALECT`). Shaped as the gateway's `LiveOrderRouter` (gateway-core.ts):
 * commands in, ticks, counters, and `onRecovered` — the end of the gateway's journal replay — to go live.
 */
export class BinanceLiveOrders {
  readonly core: LiveOrdersCore;
  private readonly stream: UserStream;
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;

  constructor(options: BinanceLiveOptions, emit: Emit) {
    this.tickMs = options.tickMs ?? 50;
    const rest = new BinanceRest(
      { baseUrl: options.restUrl, credentials: options.credentials, timeoutMs: options.timeoutMs, recvWindowMs: options.recvWindowMs, clock: options.clock, ...(options.dialect === undefined ? {} : { dialect: options.dialect }) },
      (id, outcome, headers) => this.core.onOutcome(id, outcome, headers, nowMicros()),
    );
    this.core = new LiveOrdersCore(options, emit, rest);
    this.stream = new UserStream(rest, { wsUrl: options.wsUrl, keepAliveMs: options.keepAliveMs, parse: this.core.dialect.userEvent }, {
      onEvent: (event) => this.core.onUserEvent(event, nowMicros()),
      onState: (up) => this.core.onStreamState(up, nowMicros()),
      onError: (text) => options.log?.(text),
    });
  }

  /** Goes live: call once the gateway is past its journal replay (its core's `onRecovered`). */
  start(): void {
    if (this.core.started) return;
    this.core.start(nowMicros());
    this.stream.start();
    if (this.tickMs <= 0) return;
    // Queries of unknown orders and waits for rate limits need a tick even when nothing else happens.
    this.timer = setInterval(() => this.core.onTimer(nowMicros()), this.tickMs);
    this.timer.unref();
  }

  /** The gateway has replayed its journal: from now on commands are live. */
  onRecovered(): void {
    this.start();
  }

  /** A command from the orders ROUTER; ignored until started (a journal replay must not trade). */
  onCommand(peer: string, message: Message | OrderCommand, now = nowMicros()): void {
    this.core.onCommand(peer, message as Message, now);
  }

  onTimer(now: number): void {
    this.core.onTimer(now);
  }

  /** Cancels every open order of `symbol` at the venue in one request. */
  cancelAll(symbol: string, now = nowMicros()): void {
    this.core.cancelAll(symbol, now);
  }

  counters(): Record<string, number> {
    const counts = this.core.counters(nowMicros());
    return Object.fromEntries(Object.entries(counts).map(([k, v]) => [`live_${k}`, v]));
  }

  stop(): void {
    clearInterval(this.timer);
    this.stream.close();
  }
}
