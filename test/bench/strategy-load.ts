/**
 * Benchmark: the strategy worker with ten strategies running — four crossovers, two RSI reversions, two breakouts,
 * support-resistance with conditions, and a probe — on the flood feed at 100,000 events/s. It passes like a
 * throughput rung: the feed achieved the rate, the strategy worker received ≥ 99.9 % of it with no gap, no worker
 * restarted. The strategies trade on the simulated exchange meanwhile, so their order flow is part of the load.
 */
import type { StrategyConfig } from '../../workers/protocol/config.js';
import { runRung, type Rung } from './feed-throughput.js';

const on = { venue: 'sim', symbol: 'BTC-USD', enabled: true } as const;

/** Ten instances with different parameters, all on the flooded instrument. */
export const TEN_STRATEGIES: StrategyConfig[] = [
  { id: 'sma-1', kind: 'sma-cross', ...on, params: { fast: 2, slow: 5, tf: '1s', qty: 1 } },
  { id: 'sma-2', kind: 'sma-cross', ...on, params: { fast: 3, slow: 8, tf: '1s', qty: 1, allowShort: true } },
  { id: 'sma-3', kind: 'sma-cross', ...on, params: { fast: 5, slow: 20, tf: '1s', qty: 1 } },
  { id: 'sma-4', kind: 'sma-cross', ...on, params: { fast: 10, slow: 30, tf: '1s', qty: 1, allowShort: true } },
  { id: 'rsi-1', kind: 'rsi-reversion', ...on, params: { rsiPeriod: 5, bandPeriod: 10, tf: '1s', qty: 1 } },
  { id: 'rsi-2', kind: 'rsi-reversion', ...on, params: { rsiPeriod: 14, bandPeriod: 20, tf: '1s', qty: 1, allowShort: true } },
  { id: 'brk-1', kind: 'breakout', ...on, params: { period: 5, atrPeriod: 5, tf: '1s', qty: 1 } },
  { id: 'brk-2', kind: 'breakout', ...on, params: { period: 20, atrPeriod: 14, tf: '1s', qty: 1, allowShort: true } },
  {
    id: 'sr-1',
    kind: 'support-resistance',
    ...on,
    params: {
      conditions: [
        { side: 'buy', trigger: 99_000, turn: 20, qty: 1, takeProfit: 200, stopLoss: 200, trail: 0, repeat: true },
        { side: 'sell', trigger: 101_000, turn: 20, qty: 1, takeProfit: 200, stopLoss: 200, trail: 0, repeat: true },
      ],
    },
  },
  { id: 'ping-1', kind: 'ping', ...on, params: { every: 50_000, qty: 1 } },
];

/** One window at `rate` with the ten strategies. */
export function runStrategyLoad(rate: number, measureMs: number): Promise<Rung> {
  return runRung(rate, { ladder: [rate], warmupMs: 2_000, measureMs, stopAfterFailures: 1, strategies: TEN_STRATEGIES });
}
