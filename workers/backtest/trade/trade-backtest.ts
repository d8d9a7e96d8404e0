/**
 * The trade-level backtest: a strategy definition run over a historical tape on a simulated clock, its orders through
 * the risk core into the matching engine where the prints are replayed ({@link TapeMarket}). For each print: the bar
 * it ends is closed first (onBar, then onTimer, at the bar's end time), then commands whose latency is over take
 * effect, then the print trades with our resting orders and moves the touch, then it joins its bar, then `onTrade`
 * sees it. Equity is taken at each bar's close, so the statistics are those of the bar-level mode.
 */
import { FeeSchedule } from '../../core/fees.js';
import { formatDecimal, type Decimal } from '../../core/fixed-point.js';
import { InstrumentRegistry } from '../../core/instrument.js';
import type { RiskConfig } from '../../protocol/config.js';
import { SCHEMA_VERSION, type Bar, type Timeframe, type Trade } from '../../protocol/messages.js';
import { RiskEngine } from '../../risk/risk-engine.js';
import type { StrategyDefinition, StrategyHandlers } from '../../strategies/api.js';
import type { ParamSchema, ParamsOf } from '../../strategies/params.js';
import { bucketStart } from '../../history/import/aggregate-trades.js';
import type { TradeColumns } from '../../history/import/import-types.js';
import { bpsFraction } from '../bar-fill-model.js';
import type { BacktestRun } from '../backtest-engine.js';
import { EquityCurve } from '../equity-curve.js';
import { TapeMarket, type QueueAhead } from './tape-market.js';
import { TradeContext } from './trade-context.js';

/** Risk limits when none are given: every check runs, none binds. */
export const OPEN_RISK: RiskConfig = { maxOrderQty: { '*': Number.MAX_SAFE_INTEGER }, maxPosition: { '*': Number.MAX_SAFE_INTEGER }, maxOpenOrders: 1000 };

/** What one trade-level backtest needs. */
export interface TradeBacktestInput {
  definition: StrategyDefinition<ParamSchema>;
  params: ParamsOf<ParamSchema>;
  tape: TradeColumns;
  /** Bar length for the strategy's bars and the equity curve, µs; `tf` is the label the bars carry. */
  barUs: number;
  tf: Timeframe;
  tick: Decimal;
  lot: Decimal;
  feeBps: string;
  slippageBps: string;
  latencyUs: number;
  queueAhead: QueueAhead;
  capital: number;
  risk?: RiskConfig;
  id?: string;
  venue?: string;
  symbol?: string;
}

/** A run and what happened along the way. */
export interface TradeBacktestRun extends BacktestRun {
  equity: EquityCurve;
  events: number;
  counts: Record<string, number>;
}

/** Runs the strategy over the tape; throws if the strategy throws, naming the time. */
export function runTradeBacktest(input: TradeBacktestInput): TradeBacktestRun {
  return new TradeRun(input).run();
}

/** One run: the world (risk core, strategy context, tape market) and the loop over the prints. */
class TradeRun {
  private readonly context: TradeContext;
  private readonly market: TapeMarket;
  private readonly handlers: StrategyHandlers<ParamsOf<ParamSchema>>;
  private readonly equity = new EquityCurve();
  private readonly venue: string;
  private readonly symbol: string;
  private cash: number;
  private fillsSeen = 0;
  private bar: Bar | undefined = undefined;
  private barEnd = 0;
  private seq = 0;

  constructor(private readonly input: TradeBacktestInput) {
    const venue = (this.venue = input.venue ?? 'backtest');
    const symbol = (this.symbol = input.symbol ?? 'data');
    const registry = new InstrumentRegistry([{ venue, symbol, base: 'BASE', quote: 'QUOTE', tickSize: formatDecimal(input.tick), lotSize: formatDecimal(input.lot), minNotional: '0', multiplier: 1 }]);
    // The risk core emits into the context, which exists only once the core does.
    let context: TradeContext | undefined;
    const risk = new RiskEngine('risk', registry, input.risk ?? OPEN_RISK, (port, _topic, message) => context?.onRiskOutput(port, message));
    context = this.context = new TradeContext(input.id ?? 'backtest', venue, symbol, risk);
    const rate = bpsFraction(input.feeBps, 'fee');
    this.market = new TapeMarket(
      input.tape,
      { symbol, rules: { fees: new FeeSchedule({ maker: rate, taker: rate }) }, latencyUs: input.latencyUs, queueAhead: input.queueAhead, slippageBps: input.slippageBps },
      (event, now) => this.context.onMarketEvent(event, now),
      (request, _owner, clientOrderId, reason) => this.context.logs.push(`${request} of ${clientOrderId} refused by the venue: ${reason}`),
      // Reports reach the strategy at the time they happen; what it sends then waits for its latency in the market.
      (now) => {
        if (this.context.pending.length === 0) return;
        this.context.clock = now;
        this.drain();
      },
    );
    context.attach(this.market);
    context.clock = input.tape.length > 0 ? (input.tape.time[0] as number) : 0;
    this.cash = input.capital;
    this.handlers = guard(context.clock, () => input.definition.create(this.context.context, input.params)) as StrategyHandlers<ParamsOf<ParamSchema>>;
  }

  run(): TradeBacktestRun {
    const { tape } = this.input;
    for (let i = 0; i < tape.length; i++) this.onPrint(i);
    if (this.bar !== undefined) this.closeBar(this.bar);
    const { context, market } = this;
    // Commands still held when the tape ends never reach the market: there is nothing left to trade with.
    return {
      capital: this.input.capital,
      fills: context.fills,
      equity: this.equity,
      openOrders: market.liveOrders(),
      logs: context.logs,
      events: tape.length,
      counts: { prints: market.counts.prints, replayed: market.counts.replayed, commands: market.counts.commands, venueRefused: market.counts.refused, ...context.counts, heldAtEnd: market.heldCommands() },
    };
  }

  /** One print: the bar it ends closes, the market replays it, it joins its bar, `onTrade` sees it. */
  private onPrint(i: number): void {
    const { tape } = this.input;
    const time = tape.time[i] as number;
    if (this.bar !== undefined && time >= this.barEnd) {
      this.closeBar(this.bar);
      this.bar = undefined;
    }
    this.market.onPrint(i);
    const price = tape.price[i] as number;
    const qty = tape.qty[i] as number;
    this.context.clock = time;
    this.context.last = price;
    const bar = this.bar;
    if (bar === undefined) {
      const start = bucketStart(time, this.input.barUs);
      this.barEnd = start + this.input.barUs;
      this.bar = { v: SCHEMA_VERSION, seq: ++this.seq, ts: start, rts: start, type: 'Bar', venue: this.venue, symbol: this.symbol, tf: this.input.tf, start, open: price, high: price, low: price, close: price, volume: qty, trades: 1, closed: false };
    } else {
      if (price > bar.high) bar.high = price;
      if (price < bar.low) bar.low = price;
      bar.close = price;
      bar.volume += qty;
      bar.trades++;
    }
    const onTrade = this.handlers.onTrade;
    if (onTrade !== undefined) {
      const trade: Trade = { v: SCHEMA_VERSION, seq: i + 1, ts: time, rts: time, type: 'Trade', venue: this.venue, symbol: this.symbol, price, qty, aggressor: tape.side[i] === 1 ? 'buy' : 'sell', tradeId: i + 1 };
      guard(time, () => onTrade.call(this.handlers, trade));
      this.drain();
    }
  }

  /** A bar ends: onBar and onTimer at its end time, then its fills into cash and its equity point. */
  private closeBar(closed: Bar): void {
    const { context, handlers } = this;
    const end = this.barEnd;
    context.clock = end;
    closed.closed = true;
    context.addBar(closed);
    if (handlers.onBar !== undefined) guard(end, () => handlers.onBar?.(closed));
    this.drain();
    if (handlers.onTimer !== undefined) guard(end, () => handlers.onTimer?.(end));
    this.drain();
    for (; this.fillsSeen < context.fills.length; this.fillsSeen++) {
      const fill = context.fills[this.fillsSeen] as (typeof context.fills)[number];
      this.cash = exact(this.cash + (fill.side === 'buy' ? -fill.price * fill.qty : fill.price * fill.qty) - fill.fee);
    }
    const position = context.position();
    this.equity.push(closed.start, exact(this.cash + position * closed.close), position, closed.close);
  }

  /** Delivers queued order events to `onOrder` until none are left (handlers may cause more). */
  private drain(): void {
    const { context, handlers } = this;
    let delivered = 0;
    while (context.pending.length > 0) {
      const event = context.pending.shift() as (typeof context.pending)[number];
      if (handlers.onOrder !== undefined) guard(context.clock, () => handlers.onOrder?.(event));
      if (++delivered > 100_000) throw new Error(`the strategy sent orders without end at ${iso(context.clock)}`);
    }
  }
}

function guard<T>(time: number, action: () => T): T {
  try {
    return action();
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new Error(`the strategy failed (at ${iso(time)}): ${text}`);
  }
}

function iso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

function exact(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`money value ${value} is outside the exact integer range`);
  return value;
}
