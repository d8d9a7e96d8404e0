/**
 * The window's preload: exposes `window.terminal`, a narrow typed API over the MessagePort the main process sends on
 * `terminal:port`. CommonJS (`.cts` → `.cjs`) because sandboxed preloads cannot be ES modules, and it may `require`
 * only 'electron': so it has no run-time imports of our own and repeats the channel list, checked by the compiler.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HostToRenderer, RendererToHost } from '../../workers/protocol/channels.js';

/** What the renderer sees as `window.terminal` (src-renderer/src/preload-api.d.ts declares the same shape). */
export interface TerminalApi {
  /** Calls `listener` with every host message, the latest hello and state first if they arrived; returns a disposer. */
  onMessage(listener: (message: HostToRenderer) => void): () => void;
  /** Sends a command; false if the host's port has not arrived yet. Throws for a channel not in the map. */
  send(command: RendererToHost): boolean;
}

// RENDERER_CHANNELS cannot be required from a sandboxed preload. The compiler proves this list names every channel
// of RendererToHost and nothing else, so the two cannot drift apart.
const CHANNELS = [
  'startWorker',
  'stopWorker',
  'submitOrder',
  'cancelOrder',
  'cancelAll',
  'amendOrder',
  'flatten',
  'killSwitch',
  'resumeTrading',
  'rearmBreaker',
  'setStrategy',
  'setStrategyState',
  'setStrategyParams',
  'chart',
  'setExitPlan',
  'moveExitStop',
  'clearExitPlan',
  'saveBracket',
  'deleteBracket',
  'historyQuery',
  'saveKey',
  'deleteKey',
  'runBacktest',
  'cancelBacktest',
  'listSessions',
  'openSession',
  'closeSession',
  'playback',
] as const satisfies ReadonlyArray<RendererToHost['channel']>;
type Unlisted = Exclude<RendererToHost['channel'], (typeof CHANNELS)[number]>;
const everyChannelListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyChannelListed;

type Listener = (message: HostToRenderer) => void;
type WindowPort = IpcRendererEvent['ports'][number];
const listeners = new Set<Listener>();
let port: WindowPort | undefined;
// The last hello and state messages, so a listener that subscribes after the port started still starts whole
// (instruments and settings, then the state).
let latestHello: HostToRenderer | undefined;
let latestState: HostToRenderer | undefined;

ipcRenderer.on('terminal:port', (event) => {
  const next = event.ports[0];
  if (next === undefined) return;
  port?.close();
  port = next;
  startPort();
});

/**
 * Starts the port once there is someone to deliver to: setting onmessage starts it, and until then the host's
 * snapshot (hello, state, books, orders, fills) waits in the port's queue rather than going to no one.
 */
function startPort(): void {
  const current = port;
  if (current === undefined || listeners.size === 0 || current.onmessage !== null) return;
  current.onmessage = (message: MessageEvent) => deliver(message.data as HostToRenderer);
}

function deliver(message: HostToRenderer): void {
  if (message.channel === 'hello') latestHello = message;
  else if (message.channel === 'state') latestState = message;
  for (const listener of listeners) {
    try {
      listener(message);
    } catch (error) {
      // One failing panel must not starve the others.
      console.error('[terminal] listener failed:', error);
    }
  }
}

function isChannel(channel: unknown): channel is RendererToHost['channel'] {
  return (CHANNELS as readonly unknown[]).includes(channel);
}

const api: TerminalApi = {
  onMessage(listener) {
    listeners.add(listener);
    if (latestHello !== undefined) listener(latestHello);
    if (latestState !== undefined) listener(latestState);
    startPort();
    return () => {
      listeners.delete(listener);
    };
  },
  send(command) {
    const channel: unknown = typeof command === 'object' && command !== null ? command.channel : undefined;
    if (!isChannel(channel)) throw new Error(`terminal.send: refused channel ${String(channel)}`);
    if (port === undefined) return false;
    port.postMessage(command);
    return true;
  },
};

contextBridge.exposeInMainWorld('terminal', api);
