/**
 * Runs one strategy definition with its parameters over a series of closed bars on a simulated clock. For each bar:
 * first the working orders are filled against it (bar-fill-model.ts) and their events delivered to `onOrder`, then
 * the closed bar goes to `onBar` — so a decision taken on bar t fills at bar t+1 at the earliest. Money is exact:
 * cash and equity are integers of ticks×lots (one tick × one lot of quote currency).
 */
import { SCHEMA_VERSION, type Bar, type OrderEvent, type Side, type Trade } from '../protocol/messages.js';
import type { StrategyDefinition, StrategyHandlers } from '../strategies/api.js';
import type { ParamSchema, ParamsOf } from '../strategies/params.js';
import { BacktestContext } from './backtest-context.js';
import { BarFillModel, type FillModelConfig } from './bar-fill-model.js';
import { BarEquityCurve, type EquitySeries } from './equity-curve.js';

/** How the engine feeds a strategy, as printed in the report's assumptions. */
export const ENGINE_RULES: readonly string[] = [
  'each bar: working orders are filled against it first, then the closed bar goes to onBar',
  'strategies that read trades get four synthetic trades per bar before onBar: open, low, high, close on a bar closing at or above its open; open, high, low, close otherwise',
  'onTimer is called once per bar, at its close time; there is no order book',
];

/** What one backtest needs. */
export interface BacktestInput {
  definition: StrategyDefinition<ParamSchema>;
  params: ParamsOf<ParamSchema>;
  /** Closed bars, oldest first, prices in ticks, `start` in µs. */
  bars: readonly Bar[];
  /** Length of one bar, µs: a bar's close time is its start plus this. */
  intervalUs: number;
  costs: FillModelConfig;
  /** Starting cash, ticks×lots. */
  capital: number;
  /** Instance id; default `backtest`. */
  id?: string;
}

/** One fill of the run. */
export interface BacktestFill {
  /** Start of the bar it filled in, µs. */
  time: number;
  orderId: string;
  side: Side;
  price: number;
  qty: number;
  /** Fee, ticks×lots. */
  fee: number;
}

export type { EquityPoint } from './equity-curve.js';

/** What a run produced: inputs to statistics.ts. */
export interface BacktestRun {
  capital: number;
  fills: BacktestFill[];
  /** Equity at each bar's close: a curve in columns from the engines, any array of points for statistics. */
  equity: EquitySeries;
  /** Orders still working at the end (not filled). */
  openOrders: number;
  logs: string[];
}

/** A run as the engine returns it: its equity curve in columns. */
export interface EngineRun extends BacktestRun {
  equity: BarEquityCurve;
}

/** Runs the strategy over the bars; throws if the strategy throws, naming the bar. */
export function runBacktest(input: BacktestInput): EngineRun {
  const model = new BarFillModel(input.costs);
  const world = new BacktestContext(input.id ?? 'backtest', input.bars[0]?.venue ?? 'backtest', input.bars[0]?.symbol ?? 'data', model);
  const first = input.bars[0];
  world.setTime(first === undefined ? 0 : first.start);
  let handlers: StrategyHandlers<ParamsOf<ParamSchema>>;
  try {
    handlers = input.definition.create(world.context, input.params) as StrategyHandlers<ParamsOf<ParamSchema>>;
  } catch (error) {
    throw failed('create', error);
  }
  const fills: BacktestFill[] = [];
  const equity = new BarEquityCurve(input.bars);
  const { bars, intervalUs } = input;
  const readsTrades = handlers.onTrade !== undefined;
  let cash = input.capital;

  // The hot loop: nothing allocated per bar, no work for what the strategy does not use. The rare paths (orders
  // working, synthetic trades) are functions of their own, so the optimiser spends its inlining budget on the
  // strategy's onBar: an indicator call it does not inline returns its value boxed, one allocation per bar.
  const onBar = handlers.onBar !== undefined;
  for (let b = 0; b < bars.length; b++) {
    const bar = bars[b] as Bar;
    world.setTime(bar.start);
    if (model.hasOrders()) cash = fillWorking(model, world, handlers, bar, fills, cash);
    if (readsTrades) feedTrades(world, handlers, bar, intervalUs);
    const end = bar.start + intervalUs;
    world.setTime(end);
    world.addBar(bar);
    if (onBar) {
      try {
        handlers.onBar?.(bar);
      } catch (error) {
        throw failed(`bar ${iso(bar.start)}`, error);
      }
      if (world.pending.length > 0) drain(world, handlers, bar);
    }
    if (handlers.onTimer !== undefined) {
      call(handlers, TIMER, end, bar);
      if (world.pending.length > 0) drain(world, handlers, bar);
    }
    const position = world.position();
    equity.push(exact(cash + position * bar.close), position);
  }
  return { capital: input.capital, fills, equity, openOrders: model.working().length, logs: world.logs };
}

/** Fills the working orders against `bar`, records their fills and delivers their events; returns the cash after. */
function fillWorking(model: BarFillModel, world: BacktestContext, handlers: StrategyHandlers<ParamsOf<ParamSchema>>, bar: Bar, fills: BacktestFill[], cash: number): number {
  for (const event of model.processBar(bar, world.position())) {
    const message = world.record(event);
    if (message.type !== 'OrderFilled') continue;
    fills.push({ time: bar.start, orderId: message.clientOrderId, side: message.side, price: message.price, qty: message.qty, fee: message.fee ?? 0 });
    const notional = message.price * message.qty;
    cash = exact(cash + (message.side === 'buy' ? -notional : notional) - (message.fee ?? 0));
  }
  if (world.pending.length > 0) drain(world, handlers, bar);
  return cash;
}

/** The bar's synthetic trades to onTrade, each at its own time. */
function feedTrades(world: BacktestContext, handlers: StrategyHandlers<ParamsOf<ParamSchema>>, bar: Bar, intervalUs: number): void {
  for (const trade of syntheticTrades(bar, intervalUs)) {
    world.setTime(trade.ts);
    call(handlers, TRADE, trade, bar);
    if (world.pending.length > 0) drain(world, handlers, bar);
  }
}

const TRADE = 1;
const TIMER = 2;
const ORDER = 3;

/** Calls one handler other than onBar (which the loop calls itself); an exception becomes an error naming the bar (formatted only then: dates are costly). */
function call(handlers: StrategyHandlers<ParamsOf<ParamSchema>>, kind: number, argument: unknown, bar: Bar): void {
  try {
    if (kind === TRADE) handlers.onTrade?.(argument as Trade);
    else if (kind === TIMER) handlers.onTimer?.(argument as number);
    else handlers.onOrder?.(argument as OrderEvent);
  } catch (error) {
    throw failed(`bar ${iso(bar.start)}`, error);
  }
}

function failed(where: string, error: unknown): Error {
  const text = error instanceof Error ? error.message : String(error);
  return new Error(`the strategy failed (${where}): ${text}`);
}

/** Four trades along the bar's likely path: toward the low first on a rising bar, toward the high first otherwise. */
export function syntheticTrades(bar: Bar, intervalUs: number): Trade[] {
  const path = bar.close >= bar.open ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close];
  const step = Math.floor(intervalUs / 4);
  return path.map((price, i) => {
    const ts = bar.start + i * step;
    return { v: SCHEMA_VERSION, seq: bar.seq * 4 + i, ts, rts: ts, type: 'Trade', venue: bar.venue, symbol: bar.symbol, price, qty: 1, aggressor: i % 2 === 0 ? 'buy' : 'sell', tradeId: `${bar.start}-${i}` };
  });
}

/** Delivers queued order events to `onOrder` until none are left (handlers may cause more). */
function drain(world: BacktestContext, handlers: StrategyHandlers<ParamsOf<ParamSchema>>, bar: Bar): void {
  let delivered = 0;
  while (world.pending.length > 0) {
    const event = world.pending.shift() as OrderEvent;
    call(handlers, ORDER, event, bar);
    if (++delivered > 100_000) throw new Error(`the strategy sent orders without end on the bar of ${iso(bar.start)}`);
  }
}

function iso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

function exact(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`money value ${value} is outside the exact integer range`);
  return value;
}
