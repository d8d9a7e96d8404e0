/**
 * The Backtest panel's door into the host: wraps the host's API so `runBacktest` / `cancelBacktest` go to the
 * backtest runner, whose messages reach every window on the `backtest` channel (the one that asked knows its id);
 * everything else goes on to the host as before.
 */
import type { HostApi } from '../host-api.js';
import { extendApi } from './api-extension.js';
import { BacktestRunner, type BacktestRunnerOptions } from './backtest-runner.js';

/** `api` with backtests run by a runner made from `options`; `close` kills the runs still going. */
export function withBacktests(api: HostApi, options: Omit<BacktestRunnerOptions, 'emit'>): HostApi & { close(): void } {
  const runner: BacktestRunner = new BacktestRunner({ ...options, emit: (update) => extended.broadcast({ channel: 'backtest', ...update }) });
  const extended = extendApi(api, (command) => {
    if (command.channel === 'runBacktest') {
      const { channel: _channel, requestId, ...request } = command;
      runner.start(requestId, request);
      return true;
    }
    if (command.channel === 'cancelBacktest') {
      runner.cancel(command.requestId);
      return true;
    }
    return false;
  });
  return { ...extended.api, close: () => runner.close() };
}
