/**
 * The host ↔ window bridge over a `MessagePort`: Electron's `MessagePortMain` in the app, a `worker_threads`
 * `MessageChannel` port in tests. Messages travel as structured clones (the port is the codec); commands are
 * validated here because the other end is a renderer, which the host does not trust.
 */
import type { HostApi } from '../host-api.js';
import type { HostToRenderer } from '../../workers/protocol/channels.js';
import { deliverCommand } from './renderer-command.js';

/** DOM and Node `MessageEvent`s and Electron's message event all carry the value as `data`. */
type MessageListener = (event: { data: unknown }) => void;

/**
 * The few members of a message port the bridge uses. DOM and Node ports have `addEventListener`; Electron's
 * `MessagePortMain` has only the emitter methods, and both deliver an event with `data`.
 */
export interface MessagePortLike {
  postMessage(data: unknown): void;
  close(): void;
  start?(): void;
  addEventListener?(type: 'message', listener: (event: Event) => void): void;
  removeEventListener?(type: 'message', listener: (event: Event) => void): void;
  on?(type: 'message', listener: MessageListener): unknown;
  on?(type: 'close', listener: () => void): unknown;
  off?(type: 'message', listener: MessageListener): unknown;
  off?(type: 'close', listener: () => void): unknown;
}

/** Hooks for what a bridge refuses; the host logs them, tests count them. */
export interface PortBridgeOptions {
  onRefused?(reason: string): void;
}

/**
 * Serves one window over `port`: the current state first (a reloaded window starts whole), then every update, and
 * validated commands to `api.handle`. Returns a disposer that unsubscribes and closes the port; it also runs when the
 * window's end closes, so a crashed or reloaded renderer never leaves a listener behind.
 */
export function connectPort(api: HostApi, port: MessagePortLike, options: PortBridgeOptions = {}): () => void {
  let disposed = false;
  let unsubscribe = (): void => {};
  let detach = (): void => {};
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    unsubscribe();
    detach();
    port.close();
  };
  const post = (message: HostToRenderer): void => {
    try {
      port.postMessage(message);
    } catch (error) {
      // A port torn down under us (window gone) surfaces here or as 'close'; either way stop feeding it.
      console.error('[ui-bridge] post failed, disconnecting:', error);
      dispose();
    }
  };

  detach = listen(port, (event) => deliverCommand(api, event.data, options.onRefused), dispose);
  port.start?.();
  for (const message of api.current()) post(message);
  if (!disposed) unsubscribe = api.subscribe(post);
  return dispose;
}

/** Attaches the message and close listeners whichever API the port has; returns their remover. */
function listen(port: MessagePortLike, onMessage: MessageListener, onClose: () => void): () => void {
  if (port.addEventListener !== undefined) {
    // DOM typings give 'message' listeners a plain Event; what arrives is a MessageEvent.
    const onEvent = (event: Event): void => onMessage(event as Event & { data: unknown });
    port.addEventListener('message', onEvent);
    port.on?.('close', onClose);
    return () => {
      port.removeEventListener?.('message', onEvent);
      port.off?.('close', onClose);
    };
  }
  port.on?.('message', onMessage);
  port.on?.('close', onClose);
  return () => {
    port.off?.('message', onMessage);
    port.off?.('close', onClose);
  };
}
