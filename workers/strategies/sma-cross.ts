/**
 * `sma-cross`: on each closed bar of its timeframe, a fast and a slow simple moving average of the close. When the
 * fast crosses above the slow it goes long `qty`; when it crosses below it goes flat, or short `qty` with
 * `allowShort`. It trades the difference from its current position with one market order, and waits while an order of
 * its own is working. On start it warms its averages on the bars the worker already has, without trading on them.
 */
import { Crossover } from '../core/indicators/crossover.js';
import { Sma } from '../core/indicators/sma.js';
import type { Bar } from '../protocol/messages.js';
import { defineStrategy } from './api.js';

export const smaCross = defineStrategy({
  kind: 'sma-cross',
  title: 'Moving-average crossover',
  description:
    'Long when the fast simple average of closes crosses above the slow one on a closed bar; flat (or short with allowShort) when it crosses below. Market orders for the difference from the position.',
  params: {
    fast: { kind: 'int', default: 10, min: 1, max: 1000, description: 'Bars in the fast average' },
    slow: { kind: 'int', default: 30, min: 2, max: 5000, description: 'Bars in the slow average (more than fast)' },
    tf: { kind: 'enum', default: '1m', options: ['1s', '1m', '5m', '1h'], description: 'Bar timeframe' },
    qty: { kind: 'int', default: 1, min: 1, unit: 'lots', description: 'Position size when in the market' },
    allowShort: { kind: 'bool', default: false, description: 'Go short on a downward cross instead of flat' },
  },
  create(context, params) {
    if (params.slow <= params.fast) throw new Error(`slow (${params.slow}) must be more than fast (${params.fast})`);
    const fast = new Sma(params.fast);
    const slow = new Sma(params.slow);
    const cross = new Crossover();
    const step = (bar: Bar) => cross.update(fast.update(bar.close), slow.update(bar.close));
    for (const bar of context.bars(params.tf as Bar['tf'])) step(bar);
    return {
      onBar(bar) {
        if (!bar.closed || bar.tf !== params.tf) return;
        const signal = step(bar);
        if (signal === undefined || context.orders().length > 0) return;
        const target = signal === 'up' ? params.qty : params.allowShort ? -params.qty : 0;
        const delta = target - context.position();
        if (delta !== 0) context.market(delta > 0 ? 'buy' : 'sell', Math.abs(delta));
      },
    };
  },
});
