/**
 * The renderer's one connection to the host. In Electron it wraps the preload's `window.terminal`; in a browser it
 * opens a WebSocket to the page's own host at `/ws` carrying msgpack frames, and reconnects with backoff. Either way
 * the app subscribes once here and fans messages out to its listeners.
 */
import { decode, encode } from '@msgpack/msgpack';
import type { HostToRenderer, RendererToHost } from '../../workers/protocol/channels.js';
import type { TerminalApi } from './preload-api';

/** Where the connection to the host stands. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The host as the renderer sees it. */
export interface Bridge {
  readonly status: ConnectionStatus;
  /** Calls `listener` with every host message; returns a disposer. */
  onMessage(listener: (message: HostToRenderer) => void): () => void;
  /** Calls `listener` on every status change; returns a disposer. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Sends a command; false if there is no connection to send it on. */
  send(command: RendererToHost): boolean;
  /** Closes the connection for good. */
  close(): void;
}

/** Connects to the host through the preload if there is one, else through a WebSocket to the page's host. */
export function connectBridge(): Bridge {
  const terminal = window.terminal;
  if (terminal !== undefined) return new PreloadBridge(terminal);
  const secure = window.location.protocol === 'https:';
  return new SocketBridge(`${secure ? 'wss' : 'ws'}://${window.location.host}/ws`);
}

/** A set of listeners; one that throws does not keep the message from the others. */
class Listeners<T> {
  readonly #listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of this.#listeners) {
      try {
        listener(value);
      } catch (error) {
        console.error('[bridge] listener failed:', error);
      }
    }
  }
}

/** What both transports share: status and the two listener sets. */
abstract class BaseBridge implements Bridge {
  status: ConnectionStatus = 'connecting';
  protected readonly messages = new Listeners<HostToRenderer>();
  readonly #statuses = new Listeners<ConnectionStatus>();

  onMessage(listener: (message: HostToRenderer) => void): () => void {
    return this.messages.add(listener);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.#statuses.add(listener);
  }

  protected setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.#statuses.emit(status);
  }

  abstract send(command: RendererToHost): boolean;
  abstract close(): void;
}

class PreloadBridge extends BaseBridge {
  readonly #terminal: TerminalApi;
  readonly #unsubscribe: () => void;

  constructor(terminal: TerminalApi) {
    super();
    this.#terminal = terminal;
    // The preload reports no connection events: the host's first message is what says the port is live.
    this.#unsubscribe = terminal.onMessage((message) => {
      this.setStatus('open');
      this.messages.emit(message);
    });
  }

  send(command: RendererToHost): boolean {
    return this.#terminal.send(command);
  }

  close(): void {
    this.#unsubscribe();
    this.setStatus('closed');
  }
}

/** Reconnect delays: quick at first (a host restart), then capped so a long outage costs little. */
const RETRY_MS = [250, 500, 1000, 2000, 5000] as const;
const MAX_RETRY_MS = 5000;

class SocketBridge extends BaseBridge {
  readonly #url: string;
  #socket: WebSocket | undefined;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(url: string) {
    super();
    this.#url = url;
    this.#open();
  }

  send(command: RendererToHost): boolean {
    const socket = this.#socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(encode(command, { ignoreUndefined: true }));
    return true;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#socket?.close();
    this.#socket = undefined;
    this.setStatus('closed');
  }

  #open(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#url);
    } catch (error) {
      // Only a malformed URL throws here (a page opened from file:// without the preload): retrying cannot help.
      console.error(`[bridge] cannot connect to ${this.#url}:`, error);
      this.setStatus('closed');
      return;
    }
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.#attempt = 0;
      this.setStatus('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      const message = decodeHostMessage(event.data);
      if (message !== undefined) this.messages.emit(message);
    };
    // 'error' is always followed by 'close', so close alone drives the retries.
    socket.onclose = () => {
      if (this.#socket !== socket || this.#closed) return;
      this.#socket = undefined;
      this.#retry();
    };
    this.#socket = socket;
  }

  #retry(): void {
    this.setStatus('reconnecting');
    const base = RETRY_MS[this.#attempt] ?? MAX_RETRY_MS;
    this.#attempt += 1;
    // A little jitter so several tabs do not hammer a restarting host in step.
    this.#timer = setTimeout(() => this.#open(), base * (1 + Math.random() * 0.2));
  }
}

/** A host frame as a message, or undefined (and a console note) if it is not one. */
function decodeHostMessage(data: unknown): HostToRenderer | undefined {
  if (!(data instanceof ArrayBuffer)) return undefined;
  let value: unknown;
  try {
    value = decode(new Uint8Array(data));
  } catch (error) {
    console.warn('[bridge] undecodable frame from host:', error);
    return undefined;
  }
  if (isHostMessage(value)) return value;
  console.warn('[bridge] unexpected message from host:', (value as { channel?: unknown } | null)?.channel);
  return undefined;
}

/** A shallow check of the shape: enough that a store never reads a field of the wrong kind. */
export function isHostMessage(value: unknown): value is HostToRenderer {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  switch (record.channel) {
    case 'hello':
      return Array.isArray(record.instruments) && Array.isArray(record.timeframes) && isMap(record.confirmQty) && (record.replay === undefined || isSpan(record.replay));
    case 'state':
      return (
        Array.isArray(record.workers) &&
        Array.isArray(record.positions) &&
        isMap(record.totals) &&
        isMap(record.trading) &&
        Array.isArray(record.risk) &&
        Array.isArray(record.strategies) &&
        isMap(record.dataAgeMs)
      );
    case 'market':
      return Array.isArray(record.books) && Array.isArray(record.trades) && Array.isArray(record.bars);
    case 'orders':
      return Array.isArray(record.orders);
    case 'fills':
      return Array.isArray(record.fills);
    case 'history':
      return typeof record.venue === 'string' && typeof record.symbol === 'string' && Array.isArray(record.bars);
    case 'log':
      return typeof record.text === 'string' && typeof record.worker === 'string';
    case 'historyResult': {
      const table = record.table as Record<string, unknown> | null;
      return (
        typeof record.requestId === 'string' &&
        isMap(table) &&
        Array.isArray(table!.columns) &&
        Array.isArray(table!.rows) &&
        Array.isArray(table!.numeric) &&
        (record.csv === undefined || typeof record.csv === 'string')
      );
    }
    case 'backtest':
      return typeof record.requestId === 'string' && typeof record.kind === 'string' && (record.kind !== 'result' || isMap((record.report as Record<string, unknown> | null)?.statistics));
    case 'playback':
      return isSpan(record) && typeof record.at === 'number' && typeof record.playing === 'boolean' && typeof record.speed === 'number';
    case 'sessions':
      return Array.isArray(record.sessions) && record.sessions.every((s) => isMap(s) && typeof (s as Record<string, unknown>).name === 'string');
    default:
      return false;
  }
}

/** A recorded session's name and span (µs). */
function isSpan(value: unknown): boolean {
  const span = value as Record<string, unknown> | null;
  return isMap(span) && typeof span!.session === 'string' && typeof span!.start === 'number' && typeof span!.end === 'number';
}

function isMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
