/**
 * One WebSocket to a Binance stream URL that stays up: reconnects with exponential backoff when it drops, fails to
 * open or goes silent for longer than `silenceMs` (a half-open TCP connection says nothing), and answers the
 * server's pings with pongs carrying the same payload, as Binance requires (the `ws` library does that by itself;
 * we only keep it on). I/O only: frames are handed on as text with their arrival time.
 */
import WebSocket from 'ws';
import { Backoff } from './backoff.js';

export interface StreamHandlers {
  onOpen(): void;
  onText(text: string): void;
  onClose(reason: string): void;
  onError(error: Error): void;
}

export interface StreamOptions {
  url: string;
  reconnect: { initialMs: number; maxMs: number };
  /** No frame at all for this long: the connection is dropped and made again. */
  silenceMs: number;
}

/** A self-healing WebSocket: see the module comment. */
export class StreamConnection {
  private socket: WebSocket | undefined;
  private readonly backoff: Backoff;
  private retry: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastFrameAt = 0;
  private closed = false;
  connects = 0;

  constructor(
    private readonly options: StreamOptions,
    private readonly handlers: StreamHandlers,
  ) {
    this.backoff = new Backoff(options.reconnect.initialMs, options.reconnect.maxMs);
  }

  start(): void {
    this.connect();
    this.watchdog = setInterval(() => this.checkSilence(), Math.max(50, Math.floor(this.options.silenceMs / 4)));
    this.watchdog.unref();
  }

  close(): void {
    this.closed = true;
    if (this.retry !== undefined) clearTimeout(this.retry);
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.socket?.terminate();
  }

  private connect(): void {
    this.retry = undefined;
    const socket = new WebSocket(this.options.url, { autoPong: true, handshakeTimeout: 10_000 });
    this.socket = socket;
    this.lastFrameAt = Date.now();
    let opened = false;
    socket.on('open', () => {
      opened = true;
      this.connects++;
      this.lastFrameAt = Date.now();
      this.handlers.onOpen();
    });
    socket.on('message', (data, isBinary) => {
      this.lastFrameAt = Date.now();
      // Held until the first frame has been read, then reset: a server that accepts and drops at once is backed off.
      this.backoff.reset();
      if (!isBinary) this.handlers.onText(data.toString());
    });
    socket.on('ping', () => {
      this.lastFrameAt = Date.now();
    });
    socket.on('error', (error) => this.handlers.onError(error));
    socket.on('close', (code, why) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const reason = opened ? `connection closed (${code}${why.length > 0 ? ` ${why.toString()}` : ''})` : 'could not connect';
      if (opened) this.handlers.onClose(reason);
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry !== undefined) return;
    this.retry = setTimeout(() => this.connect(), this.backoff.next());
  }

  private checkSilence(): void {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastFrameAt > this.options.silenceMs) socket.terminate();
  }
}
