/**
 * What the host offers its windows, whichever host it is (Electron or headless): the current state for the panels
 * and the user's commands. The bridges (preload + MessagePort, WebSocket) are thin adapters over this.
 */
import type { HostToRenderer, RendererToHost } from '../workers/protocol/channels.js';

/** The host as the UI bridges see it. */
export interface HostApi {
  /** What a new or reloaded window needs first, in order: hello, state, books, orders, fills. Then updates follow. */
  current(): HostToRenderer[];
  /** Calls `listener` with every message for the windows; returns a disposer. */
  subscribe(listener: (message: HostToRenderer) => void): () => void;
  /** Carries out a command from a window. */
  handle(command: RendererToHost): void;
}
