/**
 * `breakout`: Donchian channel breakout with an ATR stop. On each closed bar of its timeframe: flat, when the close is
 * above the highest high of the previous `period` bars it buys `qty` at market (with `allowShort`, below the lowest
 * low it sells). Once the entry has filled, a reduce-only stop sits `atrMultiple` × ATR(`atrPeriod`, Wilder) behind
 * the close of the entry bar, and on every later closed bar it moves up (long) or down (short) to that distance
 * behind the close — never back. The position ends when the stop fills (or at market, if the venue refused the stop).
 */
import { Atr } from '../core/indicators/atr.js';
import { Donchian } from '../core/indicators/donchian.js';
import type { Bar, Side } from '../protocol/messages.js';
import { defineStrategy } from './api.js';

export const breakout = defineStrategy({
  kind: 'breakout',
  title: 'Donchian breakout',
  description: 'Enters when the close breaks the previous period’s high (or low); exits on a trailing stop of a multiple of ATR.',
  params: {
    period: { kind: 'int', default: 20, min: 2, max: 1000, description: 'Bars in the channel' },
    atrPeriod: { kind: 'int', default: 14, min: 1, max: 500, description: 'ATR period' },
    atrMultiple: { kind: 'number', default: 2, min: 0.1, max: 20, description: 'Stop distance in ATRs' },
    tf: { kind: 'enum', default: '1m', options: ['1s', '1m', '5m', '1h'], description: 'Bar timeframe' },
    qty: { kind: 'int', default: 1, min: 1, unit: 'lots', description: 'Position size' },
    allowShort: { kind: 'bool', default: false, description: 'Also trade downside breakouts' },
  },
  create(context, params) {
    const channel = new Donchian(params.period);
    const atr = new Atr(params.atrPeriod);
    let entryId: string | undefined;
    let stopId: string | undefined;
    let stopPrice = 0;
    let lastClose = 0;
    let lastAtr: number | undefined;

    const stopFor = (side: Side): number => {
      const distance = Math.max(1, Math.round(params.atrMultiple * (lastAtr ?? 0)));
      return side === 'sell' ? Math.max(1, lastClose - distance) : lastClose + distance;
    };
    const step = (bar: Bar) => {
      const before = channel.value; // the previous `period` bars, not counting this one
      channel.update(bar);
      lastAtr = atr.update(bar);
      lastClose = bar.close;
      return before;
    };
    for (const bar of context.bars(params.tf as Bar['tf'])) step(bar);

    return {
      onBar(bar) {
        if (!bar.closed || bar.tf !== params.tf) return;
        const previous = step(bar);
        const position = context.position();
        if (position !== 0 && stopId !== undefined && lastAtr !== undefined) {
          const better = stopFor(position > 0 ? 'sell' : 'buy');
          if (position > 0 ? better > stopPrice : better < stopPrice) {
            stopPrice = better;
            context.amend(stopId, { stopPrice });
          }
          return;
        }
        // A position without its stop (the venue refused it): close it rather than hold it unprotected.
        if (position !== 0 && stopId === undefined && context.orders().length === 0) {
          context.flatten();
          return;
        }
        if (position !== 0 || entryId !== undefined || previous === undefined || lastAtr === undefined) return;
        if (bar.close > previous.upper) entryId = context.market('buy', params.qty);
        else if (params.allowShort && bar.close < previous.lower) entryId = context.market('sell', params.qty);
      },
      onOrder(event) {
        if (event.clientOrderId === stopId && 'state' in event && (event.state === 'filled' || event.state === 'canceled' || event.state === 'expired' || event.state === 'rejected')) {
          stopId = undefined;
        }
        if (event.clientOrderId !== entryId || !('state' in event)) return;
        if (event.state === 'canceled' || event.state === 'expired' || event.state === 'rejected') entryId = undefined;
        if (event.state !== 'filled') return;
        entryId = undefined;
        const exitSide: Side = event.side === 'buy' ? 'sell' : 'buy';
        stopPrice = stopFor(exitSide);
        stopId = context.stop(exitSide, Math.abs(context.position()), stopPrice, { reduceOnly: true });
      },
    };
  },
});
