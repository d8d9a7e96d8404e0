/**
 * Latency probe: a market order on every `every`-th trade, alternating buy and sell so the position stays flat.
 * It exists for the tick-to-order benchmark; its orders carry the triggering trade's receive time.
 */
import type { StrategyConfig } from '../protocol/config.js';
import type { Strategy } from './strategy.js';

/** Creates a ping strategy (`every`, `qty`). */
export function createPing(config: StrategyConfig): Strategy {
  const every = Math.max(1, config.params.every);
  let seen = 0;
  let buy = true;
  return {
    onTrade(trade, context) {
      if (trade.symbol !== config.symbol || trade.venue !== config.venue) return;
      seen += 1;
      if (seen % every !== 0) return;
      context.marketOrder(buy ? 'buy' : 'sell', config.params.qty, trade.rts);
      buy = !buy;
    },
  };
}
