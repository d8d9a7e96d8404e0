/**
 * Binance's user data stream: a listenKey from REST, the WebSocket `<wsUrl>/ws/<listenKey>`, a keep-alive PUT every
 * 30 minutes (the key lapses after 60), and a new key and socket after any drop (backoff from 250 ms to 30 s). Each
 * connect and drop is told to the core, which reconciles after every reconnect.
 */
import WebSocket from 'ws';
import type { UserStreamEvent } from './binance-trade-types.js';
import type { BinanceRest } from './binance-rest.js';

export interface UserStreamOptions {
  wsUrl: string;
  /** Reads a frame: the event, undefined when not acted on, or why it is malformed (the market's dialect). */
  parse: (raw: unknown) => UserStreamEvent | string | undefined;
  keepAliveMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

export interface UserStreamSink {
  onEvent(event: UserStreamEvent): void;
  onState(up: boolean): void;
  onError(text: string): void;
}

/** One account's user data stream, reconnecting until closed. */
export class UserStream {
  private socket: WebSocket | undefined;
  private listenKey: string | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private waitMs: number;
  private closed = false;

  constructor(
    private readonly rest: BinanceRest,
    private readonly options: UserStreamOptions,
    private readonly sink: UserStreamSink,
  ) {
    this.waitMs = options.backoff?.initialMs ?? 250;
  }

  start(): void {
    void this.connect();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.keepAlive);
    clearTimeout(this.retry);
    this.socket?.terminate();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const { outcome } = await this.rest.listenKey('POST');
    if (outcome.kind !== 'ok' || typeof (outcome.body as { listenKey?: unknown }).listenKey !== 'string') {
      this.sink.onError(`user stream: no listenKey (${outcome.kind === 'ok' ? 'bad answer' : outcome.kind})`);
      return this.again();
    }
    this.listenKey = (outcome.body as { listenKey: string }).listenKey;
    const socket = new WebSocket(`${this.options.wsUrl}/ws/${this.listenKey}`);
    this.socket = socket;
    socket.on('open', () => {
      this.waitMs = this.options.backoff?.initialMs ?? 250;
      clearInterval(this.keepAlive);
      this.keepAlive = setInterval(() => void this.rest.listenKey('PUT', this.listenKey), this.options.keepAliveMs ?? 30 * 60_000);
      this.keepAlive.unref();
      this.sink.onState(true);
    });
    socket.on('message', (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        return this.sink.onError('user stream: a frame that is not JSON');
      }
      const event = this.options.parse(raw);
      if (event === undefined) return;
      if (typeof event === 'string') return this.sink.onError(`user stream: ${event}`);
      // Binance closes the stream soon after: a new key and socket now, and a reconciliation after it.
      if (event.e === 'listenKeyExpired') return void socket.terminate();
      this.sink.onEvent(event);
    });
    socket.on('error', (error) => this.sink.onError(`user stream: ${error.message}`));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      clearInterval(this.keepAlive);
      this.sink.onState(false);
      this.again();
    });
  }

  private again(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => void this.connect(), this.waitMs);
    this.waitMs = Math.min(this.waitMs * 2, this.options.backoff?.maxMs ?? 30_000);
  }
}
