/**
 * `ping`, a latency probe: a market order on every `every`-th trade, alternating buy and sell so the position stays
 * flat. It exists for the tick-to-order benchmark; its orders carry the triggering trade's receive time.
 */
import { defineStrategy } from './api.js';

export const ping = defineStrategy({
  kind: 'ping',
  title: 'Latency probe',
  description: 'A market order on every every-th trade, alternating buy and sell.',
  params: {
    every: { kind: 'int', default: 100, min: 1, description: 'Trades between orders' },
    qty: { kind: 'int', default: 1, min: 1, unit: 'lots', description: 'Order size' },
  },
  create(context, params) {
    let seen = 0;
    let buy = true;
    return {
      onTrade() {
        seen += 1;
        if (seen % params.every !== 0) return;
        context.market(buy ? 'buy' : 'sell', params.qty);
        buy = !buy;
      },
    };
  },
});
