/**
 * The History panel's door into the host: wraps the host's API so `historyQuery` commands are answered from the
 * history store (a `historyResult` with the same request id, to every window: the one that asked knows its id), and
 * everything else goes on to the host as before.
 */
import type { HostApi } from '../host-api.js';
import type { KillSwitchReport, StrategyStatus, Unstamped } from '../../workers/protocol/messages.js';
import { extendApi } from './api-extension.js';
import type { HistoryQuery } from './history-query.js';

/** `api` with History queries answered by `history`. */
export function withHistory(api: HostApi, history: HistoryQuery): HostApi {
  const extended = extendApi(api, (command) => {
    if (command.channel !== 'historyQuery') return false;
    const { requestId, filter } = command;
    if (command.csv !== true) extended.broadcast({ channel: 'historyResult', requestId, table: history.query(filter) });
    // Exports read in slices and answer when done; the host goes on meanwhile.
    else void history.exportCsv(filter).then((result) => extended.broadcast({ channel: 'historyResult', requestId, ...result }));
    return true;
  });
  return extended.api;
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
