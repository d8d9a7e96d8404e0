/**
 * The API the Electron preload exposes as `window.terminal` (src-main/electron/preload.cts implements it). Absent in a
 * plain browser, where the renderer talks to the host over a WebSocket instead. Types only.
 */
import type { HostToRenderer, RendererToHost } from '../../workers/protocol/channels.js';

/** The preload's narrow, typed door to the host. */
export interface TerminalApi {
  /** Calls `listener` with every host message, the latest hello and state first if they arrived; returns a disposer. */
  onMessage(listener: (message: HostToRenderer) => void): () => void;
  /** Sends a command; false if the host's port has not arrived yet. Throws for a channel not in the map. */
  send(command: RendererToHost): boolean;
}

declare global {
  interface Window {
    /** Present only in the Electron app. */
    readonly terminal?: TerminalApi;
  }
}
