/**
 * The chart: candles, volume and two moving averages of the chart's bars, own fills as markers, working orders (a
 * waiting stop at its stop price, dotted) and the position's average price as price lines, and drag handles to amend
 * orders. Created on mount, updated one bar
 * at a time (`series.update`), removed on destroy; the whole array is set only on a reset (new history, a switch of
 * instrument or timeframe, or the occasional trim that keeps memory flat).
 */
import {
  HistogramSeries,
  LineSeries,
  LineStyle,
  createSeriesMarkers,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { formatQty, type Instrument } from '../../../workers/core/instrument.js';
import type { BarView, ExitRow, FillRow, OrderRow } from '../../../workers/protocol/channels.js';
import type { BarChange, BarSeries } from '../model/bar-series.js';
import { smaAt, smaSeries } from '../model/moving-average.js';
import { isWaitingStop, levelOf } from '../model/order-level.js';
import { fillMarkers, formatChartPrice, scaleOf, toCandle, toVolume, type Scale } from './chart-data.js';
import { exitLines, isExitLineId, type ExitLine } from './exit-lines.js';
import { OrderHandles, type HandleOrder } from './order-handles.js';
import { createCandleChart, setCandleChartColors } from './candle-chart.js';
import { Pacer } from '../model/pacer.js';

/** Colours from the theme (CSS variables), so the chart follows light and dark. */
export interface ChartColors {
  background: string;
  text: string;
  grid: string;
  border: string;
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  maFast: string;
  maSlow: string;
  position: string;
}

/** What the user does on the chart with the mouse: move an order or an exit plan's stop to a price (ticks). */
export interface ChartActions {
  moveOrder(order: OrderRow, price: number): void;
  moveExitStop(exit: ExitRow, price: number): void;
}

/** Moving-average periods of the two overlays. */
export const MA_PERIODS = [20, 50] as const;

/** The live candle is redrawn about this often, never sooner than ¾ of it (model/pacer.ts says why). */
const LIVE_BAR_MS = 100;

/** The position as the chart shows it. */
export interface ChartPosition {
  avgPriceTicks: number;
  label: string;
}

export class ChartController {
  readonly #chart: IChartApi;
  readonly #candles: ISeriesApi<'Candlestick'>;
  readonly #volume: ISeriesApi<'Histogram'>;
  readonly #averages: Array<ISeriesApi<'Line'>>;
  readonly #markers: ISeriesMarkersPluginApi<Time>;
  readonly #handles: OrderHandles;
  /** A line per working order at its level (limit price, or a waiting stop's stop price). */
  readonly #lines = new Map<string, { line: IPriceLine; order: OrderRow; level: number }>();
  /** A line per exit plan's stop and open target. */
  readonly #exitLines = new Map<string, { line: IPriceLine; exit: ExitLine }>();
  #orderHandles: HandleOrder[] = [];
  #exitHandles: HandleOrder[] = [];
  #exits: readonly ExitRow[] = [];
  #positionLine: IPriceLine | undefined;
  #instrument: Instrument | undefined;
  #scale: Scale = { tick: 1, lot: 1 };
  #colors: ChartColors;
  #series: BarSeries | undefined;
  #closes: number[] = [];
  #fills: readonly FillRow[] = [];
  #orders: readonly OrderRow[] = [];
  #position: ChartPosition | undefined;
  #frame = 0;
  /** Live changes waiting for the pacer: the newest value of each bar by index (bars only move forward). */
  readonly #pending = new Map<number, BarView>();
  readonly #pacer = new Pacer(() => this.#drawPending(), LIVE_BAR_MS);
  readonly #disposers: Array<() => void> = [];

  constructor(container: HTMLElement, overlay: HTMLElement, colors: ChartColors, actions: ChartActions) {
    this.#colors = colors;
    const { chart, candles } = createCandleChart(container, colors, { secondsVisible: true, scaleMargins: { top: 0.08, bottom: 0.25 } });
    this.#chart = chart;
    this.#candles = candles;
    this.#volume = this.#chart.addSeries(HistogramSeries, {
      priceScaleId: 'volume',
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    });
    this.#chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.#averages = MA_PERIODS.map((period, index) =>
      this.#chart.addSeries(LineSeries, {
        color: index === 0 ? colors.maFast : colors.maSlow,
        lineWidth: 1,
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
        title: `MA ${period}`,
      }),
    );
    this.#markers = createSeriesMarkers(this.#candles, []);
    this.#handles = new OrderHandles(overlay, {
      priceToY: (price) => this.#candles.priceToCoordinate(price * this.#scale.tick),
      yToPrice: (y) => {
        const value = this.#candles.coordinateToPrice(y);
        return value === null ? undefined : Math.round(value / this.#scale.tick);
      },
      preview: (id, price) => {
        const exit = this.#exitLines.get(id);
        if (exit !== undefined) return exit.line.applyOptions({ price: (price ?? exit.exit.price) * this.#scale.tick });
        const entry = this.#lines.get(id);
        if (entry !== undefined) entry.line.applyOptions({ price: (price ?? entry.level) * this.#scale.tick });
      },
      commit: (id, price) => {
        if (isExitLineId(id)) {
          const exit = this.#exitLines.get(id);
          if (exit !== undefined) actions.moveExitStop(exit.exit.exit, price);
          return;
        }
        const entry = this.#lines.get(id);
        if (entry !== undefined) actions.moveOrder(entry.order, price);
      },
    });
    const schedule = (): void => this.#scheduleReposition();
    this.#chart.timeScale().subscribeVisibleLogicalRangeChange(schedule);
    this.#chart.subscribeCrosshairMove(schedule);
    this.#chart.timeScale().subscribeSizeChange(schedule);
    this.#disposers.push(() => {
      this.#chart.timeScale().unsubscribeVisibleLogicalRangeChange(schedule);
      this.#chart.unsubscribeCrosshairMove(schedule);
      this.#chart.timeScale().unsubscribeSizeChange(schedule);
    });
  }

  /** Formats prices for this instrument (exact, at its decimals). */
  setInstrument(instrument: Instrument | undefined): void {
    if (instrument === this.#instrument) return;
    this.#instrument = instrument;
    this.#scale = instrument === undefined ? { tick: 1, lot: 1 } : scaleOf(instrument);
    const scale = this.#scale;
    const priceFormat =
      instrument === undefined
        ? undefined
        : { type: 'custom' as const, minMove: scale.tick, formatter: (value: number) => formatChartPrice(instrument, scale, value) };
    if (priceFormat !== undefined) for (const series of [this.#candles, ...this.#averages]) series.applyOptions({ priceFormat });
    // Everything drawn is scaled by the tick and lot: redraw it at the new instrument's.
    if (this.#series !== undefined) this.#reset(this.#series.bars());
    this.setOrders(this.#orders);
    this.setExits(this.#exits);
    this.setPosition(this.#position);
  }

  /** Takes a change to the bars (the market store calls this). */
  onBars(change: BarChange, series: BarSeries): void {
    this.#series = series;
    if (change.kind === 'reset') this.#reset(series.bars());
    else if (change.kind === 'bar') {
      this.#pending.set(change.index, change.bar);
      this.#pacer.request();
    }
  }

  /** Working orders of the chart's instrument: a price line and a drag handle each, at the order's level. */
  setOrders(orders: readonly OrderRow[]): void {
    this.#orders = orders;
    const instrument = this.#instrument;
    const placed = orders.flatMap((order) => {
      const level = levelOf(order);
      return level === undefined ? [] : [{ order, level: level.price, stop: isWaitingStop(order) }];
    });
    const keep = new Set(placed.map(({ order }) => order.clientOrderId));
    for (const [id, entry] of this.#lines) {
      if (keep.has(id)) continue;
      this.#candles.removePriceLine(entry.line);
      this.#lines.delete(id);
    }
    const handles: HandleOrder[] = [];
    for (const { order, level, stop } of placed) {
      const open = order.qty - order.filledQty;
      const qty = instrument === undefined ? String(open) : formatQty(instrument, open);
      const title = `${order.side === 'buy' ? 'B' : 'S'}${stop ? ' stop' : ''} ${qty}`;
      const options = {
        price: level * this.#scale.tick,
        color: order.side === 'buy' ? this.#colors.up : this.#colors.down,
        lineWidth: 1 as const,
        lineStyle: stop ? LineStyle.SparseDotted : LineStyle.Dashed,
        axisLabelVisible: true,
        title,
      };
      const known = this.#lines.get(order.clientOrderId);
      if (known === undefined) this.#lines.set(order.clientOrderId, { line: this.#candles.createPriceLine(options), order, level });
      else {
        known.line.applyOptions(options);
        known.order = order;
        known.level = level;
      }
      const price = instrument === undefined ? String(level) : formatChartPrice(instrument, this.#scale, level * this.#scale.tick);
      handles.push({
        id: order.clientOrderId,
        side: order.side,
        price: level,
        label: title,
        name: `Move ${order.side} ${stop ? 'stop' : 'order'} ${qty} at ${price}`,
      });
    }
    this.#orderHandles = handles;
    this.#handles.set([...handles, ...this.#exitHandles]);
  }

  /**
   * Exit plans of the chart's instrument: each stop as a dashed line with a drag handle (dropping it moves the stop),
   * each open target as a dotted line.
   */
  setExits(exits: readonly ExitRow[]): void {
    this.#exits = exits;
    const instrument = this.#instrument;
    const lines = exitLines(exits, instrument);
    const keep = new Set(lines.map((line) => line.id));
    for (const [id, entry] of this.#exitLines) {
      if (keep.has(id)) continue;
      this.#candles.removePriceLine(entry.line);
      this.#exitLines.delete(id);
    }
    const handles: HandleOrder[] = [];
    for (const exit of lines) {
      const options = {
        price: exit.price * this.#scale.tick,
        color: exit.kind === 'stop' ? this.#colors.down : this.#colors.up,
        lineWidth: 2 as const,
        lineStyle: exit.kind === 'stop' ? LineStyle.LargeDashed : LineStyle.Dotted,
        axisLabelVisible: true,
        title: exit.label,
      };
      const known = this.#exitLines.get(exit.id);
      if (known === undefined) this.#exitLines.set(exit.id, { line: this.#candles.createPriceLine(options), exit });
      else {
        known.line.applyOptions(options);
        known.exit = exit;
      }
      if (exit.kind !== 'stop') continue;
      const price = instrument === undefined ? String(exit.price) : formatChartPrice(instrument, this.#scale, exit.price * this.#scale.tick);
      const owner = exit.exit.owner === 'manual' ? 'the position' : `${exit.exit.owner}'s position`;
      handles.push({ id: exit.id, side: exit.side, price: exit.price, label: exit.label, name: `Move the stop-loss of ${owner} at ${price}` });
    }
    this.#exitHandles = handles;
    this.#handles.set([...this.#orderHandles, ...handles]);
  }

  /** The user's fills of the chart's instrument, as markers. */
  setFills(fills: readonly FillRow[]): void {
    this.#fills = fills;
    this.#applyMarkers();
  }

  /** The position's average price as a line (none when flat). */
  setPosition(position: ChartPosition | undefined): void {
    this.#position = position;
    if (position === undefined || position.avgPriceTicks <= 0) {
      if (this.#positionLine !== undefined) this.#candles.removePriceLine(this.#positionLine);
      this.#positionLine = undefined;
      return;
    }
    const options = {
      price: position.avgPriceTicks * this.#scale.tick,
      color: this.#colors.position,
      lineWidth: 2 as const,
      lineStyle: LineStyle.Solid,
      axisLabelVisible: true,
      title: position.label,
    };
    if (this.#positionLine === undefined) this.#positionLine = this.#candles.createPriceLine(options);
    else this.#positionLine.applyOptions(options);
  }

  setColors(colors: ChartColors): void {
    this.#colors = colors;
    setCandleChartColors(this.#chart, this.#candles, colors);
    this.#averages[0]?.applyOptions({ color: colors.maFast });
    this.#averages[1]?.applyOptions({ color: colors.maSlow });
    if (this.#series !== undefined) this.#reset(this.#series.bars());
  }

  dispose(): void {
    cancelAnimationFrame(this.#frame);
    this.#pacer.cancel();
    for (const dispose of this.#disposers.splice(0)) dispose();
    this.#handles.dispose();
    this.#markers.detach();
    this.#chart.remove();
  }

  #reset(bars: readonly BarView[]): void {
    // The bars given are the newest: what waits to be drawn is in them.
    this.#pending.clear();
    const scale = this.#scale;
    const { upVolume, downVolume } = this.#colors;
    this.#candles.setData(bars.map((bar) => fixTime(toCandle(bar, scale))));
    this.#volume.setData(bars.map((bar) => fixTime(toVolume(bar, scale, upVolume, downVolume))));
    this.#closes = bars.map((bar) => bar.close * scale.tick);
    MA_PERIODS.forEach((period, index) => {
      const points = smaSeries(this.#closes, period).map(([at, value]) => ({ time: timeOf(bars[at]), value }));
      this.#averages[index]?.setData(points);
    });
    this.#applyMarkers();
    this.#scheduleReposition();
  }

  #drawPending(): void {
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [index, bar] of pending) this.#update(bar, index);
  }

  #update(bar: BarView, index: number): void {
    // What the chart has drawn (a paced update may follow a bar the series has since moved past).
    if (index < this.#closes.length - 1) {
      // A correction of an older bar: rare, and the library updates history only by re-setting it.
      this.#reset(this.#series?.bars() ?? []);
      return;
    }
    const scale = this.#scale;
    this.#candles.update(fixTime(toCandle(bar, scale)));
    this.#volume.update(fixTime(toVolume(bar, scale, this.#colors.upVolume, this.#colors.downVolume)));
    this.#closes[index] = bar.close * scale.tick;
    this.#closes.length = index + 1;
    MA_PERIODS.forEach((period, series) => {
      const value = smaAt(this.#closes, index, period);
      if (value !== undefined) this.#averages[series]?.update({ time: timeOf(bar), value });
    });
    this.#scheduleReposition();
  }

  #applyMarkers(): void {
    const tf = this.#series?.key?.tf;
    const instrument = this.#instrument;
    if (tf === undefined || instrument === undefined) return this.#markers.setMarkers([]);
    const markers: Array<SeriesMarker<Time>> = fillMarkers(this.#fills, tf).map((marker) => ({
      time: marker.time as UTCTimestamp,
      position: marker.position,
      shape: marker.shape,
      color: marker.side === 'buy' ? this.#colors.up : this.#colors.down,
      text: formatQty(instrument, marker.qty),
      size: 0.8,
    }));
    this.#markers.setMarkers(markers);
  }

  /** Moves the drag handles after the frame's changes, once per frame at most. */
  #scheduleReposition(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#handles.reposition();
    });
  }
}

function timeOf(bar: BarView | undefined): UTCTimestamp {
  return Math.floor((bar?.start ?? 0) / 1e6) as UTCTimestamp;
}

function fixTime<T extends { time: number }>(point: T): Omit<T, 'time'> & { time: UTCTimestamp } {
  return { ...point, time: Math.floor(point.time) as UTCTimestamp };
}
