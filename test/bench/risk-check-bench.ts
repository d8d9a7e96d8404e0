/**
 * Pre-trade check latency: the risk worker's core in one process, on one core, with every check on. Limits are set
 * at every scope (flat defaults; the account; each instrument; each of eight strategies) for every rule — order size
 * and value, long/short, gross exposure, open orders, price band, order and cancel rates, reduce-only, validity,
 * minimum value — and the engine holds positions in every (strategy, instrument) and a few hundred working orders.
 * The order stream is generated before timing from a seeded generator: limit orders near the market, market orders,
 * stops, reduce-only exits, now and then an oversized or off-band order, from strategies that lean against their
 * position as traders do. Between orders (untimed) a simulated venue fills market orders, fills or cancels resting
 * ones to keep the working set steady, and bars move the marks. Each `SubmitOrder` is timed on its own with
 * `process.hrtime.bigint()` around the engine's `onMessage` — the checks, the bookkeeping of a forwarded order and
 * the emit of the forwarded command or the denial — after a warm-up.
 */
import { InstrumentRegistry } from '../../workers/core/instrument.js';
import { SeededRandom } from '../../workers/core/random.js';
import type { Outgoing } from '../../workers/core/worker-core.js';
import { SIM_INSTRUMENTS, type LimitSet, type RiskConfig } from '../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message, type OrderType, type Side, type SubmitOrder } from '../../workers/protocol/messages.js';
import { RiskEngine } from '../../workers/risk/risk-engine.js';
import { CpuWindow, type MachineUse } from './process-cpu.js';

/** How much to run. */
export interface RiskCheckOptions {
  /** Timed orders (after the warm-up). */
  orders: number;
  warmup: number;
  seed?: number;
}

/** Latency of one pre-trade check (one `SubmitOrder` through the core), µs. */
export interface RiskCheckResult {
  orders: number;
  warmup: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
  meanUs: number;
  /** Median cost of the two clock reads alone, ns: included in every figure above. */
  clockNs: number;
  /** What the timed orders were and what became of them. */
  mix: { orderTypes: Record<string, number>; reduceOnly: number; forwarded: number; denied: number; byRule: Record<string, number> };
  /** The state the checks ran against. */
  state: { strategies: number; instruments: number; scopes: string; workingMin: number; workingMax: number; rulesPerOrder: number };
  machine: MachineUse | undefined;
  problems: string[];
}

const STRATEGIES = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
const START: Record<string, number> = { 'BTC-USD': 130_000, 'ETH-USD': 320_000, 'IDX-FUT': 21_600 };
const MAX_LOTS: Record<string, number> = { 'BTC-USD': 20, 'ETH-USD': 30, 'IDX-FUT': 2 };
const STEP_US = 100; // 10,000 orders a second of simulated time
const WORKING_TARGET = 300;

/** Limits at every scope, loose enough that most orders pass and tight enough that every rule bites now and then. */
function benchConfig(): RiskConfig {
  const strategy: LimitSet = {
    maxOrderQty: 40,
    maxOrderNotional: '1000000',
    maxLong: 150,
    maxShort: 150,
    maxGrossExposure: '15000000',
    maxOpenOrders: 120,
    priceBandBps: 400,
    ordersPerSecond: 4_000,
    cancelsPerSecond: 4_000,
  };
  const instrument = (maxLots: number): LimitSet => ({
    maxOrderQty: maxLots * 2,
    maxOrderNotional: '2000000',
    maxLong: 600,
    maxShort: 600,
    maxGrossExposure: '40000000',
    maxOpenOrders: 300,
    priceBandBps: 500,
    ordersPerSecond: 8_000,
    cancelsPerSecond: 8_000,
  });
  return {
    maxOrderQty: { '*': 1_000, 'IDX-FUT': 10 },
    maxPosition: { '*': 2_000 },
    maxOpenOrders: 1_000,
    limits: {
      account: {
        maxOrderQty: 500,
        maxOrderNotional: '3000000',
        maxLong: 1_000,
        maxShort: 1_000,
        maxGrossExposure: '100000000',
        maxOpenOrders: 800,
        priceBandBps: 600,
        ordersPerSecond: 20_000,
        cancelsPerSecond: 20_000,
      },
      instruments: { 'sim:BTC-USD': instrument(20), 'ETH-USD': instrument(30), 'sim:IDX-FUT': instrument(2) },
      strategies: Object.fromEntries(STRATEGIES.map((id) => [id, strategy])),
    },
  };
}

type Input = { kind: 'order'; message: SubmitOrder } | { kind: 'bar'; message: Message };

/** The whole input stream, built before timing. */
function generate(count: number, seed: number): Input[] {
  const rng = new SeededRandom(seed);
  const symbols = Object.keys(START);
  const marks = new Map(Object.entries(START));
  // Each strategy's notion of its position, to lean against it (the engine's own numbers are not read here).
  const leaning = new Map<string, number>();
  const inputs: Input[] = [];
  let seq = 0;
  for (let i = 0; i < count; i++) {
    if (i % 250 === 0) {
      for (const symbol of symbols) {
        const mark = marks.get(symbol) as number;
        const next = Math.max(1, mark + rng.int(-Math.floor(mark / 1_000), Math.floor(mark / 1_000)));
        marks.set(symbol, next);
        inputs.push({ kind: 'bar', message: { v: SCHEMA_VERSION, seq: ++seq, ts: 0, rts: 0, type: 'Bar', venue: 'sim', symbol, tf: '1s', start: 0, open: next, high: next, low: next, close: next, volume: 1, trades: 1, closed: false } });
      }
    }
    const strategyId = STRATEGIES[rng.int(0, STRATEGIES.length - 1)] as string;
    const symbol = symbols[rng.int(0, symbols.length - 1)] as string;
    const mark = marks.get(symbol) as number;
    const maxLots = MAX_LOTS[symbol] as number;
    const key = `${strategyId}|${symbol}`;
    const position = leaning.get(key) ?? 0;
    const side: Side = rng.next() < 0.5 - position / (8 * 150) ? 'buy' : 'sell';
    const roll = rng.next();
    const orderType: OrderType = roll < 0.6 ? 'limit' : roll < 0.8 ? 'market' : roll < 0.9 ? 'stop' : 'stop_limit';
    const away = (bps: number) => Math.max(1, mark + (side === 'buy' ? -1 : 1) * Math.floor((mark * bps) / 10_000));
    // One in fifty far off the market (a fat finger), the rest within 1 % of it.
    const bps = rng.chance(0.02) ? rng.int(700, 2_000) * (rng.chance(0.5) ? 1 : -1) : rng.int(-100, 100);
    let price = orderType === 'limit' || orderType === 'stop_limit' ? away(bps) : 0;
    const stopPrice = orderType === 'stop' || orderType === 'stop_limit' ? away(-Math.abs(bps) - 10) : 0;
    if (orderType === 'stop_limit') price = stopPrice;
    const qty = rng.chance(0.01) ? maxLots * 3 : rng.int(1, maxLots);
    const reduceOnly = orderType !== 'market' && rng.chance(0.05);
    leaning.set(key, position + (side === 'buy' ? qty : -qty) / 4);
    inputs.push({
      kind: 'order',
      message: {
        v: SCHEMA_VERSION,
        seq: ++seq,
        ts: 0,
        rts: 0,
        type: 'SubmitOrder',
        venue: 'sim',
        symbol,
        src: 'bench',
        clientOrderId: `o${i}`,
        strategyId,
        side,
        orderType,
        price,
        qty,
        tif: orderType === 'market' ? 'IOC' : 'GTC',
        causeTs: 0,
        ...(stopPrice > 0 ? { stopPrice } : {}),
        ...(reduceOnly ? { reduceOnly: true } : {}),
      },
    });
  }
  return inputs;
}

/** The simulated venue behind the engine: fills market orders at once, keeps the resting set near its target. */
class BenchVenue {
  private readonly resting: SubmitOrder[] = [];
  private fillSeq = 0;
  private seq = 0;
  forwarded: SubmitOrder | undefined;

  constructor(
    private readonly engine: RiskEngine,
    private readonly rng: SeededRandom,
    private readonly marks: Map<string, number>,
  ) {}

  /**
   * After each order (untimed): a forwarded market order fills at once, any other rests; meanwhile resting orders
   * fill or are canceled at about the rate new ones arrive, and never more than the target rest at once.
   */
  settle(now: number): void {
    const order = this.forwarded;
    this.forwarded = undefined;
    if (order !== undefined) {
      if (order.orderType === 'market') this.fill(order, order.qty, now);
      else this.resting.push(order);
    }
    if (this.resting.length > 0 && this.rng.chance(0.6)) this.finishOne(now);
    while (this.resting.length > WORKING_TARGET) this.finishOne(now);
  }

  private finishOne(now: number): void {
    const index = this.rng.int(0, this.resting.length - 1);
    const last = this.resting.pop() as SubmitOrder;
    const victim = index < this.resting.length ? (this.resting[index] as SubmitOrder) : last;
    if (index < this.resting.length) this.resting[index] = last;
    if (this.rng.chance(0.7)) this.fill(victim, victim.qty, now);
    else this.cancel(victim, now);
  }

  get working(): number {
    return this.resting.length;
  }

  private fill(order: SubmitOrder, qty: number, now: number): void {
    const { venue, symbol, clientOrderId, strategyId, side } = order;
    const price = order.price > 0 ? order.price : (this.marks.get(symbol) as number);
    this.engine.onMessage('exec', '', { v: SCHEMA_VERSION, seq: ++this.seq, ts: now, rts: now, type: 'OrderFilled', venue, symbol, clientOrderId, strategyId, side, state: 'filled', venueOrderId: `v${clientOrderId}`, fillId: `f${++this.fillSeq}`, price, qty, filledQty: qty, leavesQty: 0, liquidity: 'taker' }, now);
  }

  private cancel(order: SubmitOrder, now: number): void {
    const { venue, symbol, clientOrderId, strategyId, side } = order;
    this.engine.onMessage('exec', '', { v: SCHEMA_VERSION, seq: ++this.seq, ts: now, rts: now, type: 'OrderCanceled', venue, symbol, clientOrderId, strategyId, side, state: 'canceled', canceledQty: order.qty, reason: 'bench' }, now);
  }
}

/** Runs the bench. */
export function runRiskCheckBench(options: RiskCheckOptions, progress: (text: string) => void = () => undefined): RiskCheckResult {
  const problems: string[] = [];
  const registry = new InstrumentRegistry(SIM_INSTRUMENTS);
  const marks = new Map(Object.entries(START));
  const byRule: Record<string, number> = {};
  let denials = 0;
  let venue: BenchVenue | undefined;
  const engine = new RiskEngine('risk', registry, benchConfig(), (_port, _topic, message: Outgoing) => {
    if (message.type === 'SubmitOrder') (venue as BenchVenue).forwarded = message as SubmitOrder;
    else if (message.type === 'OrderDenied') {
      denials += 1;
      byRule[message.rule] = (byRule[message.rule] ?? 0) + 1;
    }
  });
  venue = new BenchVenue(engine, new SeededRandom((options.seed ?? 7) + 1), marks);
  const total = options.warmup + options.orders;
  progress(`risk: generating ${total.toLocaleString('en-US')} orders…`);
  const inputs = generate(total, options.seed ?? 7);
  const samples = new Float64Array(options.orders);
  const orderTypes: Record<string, number> = {};
  let reduceOnly = 0;
  let now = 1_700_000_000_000_000;
  let index = 0;
  let timed = 0;
  let workingMin = Number.MAX_SAFE_INTEGER;
  let workingMax = 0;
  const cpu = new CpuWindow(new Map());
  progress(`risk: ${options.warmup.toLocaleString('en-US')} warm-up orders, then ${options.orders.toLocaleString('en-US')} timed…`);
  for (const input of inputs) {
    now += input.kind === 'order' ? STEP_US : 0;
    if (input.kind === 'bar') {
      const bar = input.message as Extract<Message, { type: 'Bar' }>;
      marks.set(bar.symbol, bar.close);
      engine.onMessage('md', '', bar, now);
      continue;
    }
    const message = input.message;
    const measuring = index >= options.warmup;
    if (measuring && timed === 0) {
      denials = 0;
      for (const rule of Object.keys(byRule)) delete byRule[rule];
      cpu.start();
    }
    const started = process.hrtime.bigint();
    engine.onMessage('in', '', message, now);
    const ended = process.hrtime.bigint();
    if (measuring) {
      samples[timed++] = Number(ended - started);
      orderTypes[message.orderType] = (orderTypes[message.orderType] ?? 0) + 1;
      if (message.reduceOnly === true) reduceOnly += 1;
      const working = engine.counters().working ?? 0;
      if (working < workingMin) workingMin = working;
      if (working > workingMax) workingMax = working;
    }
    venue.settle(now);
    index += 1;
  }
  const machine = cpu.machine(cpu.stop());
  const clockNs = clockCost();
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number) / 1_000;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length / 1_000;
  const forwarded = options.orders - denials;
  if (timed !== options.orders) problems.push(`timed ${timed} orders, expected ${options.orders}`);
  if (denials === 0 || forwarded < options.orders / 2) problems.push(`an unrealistic mix: ${forwarded} forwarded, ${denials} denied`);
  return {
    orders: options.orders,
    warmup: options.warmup,
    p50Us: round3(at(0.5)),
    p99Us: round3(at(0.99)),
    p999Us: round3(at(0.999)),
    maxUs: round3(at(1)),
    meanUs: round3(mean),
    clockNs: Math.round(clockNs),
    mix: { orderTypes, reduceOnly, forwarded, denied: denials, byRule },
    state: {
      strategies: STRATEGIES.length,
      instruments: SIM_INSTRUMENTS.length,
      scopes: 'flat defaults, account, every instrument, every strategy',
      workingMin,
      workingMax,
      rulesPerOrder: 11,
    },
    machine,
    problems,
  };
}

/** Median cost of two clock reads around nothing, ns. */
function clockCost(): number {
  const n = 100_001;
  const costs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = process.hrtime.bigint();
    const b = process.hrtime.bigint();
    costs[i] = Number(b - a);
  }
  return costs.sort()[n >> 1] as number;
}

function round3(value: number): number {
  return Math.round(value * 1_000) / 1_000;
}
