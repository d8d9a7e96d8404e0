/**
 * The History panel's door into the host: wraps the host's API so `historyQuery` commands are answered from the
 * history store (a `historyResult` with the same request id, to every window: the one that asked knows its id), and
 * everything else goes on to the host as before.
 */
import type { HostApi } from '../host-api.js';
import type { HostToRenderer, RendererToHost } from '../../workers/protocol/channels.js';
import type { KillSwitchReport, StrategyStatus, Unstamped } from '../../workers/protocol/messages.js';
import type { HistoryQuery } from './history-query.js';

/** `api` with History queries answered by `history`. */
export function withHistory(api: HostApi, history: HistoryQuery): HostApi {
  const listeners = new Set<(message: HostToRenderer) => void>();
  const reply = (message: HostToRenderer): void => {
    for (const listener of listeners) listener(message);
  };
  const answer = (command: Extract<RendererToHost, { channel: 'historyQuery' }>): void => {
    const { requestId, filter } = command;
    if (command.csv !== true) return reply({ channel: 'historyResult', requestId, table: history.query(filter) });
    // Exports read in slices and answer when done; the host goes on meanwhile.
    void history.exportCsv(filter).then((result) => reply({ channel: 'historyResult', requestId, ...result }));
  };
  return {
    current: () => api.current(),
    subscribe: (listener) => {
      listeners.add(listener);
      const dispose = api.subscribe(listener);
      return () => {
        listeners.delete(listener);
        dispose();
      };
    },
    handle: (command) => (command.channel === 'historyQuery' ? answer(command) : api.handle(command)),
  };
}

/** The history worker's name on the control channel. */
export const HISTORY_WORKER = 'history';

/**
 * Passes what only the host sees on the control channel — strategy statuses (parameter and state changes) and kill
 * switch reports — on to the history worker, which records it. Dropped quietly while the worker is not connected.
 */
export function forwardToHistory(
  control: { send(worker: string, command: Unstamped<StrategyStatus | KillSwitchReport>): void },
  message: StrategyStatus | Unstamped<KillSwitchReport>,
): void {
  const { v: _v, seq: _seq, ...body } = message as StrategyStatus;
  control.send(HISTORY_WORKER, body as Unstamped<StrategyStatus>);
}
