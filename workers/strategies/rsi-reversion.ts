/**
 * `rsi-reversion`: on each closed bar of its timeframe, RSI (Wilder) and Bollinger Bands (simple average, population
 * standard deviation) of the close. Flat, it buys `qty` when RSI falls below `oversold`, and with `allowShort` sells
 * `qty` when RSI rises above `overbought`. Long, it exits when the close reaches the middle band (the average) or
 * above; short, when the close reaches it or below. Market orders; nothing new while an order of its own works.
 * It warms its indicators on the bars the worker already has, without trading on them.
 */
import { BollingerBands } from '../core/indicators/bollinger.js';
import { Rsi } from '../core/indicators/rsi.js';
import type { Bar } from '../protocol/messages.js';
import { defineStrategy } from './api.js';

export const rsiReversion = defineStrategy({
  kind: 'rsi-reversion',
  title: 'RSI mean reversion',
  description:
    'Buys when RSI is below oversold, sells short (if allowed) when above overbought; exits at the Bollinger middle band.',
  params: {
    rsiPeriod: { kind: 'int', default: 14, min: 2, max: 500, description: 'RSI period' },
    oversold: { kind: 'number', default: 30, min: 1, max: 50, description: 'Buy below this RSI' },
    overbought: { kind: 'number', default: 70, min: 50, max: 99, description: 'Sell above this RSI' },
    bandPeriod: { kind: 'int', default: 20, min: 2, max: 500, description: 'Bollinger period (its middle band is the exit)' },
    stddev: { kind: 'number', default: 2, min: 0.5, max: 5, description: 'Bollinger width, standard deviations' },
    tf: { kind: 'enum', default: '1m', options: ['1s', '1m', '5m', '1h'], description: 'Bar timeframe' },
    qty: { kind: 'int', default: 1, min: 1, unit: 'lots', description: 'Position size' },
    allowShort: { kind: 'bool', default: false, description: 'Also sell short when overbought' },
  },
  create(context, params) {
    const rsi = new Rsi(params.rsiPeriod);
    const bands = new BollingerBands(params.bandPeriod, params.stddev);
    const step = (bar: Bar) => ({ rsi: rsi.update(bar.close), band: bands.update(bar.close) });
    for (const bar of context.bars(params.tf as Bar['tf'])) step(bar);
    return {
      onBar(bar) {
        if (!bar.closed || bar.tf !== params.tf) return;
        const { rsi: strength, band } = step(bar);
        if (strength === undefined || band === undefined || context.orders().length > 0) return;
        const position = context.position();
        if (position > 0 && bar.close >= band.middle) context.market('sell', position);
        else if (position < 0 && bar.close <= band.middle) context.market('buy', -position);
        else if (position === 0 && strength < params.oversold) context.market('buy', params.qty);
        else if (position === 0 && params.allowShort && strength > params.overbought) context.market('sell', params.qty);
      },
    };
  },
});
