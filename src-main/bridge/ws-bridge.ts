/**
 * The host ↔ browser bridge: one HTTP server on the loopback interface that serves the built renderer and a
 * WebSocket at `/ws` carrying the same messages as the Electron preload, as msgpack binary frames. The host is
 * subscribed once for all clients; each encoded update is shared by every socket.
 */
import { decode, encode } from '@msgpack/msgpack';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { HostApi } from '../host-api.js';
import { deliverCommand } from './renderer-command.js';
import { createStaticHandler } from './static-files.js';

/** Where and what the UI server serves. */
export interface UiServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Loopback only: the UI can stop workers, so it is never offered to the network. */
  host?: '127.0.0.1';
  /** The built renderer (`dist/renderer`). */
  staticDir: string;
  /** Called with the reason for each refused frame (after it is counted). */
  onRefused?(reason: string): void;
}

/** A running UI server. */
export interface UiServer {
  readonly port: number;
  /** The page to open in a browser. */
  readonly url: string;
  /** Open WebSocket clients. */
  clientCount(): number;
  /** Frames refused since start: not binary, not msgpack, or not a valid command. */
  refusedCount(): number;
  /** Stops serving, disconnects every client and unsubscribes from the host. */
  close(): Promise<void>;
}

const SOCKET_PATH = '/ws';
/** Commands are a few dozen bytes; anything near this is not from our renderer. */
const MAX_FRAME_BYTES = 64 * 1024;
/** A client this far behind is skipped until it drains: state messages are whole, so the next one catches it up. */
const SLOW_CLIENT_BYTES = 8 * 1024 * 1024;

/** Starts the UI server for `api`; rejects with a message naming the port if it is taken. */
export async function startUiServer(api: HostApi, options: UiServerOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(createStaticHandler(options.staticDir));
  await listen(server, options.port, host);
  server.on('error', (error) => console.error('[ui-server] server error:', error));
  const port = (server.address() as AddressInfo).port;

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();
  let refused = 0;
  const onRefused = (reason: string): void => {
    refused += 1;
    options.onRefused?.(reason);
  };

  const accept = (client: WebSocket): void => {
    client.on('error', () => client.terminate());
    client.on('close', () => clients.delete(client));
    client.on('message', (data, isBinary) => receive(api, data, isBinary, onRefused));
    // Snapshot first, then join the broadcast in the same tick, so no update can slip in between or before it.
    for (const message of api.current()) client.send(encode(message));
    clients.add(client);
  };
  const allowed = allowedOrigins(port);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = checkUpgrade(request, allowed);
    if (refusal !== undefined) return rejectUpgrade(socket, refusal);
    sockets.handleUpgrade(request, socket, head, accept);
  });

  const unsubscribe = api.subscribe((message) => broadcast(clients, encode(message)));
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${host}:${port}/`,
    clientCount: () => clients.size,
    refusedCount: () => refused,
    close: () => (closing ??= shutdown(server, sockets, clients, unsubscribe)),
  };
}

function broadcast(clients: ReadonlySet<WebSocket>, frame: Uint8Array): void {
  for (const client of clients) {
    if (client.readyState === WebSocket.OPEN && client.bufferedAmount < SLOW_CLIENT_BYTES) client.send(frame);
  }
}

function receive(api: HostApi, data: RawData, isBinary: boolean, onRefused: (reason: string) => void): void {
  if (!isBinary) return onRefused('text frame (expected msgpack binary)');
  let value: unknown;
  try {
    value = decode(Array.isArray(data) ? Buffer.concat(data) : data);
  } catch (error) {
    return onRefused(`not msgpack: ${(error as Error).message}`);
  }
  deliverCommand(api, value, onRefused);
}

/**
 * Origins a page served by this server has. Browsers always send `Origin` on a WebSocket and do not apply CORS to
 * it, so without this check any web site the user visits could connect to the loopback port and stop workers.
 */
function allowedOrigins(port: number): { hosts: Set<string>; origins: Set<string> } {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return { hosts, origins: new Set([...hosts].map((host) => `http://${host}`)) };
}

/** Why an upgrade request is refused (HTTP status and text), or undefined to accept it. */
function checkUpgrade(
  request: IncomingMessage,
  allowed: { hosts: Set<string>; origins: Set<string> },
): [number, string] | undefined {
  const path = (request.url ?? '').split('?', 1)[0];
  if (path !== SOCKET_PATH) return [404, 'Not Found'];
  // The Host check defeats DNS rebinding (a hostile name resolving to 127.0.0.1 still sends its own name).
  if (!allowed.hosts.has(request.headers.host ?? '')) return [403, 'Forbidden'];
  const origin = request.headers.origin;
  // Non-browser clients (tests, tools) send no Origin; they can reach the loopback port anyway.
  if (origin !== undefined && !allowed.origins.has(origin)) return [403, 'Forbidden'];
  return undefined;
}

function rejectUpgrade(socket: Duplex, [status, text]: [number, string]): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use: choose another port (0 picks a free one) or stop what holds it`
          : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(new Error(`UI server: ${reason}`, { cause: error }));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

async function shutdown(
  server: Server,
  sockets: WebSocketServer,
  clients: Set<WebSocket>,
  unsubscribe: () => void,
): Promise<void> {
  unsubscribe();
  for (const client of clients) client.terminate();
  clients.clear();
  sockets.close();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive HTTP connections would otherwise hold `close` open until they time out.
  server.closeAllConnections();
  await closed;
}
