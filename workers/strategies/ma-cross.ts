/**
 * Moving-average crossover: on each closed bar of its timeframe, a fast and a slow simple moving average of the
 * close; when the fast crosses above the slow it goes long `qty`, when it crosses below it goes short `qty`, with a
 * market order for the difference from its current position. One order at a time.
 */
import { Crossover } from '../core/indicators/crossover.js';
import { Sma } from '../core/indicators/sma.js';
import type { StrategyConfig } from '../protocol/config.js';
import type { Strategy } from './strategy.js';

/** Creates a crossover strategy from its parameters (`fast`, `slow`, `tf`, `qty`). */
export function createMaCross(config: StrategyConfig): Strategy {
  const { fast, slow, tf, qty } = config.params;
  if (!(fast >= 1 && slow > fast)) throw new Error(`${config.id}: needs 1 ≤ fast < slow (got ${fast}, ${slow})`);
  const fastSma = new Sma(fast);
  const slowSma = new Sma(slow);
  const cross = new Crossover();
  return {
    onBar(bar, context) {
      if (!bar.closed || bar.tf !== tf || bar.symbol !== config.symbol || bar.venue !== config.venue) return;
      const signal = cross.update(fastSma.update(bar.close), slowSma.update(bar.close));
      if (signal === undefined || context.hasWorkingOrder) return;
      const target = signal === 'up' ? qty : -qty;
      const delta = target - context.position;
      if (delta !== 0) context.marketOrder(delta > 0 ? 'buy' : 'sell', Math.abs(delta), bar.rts);
    },
  };
}
