/**
 * What the host offers its windows, whichever host it is (Electron or headless): the current state for the panels
 * and the user's commands. The bridges (preload + MessagePort, WebSocket) are thin adapters over this.
 */
import type { HostToRenderer, RendererToHost } from '../workers/protocol/channels.js';

/** The host as the UI bridges see it. */
export interface HostApi {
  /** The latest state message (a late or reloaded window starts from it). */
  current(): Extract<HostToRenderer, { channel: 'state' }>;
  /** Calls `listener` with every message for the windows; returns a disposer. */
  subscribe(listener: (message: HostToRenderer) => void): () => void;
  /** Carries out a command from a window. */
  handle(command: RendererToHost): void;
}
