/**
 * A lightweight-charts chart in the terminal's look, with its candle series: the one set-up the main chart and the
 * Backtest panel's price chart share (theme colours, fonts, crosshair, the terminal's time formats, no logo).
 */
import { CandlestickSeries, ColorType, CrosshairMode, createChart, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { formatChartTime, formatTickMark } from './time-format.js';

/** The theme colours a candle chart needs (CSS variables, so it follows light and dark). */
export interface CandleChartColors {
  background: string;
  text: string;
  grid: string;
  border: string;
  up: string;
  down: string;
}

/** How one chart differs: seconds on the time scale, and room kept above and below the candles. */
export interface CandleChartOptions {
  secondsVisible: boolean;
  scaleMargins?: { top: number; bottom: number };
}

/** Creates the chart in `container` and its candle series. */
export function createCandleChart(container: HTMLElement, colors: CandleChartColors, options: CandleChartOptions): { chart: IChartApi; candles: ISeriesApi<'Candlestick'> } {
  const chart = createChart(container, {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: colors.background },
      textColor: colors.text,
      fontSize: 11,
      // The logo injects a <style> element, which the page's CSP forbids; the help overlay carries the attribution.
      attributionLogo: false,
    },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    crosshair: { mode: CrosshairMode.Normal },
    rightPriceScale: { borderColor: colors.border, ...(options.scaleMargins === undefined ? {} : { scaleMargins: options.scaleMargins }) },
    timeScale: { borderColor: colors.border, timeVisible: true, secondsVisible: options.secondsVisible, tickMarkFormatter: formatTickMark },
    localization: { timeFormatter: formatChartTime },
  });
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: colors.up,
    downColor: colors.down,
    borderVisible: false,
    wickUpColor: colors.up,
    wickDownColor: colors.down,
  });
  return { chart, candles };
}

/** Recolours a chart made by {@link createCandleChart} (the theme changed). */
export function setCandleChartColors(chart: IChartApi, candles: ISeriesApi<'Candlestick'>, colors: CandleChartColors): void {
  chart.applyOptions({
    layout: { background: { type: ColorType.Solid, color: colors.background }, textColor: colors.text },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: colors.border },
    timeScale: { borderColor: colors.border },
  });
  candles.applyOptions({ upColor: colors.up, downColor: colors.down, wickUpColor: colors.up, wickDownColor: colors.down });
}
