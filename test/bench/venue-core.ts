/**
 * The simulated venue's core in one process, on one core: L2 level updates applied per second to an `OrderBook`,
 * order operations per second on a `MatchingEngine`, and the highest event rate the `SyntheticFlow` reaches when its
 * configured rate is out of reach. The book's and the engine's input streams are generated before the clock starts
 * (into typed arrays), so only the code under test is timed; each is replayed in timed rounds after a warm-up round,
 * on a fresh book or engine, and reported as the best and the median round.
 */
import { MatchingEngine, type EngineListener } from '../../workers/core/matching-engine.js';
import { OrderBook } from '../../workers/core/order-book.js';
import { SeededRandom } from '../../workers/core/random.js';
import { SyntheticFlow } from '../../workers/core/synthetic-flow.js';
import type { Level, OrderType, Side, TimeInForce } from '../../workers/protocol/messages.js';
import { CpuWindow, type MachineUse } from './process-cpu.js';

/** How long to run each part. */
export interface VenueCoreOptions {
  /** L2 level updates per round, and timed rounds. */
  l2Updates: number;
  l2Rounds: number;
  /** Engine operations (submits, cancels) per round, and timed rounds. */
  orderOps: number;
  orderRounds: number;
  /** Wall time the synthetic flow is measured for, per variant, ms (after a warm-up of a third of it). */
  flowMs: number;
  seed?: number;
}

/** A rate over timed rounds, per second. */
export interface RoundRates {
  best: number;
  median: number;
  rounds: number[];
}

/** L2 level updates applied to one `OrderBook`. */
export interface L2Result {
  updatesPerSecond: RoundRates;
  updatesPerRound: number;
  /** Shares of the stream: levels inserted, sizes changed, levels deleted, and updates within 10 ticks of the touch. */
  mix: { inserts: number; changes: number; deletes: number; nearTouch: number };
  levelsPerSide: { min: number; max: number };
  /** How far the best bid walked over the stream, ticks. */
  touchRangeTicks: number;
}

/** Submits and cancels on one `MatchingEngine`. */
export interface OrderOpsResult {
  opsPerSecond: RoundRates;
  tradesPerSecond: RoundRates;
  opsPerRound: number;
  tradesPerRound: number;
  fillsPerRound: number;
  /** Shares of the operations. */
  mix: { restingLimits: number; takers: number; cancels: number; amends: number };
  /** At the end of a round. */
  workingOrders: number;
  levels: { bids: number; asks: number };
}

/** The synthetic flow driving its engine as fast as it can. */
export interface FlowRun {
  /** Engine calls (submits, cancels) per wall second. */
  actionsPerSecond: number;
  tradesPerSecond: number;
  /** Simulated seconds the flow covered per wall second. */
  simulatedPerWallSecond: number;
  seconds: number;
}

/** The flow's maximum rate, bare and with the book changes drained after every action as the sim venue does. */
export interface FlowResult {
  configuredRate: number;
  /** The highest rate the flow is configured for in practice, which its maximum must exceed. */
  configMaxRate: number;
  bare: FlowRun;
  drained: FlowRun;
}

/** Everything the venue-core bench measured. */
export interface VenueCoreResult {
  l2: L2Result;
  orders: OrderOpsResult;
  flow: FlowResult;
  /** How busy the machine was meanwhile: this bench takes one core, so others' use beyond the rest slows it. */
  machine: MachineUse | undefined;
  problems: string[];
}

/** Order-flow rate the configuration allows per instrument, events/s. */
export const FLOW_CONFIG_MAX_RATE = 50_000;
const FLOW_RATE = 5_000_000;
const START_PRICE = 6_500_000; // 65,000.00 at a 0.01 tick
const T0 = 1_700_000_000_000_000; // µs

/** Runs the three parts in turn; a broken invariant or a replay that diverges is reported in `problems`. */
export function runVenueCore(options: VenueCoreOptions, progress: (text: string) => void = () => {}): VenueCoreResult {
  const seed = options.seed ?? 42;
  const problems: string[] = [];
  const cpu = new CpuWindow(new Map());
  cpu.start();
  progress(`venue core: ${number(options.l2Updates)} L2 updates × ${options.l2Rounds} rounds…`);
  const l2 = runL2(options.l2Updates, options.l2Rounds, seed, problems);
  progress(`venue core: ${number(options.orderOps)} engine operations × ${options.orderRounds} rounds…`);
  const orders = runOrderOps(options.orderOps, options.orderRounds, seed, problems);
  progress(`venue core: synthetic flow at a configured ${number(FLOW_RATE)}/s for 2 × ${options.flowMs / 1000} s…`);
  const flow: FlowResult = {
    configuredRate: FLOW_RATE,
    configMaxRate: FLOW_CONFIG_MAX_RATE,
    bare: driveFlow(options.flowMs, false, seed, problems),
    drained: driveFlow(options.flowMs, true, seed, problems),
  };
  return { l2, orders, flow, machine: cpu.machine(cpu.stop()), problems };
}

// ---- L2 book -----------------------------------------------------------------------------------------------------

/** A pre-generated stream of level updates (absolute sizes, 0 = delete), the book it starts from and ends at. */
interface L2Stream {
  start: { bids: Level[]; asks: Level[] };
  end: { bids: Level[]; asks: Level[] };
  /** 0 = bid, 1 = ask. */
  sides: Uint8Array;
  prices: Int32Array;
  qtys: Int32Array;
  mix: L2Result['mix'];
  levelsPerSide: L2Result['levelsPerSide'];
  touchRangeTicks: number;
}

function runL2(updates: number, rounds: number, seed: number, problems: string[]): L2Result {
  const stream = generateL2(updates, seed);
  timeL2(stream); // warm-up
  const seconds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const { book, elapsed } = timeL2(stream);
    seconds.push(elapsed);
    const problem = book.checkInvariants();
    if (problem !== undefined) problems.push(`L2 round ${round}: ${problem}`);
    const top = book.top(Number.MAX_SAFE_INTEGER);
    if (!sameLevels(top.bids, stream.end.bids) || !sameLevels(top.asks, stream.end.asks)) problems.push(`L2 round ${round}: the book differs from the model`);
  }
  const { mix, levelsPerSide, touchRangeTicks } = stream;
  return { updatesPerSecond: ratesOf(updates, seconds), updatesPerRound: updates, mix, levelsPerSide, touchRangeTicks };
}

function timeL2(stream: L2Stream): { book: OrderBook; elapsed: number } {
  const book = new OrderBook();
  book.setSnapshot(stream.start.bids, stream.start.asks);
  const started = process.hrtime.bigint();
  applyL2(book, stream.sides, stream.prices, stream.qtys);
  return { book, elapsed: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** The timed loop: one `set` per update, as the feed applies a venue's deltas. */
function applyL2(book: OrderBook, sides: Uint8Array, prices: Int32Array, qtys: Int32Array): void {
  const { bids, asks } = book;
  for (let i = 0; i < sides.length; i++) {
    if (sides[i] === 0) bids.set(prices[i] as number, qtys[i] as number);
    else asks.set(prices[i] as number, qtys[i] as number);
  }
}

/** Levels a side keeps about; it never drops below `MIN_LEVELS`. */
const TARGET_LEVELS = 300;
const MIN_LEVELS = 30;
/** Updates between flips of the trend that makes the touch walk, on average. */
const TREND_UPDATES = 40_000;
const MODEL_SPAN = 1 << 21;

/** One side of the generator's model: a dense size per tick around the start price, with its best and worst. */
class ModelSide {
  readonly qty = new Int32Array(MODEL_SPAN);
  readonly base = START_PRICE - MODEL_SPAN / 2;
  best = 0;
  worst = 0;
  count = 0;
  /** +1 for bids, -1 for asks: `price - direction × d` is d ticks worse. */
  constructor(readonly direction: 1 | -1) {}

  has(price: number): boolean {
    return (this.qty[price - this.base] as number) > 0;
  }

  worse(price: number, ticks: number): number {
    return price - this.direction * ticks;
  }

  set(price: number, qty: number): void {
    const had = this.has(price);
    this.qty[price - this.base] = qty;
    if (qty > 0 && !had) {
      if (this.count++ === 0) this.best = this.worst = price;
      else if ((price - this.best) * this.direction > 0) this.best = price;
      else if ((this.worst - price) * this.direction > 0) this.worst = price;
    } else if (qty <= 0 && had && --this.count > 0) {
      while (!this.has(this.best)) this.best = this.worse(this.best, 1);
      while (!this.has(this.worst)) this.worst = this.worse(this.worst, -1);
    }
  }

  levels(): Level[] {
    const out: Level[] = [];
    for (let price = this.best; out.length < this.count; price = this.worse(price, 1)) {
      if (this.has(price)) out.push([price, this.qty[price - this.base] as number]);
    }
    return out;
  }
}

/** Sizes grow away from the touch. */
function sizeAt(rng: SeededRandom, ticksFromTouch: number): number {
  return 1 + Math.floor(rng.exponential(10 + ticksFromTouch));
}

/**
 * Most updates change, add or remove a level within a few ticks of the touch; the touch moves (a level inside the
 * spread, or the best level taken out) with a trend that flips now and then, so prices walk; some updates land deep in
 * the book, and the far end is trimmed or extended to keep about `TARGET_LEVELS` a side.
 */
function nextL2(bid: ModelSide, ask: ModelSide, rng: SeededRandom, up: boolean): { side: ModelSide; price: number; qty: number } {
  const spread = ask.best - bid.best;
  // Makers fill a wide spread quickly: the wider it is, the likelier a level inside it.
  if (spread > 1 && rng.chance(Math.min(0.5, 0.05 * (spread - 1)))) {
    const side = rng.chance(0.5) ? bid : ask;
    return { side, price: side.worse(side.best, -1), qty: sizeAt(rng, 0) };
  }
  const r = rng.next();
  if (r < 0.06) {
    const [rising, falling] = (rng.chance(0.6) ? up : !up) ? [bid, ask] : [ask, bid];
    if (spread > 1 && rng.chance(0.5)) return { side: rising, price: rising.worse(rising.best, -1), qty: sizeAt(rng, 0) };
    if (falling.count > MIN_LEVELS) return { side: falling, price: falling.best, qty: 0 };
  }
  const side = rng.chance(0.5) ? bid : ask;
  const span = Math.abs(side.best - side.worst);
  if (r < 0.92 && (r < 0.62 || span < 10)) return changeLevel(side, rng, Math.floor(rng.exponential(2)), 0.2);
  if (r < 0.92) return changeLevel(side, rng, rng.int(8, span), 0.15);
  if (side.count > TARGET_LEVELS + rng.int(-20, 20)) return { side, price: side.worst, qty: 0 };
  const price = side.worse(side.worst, rng.int(1, 3));
  return { side, price, qty: sizeAt(rng, Math.abs(price - side.best)) };
}

/** An update `ticks` from the touch: a new level if there is none, else a new size or (with `deleteShare`) a delete. */
function changeLevel(side: ModelSide, rng: SeededRandom, ticks: number, deleteShare: number): { side: ModelSide; price: number; qty: number } {
  const price = side.worse(side.best, ticks);
  const remove = side.has(price) && side.count > MIN_LEVELS && rng.chance(deleteShare);
  return { side, price, qty: remove ? 0 : sizeAt(rng, ticks) };
}

function generateL2(count: number, seed: number): L2Stream {
  const rng = new SeededRandom(seed);
  const bid = new ModelSide(1);
  const ask = new ModelSide(-1);
  for (const side of [bid, ask]) {
    let price = side === bid ? START_PRICE : START_PRICE + 1;
    while (side.count < TARGET_LEVELS) {
      if (side.count === 0 || rng.chance(0.85)) side.set(price, sizeAt(rng, side.count));
      price = side.worse(price, 1);
    }
  }
  const start = { bids: bid.levels(), asks: ask.levels() };
  const sides = new Uint8Array(count);
  const prices = new Int32Array(count);
  const qtys = new Int32Array(count);
  const tally = { inserts: 0, changes: 0, deletes: 0, nearTouch: 0 };
  let up = true;
  let [low, high, minLevels, maxLevels] = [bid.best, bid.best, TARGET_LEVELS, TARGET_LEVELS];
  for (let i = 0; i < count; i++) {
    if (rng.chance(1 / TREND_UPDATES)) up = !up;
    // Keep the walk inside the model's window (it never gets near in practice).
    if (Math.abs(bid.best - START_PRICE) > MODEL_SPAN / 4) up = bid.best < START_PRICE;
    const { side, price, qty } = nextL2(bid, ask, rng, up);
    const had = side.has(price);
    if (Math.abs(price - side.best) <= 10) tally.nearTouch++;
    if (qty === 0) tally.deletes++;
    else if (had) tally.changes++;
    else tally.inserts++;
    side.set(price, qty);
    sides[i] = side === bid ? 0 : 1;
    prices[i] = price;
    qtys[i] = qty;
    [low, high] = [Math.min(low, bid.best), Math.max(high, bid.best)];
    [minLevels, maxLevels] = [Math.min(minLevels, side.count), Math.max(maxLevels, side.count)];
    if (bid.best >= ask.best) throw new Error(`L2 generator crossed the book at update ${i}`);
  }
  const mix = { inserts: tally.inserts / count, changes: tally.changes / count, deletes: tally.deletes / count, nearTouch: tally.nearTouch / count };
  const end = { bids: bid.levels(), asks: ask.levels() };
  return { start, end, sides, prices, qtys, mix, levelsPerSide: { min: minLevels, max: maxLevels }, touchRangeTicks: high - low };
}

function sameLevels(a: readonly Level[], b: readonly Level[]): boolean {
  return a.length === b.length && a.every(([price, qty], i) => b[i]?.[0] === price && b[i]?.[1] === qty);
}

// ---- Matching engine ---------------------------------------------------------------------------------------------

const OWNERS = ['mm-1', 'mm-2', 'mm-3', 'taker', 'client'] as const;
/** Like the sim flow's owner, these forget finished orders; `client` is remembered, as a trading client is. */
const TRANSIENT_OWNERS = OWNERS.slice(0, 4);
const CLIENT = 4;
const TAKER = 3;
const SIDES: readonly Side[] = ['buy', 'sell'];
/** Order kinds of the stream, by index: type and time in force. */
const TYPES: readonly OrderType[] = ['limit', 'limit', 'limit', 'market'];
const TIFS: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'IOC'];
const OP_SUBMIT = 0;
const OP_CANCEL = 1;
const OP_AMEND = 2;

/**
 * The engine mix. Cancels are scaled by how many orders work against `WORKING_TARGET` (so the book holds steady);
 * resting limit orders near the touch take what is left.
 */
const ENGINE_MIX = {
  cancel: 0.4,
  /** Marketable limits (IOC, FOK, GTC) and market orders. */
  take: 0.1,
  /** Amends of working orders: give it a weight once `MatchingEngine.amend` exists; nothing else needs to change. */
  amend: 0,
} as const;
const WORKING_TARGET = 4_000;
/** Operations between flips of the takers' lean, which makes prices walk. */
const TREND_OPS = 30_000;

/** `MatchingEngine.amend`: why it could not, or undefined once done. Reached through a cast so this compiles whether the engine has it or not. */
type Amend = (owner: string, clientOrderId: string, changes: { price?: number; qty?: number }, now: number) => string | undefined;

/** A pre-generated operation stream, by index; `clientIds` holds the ids the operations refer to. */
interface OrderStream {
  kinds: Uint8Array;
  owners: Uint8Array;
  sides: Uint8Array;
  orderKinds: Uint8Array;
  prices: Int32Array;
  qtys: Int32Array;
  ids: Int32Array;
  clientIds: string[];
}

/** What a replay of the stream produced; every replay must produce what its generation did. */
interface EngineCounts {
  trades: number;
  fills: number;
  rejects: number;
  refused: number;
}

function countingEngine(): { engine: MatchingEngine; counts: EngineCounts } {
  const counts: EngineCounts = { trades: 0, fills: 0, rejects: 0, refused: 0 };
  const listener: EngineListener = {
    onOrder(event) {
      if (event.kind === 'filled') counts.fills++;
      else if (event.kind === 'rejected') counts.rejects++;
    },
    onTrade() {
      counts.trades++;
    },
  };
  return { engine: new MatchingEngine({ symbol: 'BENCH', transientOwners: TRANSIENT_OWNERS }, listener), counts };
}

function amendOf(engine: MatchingEngine): Amend {
  const amend = (engine as unknown as { amend?: Amend }).amend;
  if (amend === undefined) throw new Error('the engine mix gives amend a weight, but MatchingEngine has no amend');
  return amend.bind(engine);
}

/** Makes operation `i` of the stream at `now`; false if the engine refused it (unknown id, finished order). */
function execute(engine: MatchingEngine, s: OrderStream, i: number, now: number, amend: Amend | undefined): boolean {
  const owner = OWNERS[s.owners[i] as number] as string;
  const clientOrderId = s.clientIds[s.ids[i] as number] as string;
  const kind = s.kinds[i] as number;
  if (kind === OP_CANCEL) return engine.cancel(owner, clientOrderId, now);
  const price = s.prices[i] as number;
  const qty = s.qtys[i] as number;
  if (kind === OP_AMEND) return (amend as Amend)(owner, clientOrderId, { price, qty }, now) === undefined;
  const orderKind = s.orderKinds[i] as number;
  const side = SIDES[s.sides[i] as number] as Side;
  return engine.submit({ owner, clientOrderId, side, type: TYPES[orderKind] as OrderType, price, qty, tif: TIFS[orderKind] as TimeInForce }, now);
}

function runOrderOps(ops: number, rounds: number, seed: number, problems: string[]): OrderOpsResult {
  const generated = generateOrders(ops, seed);
  const { stream } = generated;
  const seconds: number[] = [];
  let last: ReturnType<typeof countingEngine> | undefined;
  for (let round = -1; round < rounds; round++) {
    last = countingEngine();
    const amend = stream.kinds.includes(OP_AMEND) ? amendOf(last.engine) : undefined;
    const started = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) if (!execute(last.engine, stream, i, T0 + i, amend)) last.counts.refused++;
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (round < 0) continue; // warm-up
    seconds.push(elapsed);
    const problem = last.engine.checkInvariants();
    if (problem !== undefined) problems.push(`engine round ${round}: ${problem}`);
    if (JSON.stringify(last.counts) !== JSON.stringify(generated.counts)) {
      problems.push(`engine round ${round}: replay gave ${JSON.stringify(last.counts)}, generation ${JSON.stringify(generated.counts)}`);
    }
  }
  const engine = (last as ReturnType<typeof countingEngine>).engine;
  const { trades, fills } = generated.counts;
  return {
    opsPerSecond: ratesOf(ops, seconds),
    tradesPerSecond: ratesOf(trades, seconds),
    opsPerRound: ops,
    tradesPerRound: trades,
    fillsPerRound: fills,
    mix: generated.mix,
    workingOrders: generated.workingAtEnd,
    levels: { bids: engine.levels('buy').size, asks: engine.levels('sell').size },
  };
}

/**
 * Builds the stream by running it: each operation is chosen from the state of a real engine (its touch, its working
 * orders) and made on it at once, so replays on fresh engines go exactly the same way.
 */
function generateOrders(count: number, seed: number): { stream: OrderStream; counts: EngineCounts; mix: OrderOpsResult['mix']; workingAtEnd: number } {
  const stream: OrderStream = {
    kinds: new Uint8Array(count),
    owners: new Uint8Array(count),
    sides: new Uint8Array(count),
    orderKinds: new Uint8Array(count),
    prices: new Int32Array(count),
    qtys: new Int32Array(count),
    ids: new Int32Array(count),
    clientIds: [],
  };
  const generator = new OrderGenerator(stream, seed);
  for (let i = 0; i < count; i++) generator.next(i);
  const tally = generator.tally;
  const mix = { restingLimits: tally.passive / count, takers: tally.take / count, cancels: tally.cancel / count, amends: tally.amend / count };
  return { stream, counts: generator.counts, mix, workingAtEnd: generator.working.length };
}

/** Chooses each operation of an {@link OrderStream} from a live engine's state. */
class OrderGenerator {
  readonly tally = { passive: 0, take: 0, cancel: 0, amend: 0 };
  /** Ids (indexes into `clientIds`) of orders that may still work; finished ones are dropped when met. */
  readonly working: number[] = [];
  readonly counts: EngineCounts;
  private readonly engine: MatchingEngine;
  private readonly rng: SeededRandom;
  private readonly amend: Amend | undefined;
  private readonly ownerOf: number[] = [];
  private lean = 1;

  constructor(
    private readonly stream: OrderStream,
    seed: number,
  ) {
    ({ engine: this.engine, counts: this.counts } = countingEngine());
    this.rng = new SeededRandom(seed + 1);
    this.amend = ENGINE_MIX.amend > 0 ? amendOf(this.engine) : undefined;
  }

  next(i: number): void {
    const rng = this.rng;
    if (rng.chance(1 / TREND_OPS)) this.lean = -this.lean;
    const cancel = Math.min(0.7, ENGINE_MIX.cancel * (this.working.length / WORKING_TARGET));
    const r = rng.next();
    if (r < cancel && this.cancel(i)) this.tally.cancel++;
    else if (r >= cancel && r < cancel + ENGINE_MIX.amend && this.amendOne(i)) this.tally.amend++;
    else if (r >= cancel && r < cancel + ENGINE_MIX.amend + ENGINE_MIX.take && this.take(i)) this.tally.take++;
    else {
      this.passive(i);
      this.tally.passive++;
    }
    if (!execute(this.engine, this.stream, i, T0 + i, this.amend)) this.counts.refused++;
    const s = this.stream;
    if (s.kinds[i] === OP_SUBMIT && this.engine.order(OWNERS[s.owners[i] as number] as string, s.clientIds[s.ids[i] as number] as string) !== undefined) {
      this.working.push(s.ids[i] as number);
    }
  }

  /** A GTC limit at or a few ticks behind its side's touch (sometimes deeper, sometimes inside the spread). */
  private passive(i: number): void {
    const rng = this.rng;
    const side = rng.int(0, 1);
    const direction = side === 0 ? 1 : -1;
    const own = side === 0 ? this.engine.bestBid() : this.engine.bestAsk();
    const other = side === 0 ? this.engine.bestAsk() : this.engine.bestBid();
    const reference = own ?? (other === undefined ? START_PRICE : other - direction);
    let price = reference - direction * (rng.chance(0.85) ? Math.floor(rng.exponential(1.5)) : rng.int(5, 150));
    if (own !== undefined && other !== undefined && Math.abs(other - own) > 1 && rng.chance(0.15)) price = own + direction;
    if (other !== undefined) price = side === 0 ? Math.min(price, other - 1) : Math.max(price, other + 1);
    const owner = rng.chance(0.03) ? CLIENT : rng.int(0, 2);
    this.submit(i, owner, side, 0, Math.max(1, price), 1 + Math.floor(rng.exponential(8)));
  }

  /** An order that takes liquidity, leaning one way for a while; false if the side it would take from is thin. */
  private take(i: number): boolean {
    const rng = this.rng;
    const side = rng.chance(0.5 + 0.1 * this.lean) ? 0 : 1;
    const levels = this.engine.levels(side === 0 ? 'sell' : 'buy');
    if (levels.size < 3) return false;
    const roll = rng.next();
    const orderKind = roll < 0.5 ? 1 : roll < 0.75 ? 3 : roll < 0.85 ? 2 : 0;
    const price = orderKind === 3 ? 0 : (levels.best() as number) + (side === 0 ? 1 : -1) * rng.int(0, 2);
    this.submit(i, rng.chance(0.03) ? CLIENT : TAKER, side, orderKind, price, 1 + Math.floor(rng.exponential(12)));
    return true;
  }

  private cancel(i: number): boolean {
    const id = this.pickWorking(true);
    if (id === undefined) return false;
    this.write(i, OP_CANCEL, this.ownerOf[id] as number, 0, 0, 0, 0, id);
    return true;
  }

  /** A new price a few ticks away and a new size for a working order. */
  private amendOne(i: number): boolean {
    const id = this.pickWorking(false);
    if (id === undefined) return false;
    const s = this.stream;
    const owner = this.ownerOf[id] as number;
    const order = this.engine.order(OWNERS[owner] as string, s.clientIds[id] as string);
    if (order === undefined) return false;
    const price = Math.max(1, order.price + this.rng.int(-3, 3));
    this.write(i, OP_AMEND, owner, 0, 0, price, 1 + Math.floor(this.rng.exponential(8)), id);
    return true;
  }

  /** A working order, mostly a recent one (near the touch, as most cancels are); removed from the list if `remove`. */
  private pickWorking(remove: boolean): number | undefined {
    const { working, rng } = this;
    while (working.length > 0) {
      const k = rng.chance(0.6) ? Math.max(0, working.length - 1 - rng.int(0, 63)) : rng.int(0, working.length - 1);
      const id = working[k] as number;
      const alive = this.engine.order(OWNERS[this.ownerOf[id] as number] as string, this.stream.clientIds[id] as string) !== undefined;
      if (!alive || remove) {
        working[k] = working[working.length - 1] as number;
        working.pop();
      }
      if (alive) return id;
    }
    return undefined;
  }

  private submit(i: number, owner: number, side: number, orderKind: number, price: number, qty: number): void {
    const id = this.stream.clientIds.length;
    this.stream.clientIds.push(`o${id}`);
    this.ownerOf.push(owner);
    this.write(i, OP_SUBMIT, owner, side, orderKind, price, qty, id);
  }

  private write(i: number, kind: number, owner: number, side: number, orderKind: number, price: number, qty: number, id: number): void {
    const s = this.stream;
    s.kinds[i] = kind;
    s.owners[i] = owner;
    s.sides[i] = side;
    s.orderKinds[i] = orderKind;
    s.prices[i] = price;
    s.qtys[i] = qty;
    s.ids[i] = id;
  }
}

// ---- Synthetic flow ----------------------------------------------------------------------------------------------

/** Steps a fresh flow in 1 ms steps of simulated time for `ms` of wall time (after a warm-up), as fast as it goes. */
function driveFlow(ms: number, drain: boolean, seed: number, problems: string[]): FlowRun {
  let trades = 0;
  const owner = '~bench-flow';
  const engine = new MatchingEngine({ symbol: 'BENCH', transientOwners: [owner] }, { onOrder() {}, onTrade: () => void trades++ });
  const flow = new SyntheticFlow({ seed, startPrice: START_PRICE, ratePerSecond: FLOW_RATE, owner, levels: 20 });
  const afterAction = drain ? () => void engine.drainBookChanges() : undefined;
  let now = T0;
  flow.step(now, engine);
  const run = (wallMs: number): { elapsed: number; simulated: number } => {
    const started = process.hrtime.bigint();
    const from = now;
    const limit = BigInt(Math.round(wallMs * 1e6));
    while (process.hrtime.bigint() - started < limit) {
      now += 1_000;
      flow.step(now, engine, afterAction);
    }
    return { elapsed: Number(process.hrtime.bigint() - started) / 1e9, simulated: (now - from) / 1e6 };
  };
  run(ms / 3); // warm-up
  const [actions0, trades0] = [flow.actions, trades];
  const { elapsed, simulated } = run(ms);
  const problem = engine.checkInvariants();
  if (problem !== undefined) problems.push(`synthetic flow${drain ? ' (drained)' : ''}: ${problem}`);
  return {
    actionsPerSecond: (flow.actions - actions0) / elapsed,
    tradesPerSecond: (trades - trades0) / elapsed,
    simulatedPerWallSecond: simulated / elapsed,
    seconds: elapsed,
  };
}

// ---- Helpers -----------------------------------------------------------------------------------------------------

function ratesOf(countPerRound: number, seconds: readonly number[]): RoundRates {
  const rounds = seconds.map((s) => countPerRound / s);
  const sorted = [...rounds].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { best: sorted[sorted.length - 1] ?? 0, median: median || 0, rounds: rounds.map(Math.round) };
}

function number(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
