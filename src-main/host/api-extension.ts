/**
 * A panel's own door into the host: the host's API with some commands taken by a service of their own (the history
 * store, the backtest runner), whose answers go to every window subscribed through it (the window that asked knows
 * its request id); everything else goes on to the host as before.
 */
import type { HostApi } from '../host-api.js';
import type { HostToRenderer, RendererToHost } from '../../workers/protocol/channels.js';

/** `api` with the commands `take` handles (it returns true for those), and a broadcast to every window. */
export function extendApi(api: HostApi, take: (command: RendererToHost) => boolean): { api: HostApi; broadcast(message: HostToRenderer): void } {
  const listeners = new Set<(message: HostToRenderer) => void>();
  return {
    broadcast: (message) => {
      for (const listener of listeners) listener(message);
    },
    api: {
      current: () => api.current(),
      subscribe: (listener) => {
        listeners.add(listener);
        const dispose = api.subscribe(listener);
        return () => {
          listeners.delete(listener);
          dispose();
        };
      },
      handle: (command) => {
        if (!take(command)) api.handle(command);
      },
    },
  };
}
