/**
 * The Backtest panel's door into the host: wraps the host's API so `runBacktest` / `cancelBacktest` go to the
 * backtest runner, whose messages reach every window on the `backtest` channel (the one that asked knows its id);
 * everything else goes on to the host as before.
 */
import type { HostApi } from '../host-api.js';
import type { HostToRenderer } from '../../workers/protocol/channels.js';
import { BacktestRunner, type BacktestRunnerOptions } from './backtest-runner.js';

/** `api` with backtests run by a runner made from `options`; `close` kills the runs still going. */
export function withBacktests(api: HostApi, options: Omit<BacktestRunnerOptions, 'emit'>): HostApi & { close(): void } {
  const listeners = new Set<(message: HostToRenderer) => void>();
  const runner = new BacktestRunner({
    ...options,
    emit: (update) => {
      for (const listener of listeners) listener({ channel: 'backtest', ...update });
    },
  });
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
    handle: (command) => {
      if (command.channel === 'runBacktest') {
        const { channel: _channel, requestId, ...request } = command;
        runner.start(requestId, request);
        return;
      }
      if (command.channel === 'cancelBacktest') {
        runner.cancel(command.requestId);
        return;
      }
      return api.handle(command);
    },
    close: () => runner.close(),
  };
}
