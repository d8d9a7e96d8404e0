/**
 * From the protocol's integer bars to the chart library's numbers. The chart draws floats; labels are formatted back
 * from ticks with the instrument, so what the user reads is always exact. Pure.
 */
import { formatDecimal } from '../../../workers/core/fixed-point.js';
import { formatPrice, type Instrument } from '../../../workers/core/instrument.js';
import type { BarView, FillRow } from '../../../workers/protocol/channels.js';
import type { Timeframe } from '../../../workers/protocol/messages.js';

/** Seconds per timeframe. */
export const TIMEFRAME_SECONDS: Record<Timeframe, number> = { '1s': 1, '1m': 60, '5m': 300, '1h': 3600 };

/** The float value of one tick and one lot of an instrument. */
export interface Scale {
  tick: number;
  lot: number;
}

export function scaleOf(instrument: Instrument): Scale {
  return { tick: Number(formatDecimal(instrument.tick)), lot: Number(formatDecimal(instrument.lot)) };
}

/** A bar's start (µs) as the chart's time (whole seconds, UTC). */
export function chartTime(startMicros: number): number {
  return Math.floor(startMicros / 1_000_000);
}

/** The start (seconds) of the bar a time (µs) falls in. */
export function bucketTime(micros: number, tf: Timeframe): number {
  const seconds = TIMEFRAME_SECONDS[tf];
  return Math.floor(micros / 1_000_000 / seconds) * seconds;
}

/** A candle in chart numbers. */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export function toCandle(bar: BarView, scale: Scale): Candle {
  return {
    time: chartTime(bar.start),
    open: bar.open * scale.tick,
    high: bar.high * scale.tick,
    low: bar.low * scale.tick,
    close: bar.close * scale.tick,
  };
}

/** Volume in base units, coloured by the candle's direction. */
export function toVolume(bar: BarView, scale: Scale, up: string, down: string): { time: number; value: number; color: string } {
  return { time: chartTime(bar.start), value: bar.volume * scale.lot, color: bar.close >= bar.open ? up : down };
}

/** A chart price (float) as the instrument's exact price text, snapped to the nearest tick. */
export function formatChartPrice(instrument: Instrument, scale: Scale, value: number): string {
  return formatPrice(instrument, Math.round(value / scale.tick));
}

/** One marker per bar and side, for the fills in it: buys below, sells above, oldest first as the chart requires. */
export interface FillMarker {
  time: number;
  position: 'belowBar' | 'aboveBar';
  shape: 'arrowUp' | 'arrowDown';
  side: FillRow['side'];
  /** Total quantity filled on this side in this bar, lots. */
  qty: number;
}

export function fillMarkers(fills: readonly FillRow[], tf: Timeframe): FillMarker[] {
  const byBar = new Map<string, FillMarker>();
  for (const fill of fills) {
    const time = bucketTime(fill.ts, tf);
    const key = `${time}:${fill.side}`;
    const known = byBar.get(key);
    if (known !== undefined) known.qty += fill.qty;
    else
      byBar.set(key, {
        time,
        position: fill.side === 'buy' ? 'belowBar' : 'aboveBar',
        shape: fill.side === 'buy' ? 'arrowUp' : 'arrowDown',
        side: fill.side,
        qty: fill.qty,
      });
  }
  return [...byBar.values()].sort((a, b) => a.time - b.time || (a.side === 'buy' ? -1 : 1));
}
