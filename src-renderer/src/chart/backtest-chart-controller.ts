/**
 * The Backtest panel's price chart: the run's own bars as candles and its trades as markers. Created on mount and
 * removed on destroy by BacktestChart.svelte; the candles are set only when another run with other bars is shown
 * (a backtest's bars do not grow), the markers when another run is shown, and a chosen trade scrolls the time scale.
 */
import {
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { ChartCandles, TradeMarker } from '../model/backtest-chart.js';
import { createCandleChart, setCandleChartColors, type CandleChartColors } from './candle-chart.js';

/** Colours from the theme. */
export type BacktestChartColors = CandleChartColors;

export class BacktestChartController {
  readonly #chart: IChartApi;
  readonly #candles: ISeriesApi<'Candlestick'>;
  readonly #markers: ISeriesMarkersPluginApi<Time>;
  #shown: ChartCandles | undefined;
  #shownMarkers: readonly TradeMarker[] | undefined;

  constructor(container: HTMLElement, colors: BacktestChartColors) {
    const { chart, candles } = createCandleChart(container, colors, { secondsVisible: false });
    this.#chart = chart;
    this.#candles = candles;
    this.#markers = createSeriesMarkers(this.#candles, []);
  }

  /** Shows a run's bars and trades; the same bars (a run of the same sweep) are not set again. */
  show(chart: ChartCandles, markers: readonly TradeMarker[], colors: BacktestChartColors): void {
    if (chart !== this.#shown) {
      this.#shown = chart;
      this.#candles.applyOptions({ priceFormat: { type: 'price', precision: chart.precision, minMove: chart.minMove } });
      this.#candles.setData(chart.candles.map((candle) => ({ ...candle, time: candle.time as UTCTimestamp })));
      this.#chart.timeScale().fitContent();
    }
    if (markers !== this.#shownMarkers) {
      this.#shownMarkers = markers;
      this.#setMarkers(markers, colors);
    }
  }

  /** Recolours the chart and its markers (the theme changed). */
  setColors(colors: BacktestChartColors): void {
    setCandleChartColors(this.#chart, this.#candles, colors);
    if (this.#shownMarkers !== undefined) this.#setMarkers(this.#shownMarkers, colors);
  }

  #setMarkers(markers: readonly TradeMarker[], colors: BacktestChartColors): void {
    this.#markers.setMarkers(markers.map((marker): SeriesMarker<Time> => ({
      time: marker.time as UTCTimestamp,
      position: marker.position,
      shape: marker.shape,
      color: marker.side === 'buy' ? colors.up : colors.down,
      text: marker.text,
    })));
  }

  /** Scrolls to candles `from`..`to` (logical indices). */
  showRange(range: { from: number; to: number }): void {
    this.#chart.timeScale().setVisibleLogicalRange(range);
  }

  /** The first and last candle times in view (seconds), or undefined before any data. */
  visibleRange(): { from: number; to: number } | undefined {
    const range = this.#chart.timeScale().getVisibleRange();
    return range === null ? undefined : { from: Number(range.from), to: Number(range.to) };
  }

  /** Calls `listener` when the visible range changes; returns its remover. */
  onRangeChange(listener: () => void): () => void {
    const timeScale = this.#chart.timeScale();
    timeScale.subscribeVisibleTimeRangeChange(listener);
    return () => timeScale.unsubscribeVisibleTimeRangeChange(listener);
  }

  dispose(): void {
    this.#chart.remove();
  }
}
