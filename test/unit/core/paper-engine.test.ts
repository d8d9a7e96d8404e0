/**
 * The paper-trading engine: our orders against an external book and tape, with the fill model a trader would notice
 * (queue position, prints, cancels ahead and behind, taking, crossing updates, stops, brackets, latency). Events are
 * compared as the conformance table writes them: `<id> filled <qty>@<price> <maker|taker>`, `<id> canceled <qty>`...
 */
import { describe, expect, it } from 'vitest';
import { FeeSchedule } from '../../../workers/core/fees.js';
import { MatchingEngine, type EngineOrderEvent, type EngineRules, type OrderRequest } from '../../../workers/core/matching-engine.js';
import { OrderBook } from '../../../workers/core/order-book.js';
import { apportion } from '../../../workers/core/paper/mirror-book.js';
import { PaperEngine, type PaperRefusal } from '../../../workers/core/paper/paper-engine.js';
import { SyntheticFlow } from '../../../workers/core/synthetic-flow.js';
import type { Side } from '../../../workers/protocol/messages.js';

const ME = 'me';
const T0 = 1_000_000;

function line(event: EngineOrderEvent): string {
  const id = event.order.clientOrderId;
  switch (event.kind) {
    case 'filled':
      return `${id} filled ${event.qty}@${event.price} ${event.liquidity}`;
    case 'canceled':
      return `${id} canceled ${event.canceledQty}`;
    case 'expired':
      return `${id} expired ${event.expiredQty}`;
    case 'amended':
      return `${id} amended ${event.order.price}x${event.order.qty} leaves=${event.order.leavesQty}`;
    case 'triggered':
      return `${id} triggered @${event.triggerPrice}`;
    default:
      return `${id} ${event.kind}`;
  }
}

function setup(options: { latencyUs?: number; rules?: EngineRules } = {}) {
  const events: string[] = [];
  const times: number[] = [];
  const fills: Array<{ owner: string; id: string; qty: number; price: number; fee: number; liquidity: string }> = [];
  const refusals: PaperRefusal[] = [];
  const paper = new PaperEngine(
    { symbol: 'BTC-USD', ...options },
    {
      onOrder: (event, now) => {
        events.push(line(event));
        times.push(now);
        if (event.kind === 'filled') {
          const { qty, price, fee, liquidity } = event;
          fills.push({ owner: event.order.owner, id: event.order.clientOrderId, qty, price, fee, liquidity });
        }
      },
      onRefused: (refusal) => refusals.push(refusal),
    },
  );
  /** Events since the last call. */
  const take = (): string[] => events.splice(0);
  return { paper, events, times, fills, refusals, take };
}

const limit = (id: string, side: Side, price: number, qty: number, extra: Partial<OrderRequest> = {}): OrderRequest => ({
  owner: ME,
  clientOrderId: id,
  side,
  type: 'limit',
  price,
  qty,
  tif: 'GTC',
  ...extra,
});
const market = (id: string, side: Side, qty: number, extra: Partial<OrderRequest> = {}): OrderRequest => ({
  owner: ME,
  clientOrderId: id,
  side,
  type: 'market',
  price: 0,
  qty,
  tif: 'IOC',
  ...extra,
});

describe('paper engine: queue position against the tape', () => {
  it.each([
    { traded: 4, fills: [] },
    { traded: 5, fills: [] },
    { traded: 6, fills: ['b1 filled 1@100 maker'] },
    { traded: 7, fills: ['b1 filled 2@100 maker'] },
    { traded: 8, fills: ['b1 filled 3@100 maker'] },
  ])('our bid behind 5 lots fills only after 5 lots trade at its price: $traded traded', ({ traded, fills }) => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 5], [99, 10]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 100, 3), T0);
    expect(take()).toEqual(['b1 accepted']);
    paper.onTrade(100, traded, 'sell', T0 + 1);
    expect(take()).toEqual(fills);
  });

  it('counts prints one by one: 3 + 2 lots use up the queue ahead, the next 2 fill us', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 5]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 100, 3), T0);
    take();
    paper.onTrade(100, 3, 'sell', T0 + 1);
    paper.onBookUpdate([[100, 2]], [], T0 + 2); // the venue reports what the print left (our 3 are not on the venue)
    paper.onTrade(100, 2, 'sell', T0 + 3);
    expect(take()).toEqual([]);
    paper.onTrade(100, 2, 'sell', T0 + 4);
    expect(take()).toEqual(['b1 filled 2@100 maker']);
  });

  it('a print through our price fills us completely, at our price', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 5], [99, 10]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 100, 3), T0);
    take();
    paper.onTrade(99, 20, 'sell', T0 + 1);
    expect(take()).toEqual(['b1 filled 3@100 maker']);
  });

  it('an order of ours better than the print fills before the venue queue at the print price', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[99, 5]], [[102, 5]], T0);
    paper.submit(limit('a1', 'sell', 101, 2), T0);
    take();
    paper.onTrade(102, 3, 'buy', T0 + 1);
    expect(take()).toEqual(['a1 filled 2@101 maker']);
    // The print took 3 of the venue's queue at 102; the mirror gave only 1, so the next lots in line go too.
    expect(paper.mirrorDepth().asks).toEqual([[102, 2]]);
    paper.onBookUpdate([], [[102, 2]], T0 + 2);
    expect(paper.mirrorMismatch()).toBeUndefined();
  });

  it('the venue queue consumed by a print is not counted twice when the book update reports it', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 5]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 100, 2), T0);
    paper.onBookUpdate([[100, 9]], [], T0 + 1); // 4 more lots join behind us
    take();
    paper.onTrade(100, 6, 'sell', T0 + 2); // 5 ahead of us, then 1 of ours
    expect(take()).toEqual(['b1 filled 1@100 maker']);
    // The venue's queue lost 6: 5 ahead of us and the first of the 4 behind us.
    expect(paper.mirrorDepth().bids).toEqual([[100, 3]]);
    paper.onBookUpdate([[100, 3]], [], T0 + 3);
    expect(paper.mirrorDepth().bids).toEqual([[100, 3]]);
    paper.onTrade(100, 1, 'sell', T0 + 4);
    expect(take()).toEqual(['b1 filled 1@100 maker']);
  });
});

describe('paper engine: the venue book changing around us', () => {
  it('cancels shrink the queue ahead of and behind us in proportion, moving us up', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 6]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 100, 2), T0);
    paper.onBookUpdate([[100, 12]], [], T0 + 1); // 6 ahead of us, 6 behind
    paper.onBookUpdate([[100, 6]], [], T0 + 2); // 6 canceled: 3 ahead, 3 behind
    expect(paper.depth(1).bids).toEqual([[100, 8]]);
    take();
    paper.onTrade(100, 3, 'sell', T0 + 3);
    expect(take()).toEqual([]);
    paper.onTrade(100, 1, 'sell', T0 + 4);
    expect(take()).toEqual(['b1 filled 1@100 maker']);
  });

  it('a level emptied by cancels puts us at the front', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 6]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 100, 2), T0);
    paper.onBookUpdate([[100, 0]], [], T0 + 1);
    expect(paper.depth(1).bids).toEqual([[100, 2]]);
    paper.onBookUpdate([[100, 5]], [], T0 + 2);
    take();
    paper.onTrade(100, 1, 'sell', T0 + 3);
    expect(take()).toEqual(['b1 filled 1@100 maker']);
  });

  it('splits a cut by size, largest remainders first, never more than a chunk has', () => {
    expect(apportion(6, [6, 6])).toEqual([3, 3]);
    expect(apportion(3, [5, 4])).toEqual([2, 1]);
    expect(apportion(1, [10, 1])).toEqual([1, 0]);
    expect(apportion(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(apportion(9, [5, 4])).toEqual([5, 4]);
    expect(apportion(0, [5, 4])).toEqual([0, 0]);
  });

  it('a level growing behind us does not delay us', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 5]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 100, 2), T0);
    paper.onBookUpdate([[100, 50]], [], T0 + 1);
    take();
    paper.onTrade(100, 6, 'sell', T0 + 2);
    expect(take()).toEqual(['b1 filled 1@100 maker']);
    paper.onTrade(100, 1, 'sell', T0 + 3);
    expect(take()).toEqual(['b1 filled 1@100 maker']);
  });

  it('a book update that crosses our resting limit fills it at our price, as maker', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[99, 5]], [[102, 5]], T0);
    paper.submit(limit('b1', 'buy', 101, 4), T0);
    take();
    paper.onBookUpdate([], [[100, 3]], T0 + 1); // a seller posts at 100, below our bid
    expect(take()).toEqual(['b1 filled 3@101 maker']);
    expect(paper.order(ME, 'b1')?.leavesQty).toBe(1);
    // The seller's 3 lots went to us: the mirror is short of the venue by exactly that, until the venue reports 100.
    expect(paper.externalDepth(5).asks).toEqual([[100, 3], [102, 5]]);
    expect(paper.mirrorDepth().asks).toEqual([[102, 5]]);
    expect(paper.taken('sell', 100)).toBe(3);
    expect(paper.mirrorMismatch()).toBeUndefined();
    expect(paper.checkInvariants()).toBeUndefined();
  });

  it('a crossed venue book keeps the newer level: the stale opposite level leaves the mirror', () => {
    const { paper } = setup();
    paper.onBookSnapshot([[99, 5]], [[101, 5]], T0);
    paper.onBookUpdate([[101, 2]], [], T0 + 1); // the venue's ask removal has not arrived yet
    expect(paper.mirrorDepth()).toEqual({ bids: [[101, 2], [99, 5]], asks: [] });
    expect(paper.checkInvariants()).toBeUndefined();
    paper.onBookUpdate([], [[101, 0], [102, 4]], T0 + 2);
    expect(paper.mirrorDepth()).toEqual({ bids: [[101, 2], [99, 5]], asks: [[102, 4]] });
    expect(paper.mirrorMismatch()).toBeUndefined();
  });

  it('a snapshot replaces the book: levels it does not list leave the mirror, ours stay', () => {
    const { paper } = setup();
    paper.onBookSnapshot([[100, 5], [99, 5]], [[101, 5], [102, 5]], T0);
    paper.submit(limit('b1', 'buy', 98, 1), T0);
    paper.onBookSnapshot([[103, 4]], [[105, 6]], T0 + 1);
    expect(paper.mirrorDepth()).toEqual({ bids: [[103, 4]], asks: [[105, 6]] });
    expect(paper.depth(5)).toEqual({ bids: [[103, 4], [98, 1]], asks: [[105, 6]] });
    expect(paper.mirrorMismatch()).toBeUndefined();
  });
});

describe('paper engine: taking liquidity', () => {
  it('a market order walks the venue levels and pays the spread', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 5]], [[101, 5], [102, 10]], T0);
    paper.submit(market('m1', 'buy', 8), T0);
    expect(take()).toEqual(['m1 accepted', 'm1 filled 5@101 taker', 'm1 filled 3@102 taker']);
  });

  it('a second market order finds only what the first left, until the venue reports the level again', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 5]], [[101, 5], [102, 10]], T0);
    paper.submit(market('m1', 'buy', 3), T0);
    paper.submit(market('m2', 'buy', 4), T0);
    expect(take()).toEqual(['m1 accepted', 'm1 filled 3@101 taker', 'm2 accepted', 'm2 filled 2@101 taker', 'm2 filled 2@102 taker']);
    // We cannot change the venue's book: it still shows what it showed.
    expect(paper.externalDepth(5).asks).toEqual([[101, 5], [102, 10]]);
    expect(paper.mirrorMismatch()).toBeUndefined();
    // The venue reports 101 again (one lot more): the level is what the venue says, our consumption is forgotten.
    paper.onBookUpdate([], [[101, 6]], T0 + 1);
    paper.submit(market('m3', 'buy', 6), T0 + 1);
    expect(take()).toEqual(['m3 accepted', 'm3 filled 6@101 taker']);
  });

  it('charges the instrument fees: maker and taker', () => {
    const fees = new FeeSchedule({ maker: '-0.0001', taker: '0.0005' });
    const { paper, fills } = setup({ rules: { fees } });
    paper.onBookSnapshot([[10_000, 5]], [[10_001, 5]], T0);
    paper.submit(market('m1', 'buy', 2), T0);
    paper.submit(limit('b1', 'buy', 10_000, 3), T0);
    paper.onTrade(10_000, 8, 'sell', T0 + 1);
    expect(fills).toEqual([
      { owner: ME, id: 'm1', qty: 2, price: 10_001, fee: fees.fee(10_001, 2, 'taker'), liquidity: 'taker' },
      { owner: ME, id: 'b1', qty: 3, price: 10_000, fee: fees.fee(10_000, 3, 'maker'), liquidity: 'maker' },
    ]);
    expect(fills[0]?.fee).toBe(11);
    expect(fills[1]?.fee).toBe(-3);
  });

  it('applies the instrument rules to our orders: minimum notional and the price band', () => {
    const { paper, take } = setup({ rules: { minNotional: 50_000, bandBps: 100 } });
    paper.onBookSnapshot([[10_000, 50]], [[10_001, 50]], T0);
    paper.onTrade(10_000, 1, 'sell', T0);
    paper.submit(limit('small', 'buy', 10_000, 1), T0);
    paper.submit(limit('far', 'buy', 9_000, 10), T0);
    paper.submit(limit('ok', 'buy', 9_950, 10), T0);
    expect(take()).toEqual(['small rejected', 'far rejected', 'ok accepted']);
  });
  // Needs an engine change: the band and the minimum notional must not bind transient owners (the mirror and the
  // tape stand for the venue's many participants, whose orders the venue already let through). Until then the engine
  // refuses small mirror chunks and prints; drop `.fails` when it lands.
  it('the rules bind only our orders: small venue prints and levels far from the last price are mirrored', () => {
    const { paper, take } = setup({ rules: { minNotional: 50_000, bandBps: 100 } });
    paper.onBookSnapshot([[10_000, 3], [9_000, 50]], [[10_001, 50]], T0);
    paper.onTrade(10_000, 1, 'sell', T0);
    expect(paper.mirrorDepth().bids).toEqual([[10_000, 2], [9_000, 50]]);
    paper.submit(limit('b1', 'buy', 10_000, 10), T0);
    paper.onTrade(10_000, 3, 'sell', T0 + 1);
    expect(take()).toEqual(['b1 accepted', 'b1 filled 1@10000 maker']);
  });
});

describe('paper engine: stops, brackets and OCO on the venue tape', () => {
  it('a stop triggers on a venue print and then takes the mirror', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[100, 5], [99, 5]], [[101, 5]], T0);
    paper.onTrade(100, 1, 'sell', T0);
    paper.submit({ owner: ME, clientOrderId: 'sl', side: 'sell', type: 'stop', price: 0, stopPrice: 99, qty: 3, tif: 'GTC' }, T0);
    take();
    paper.onBookUpdate([[100, 0]], [], T0 + 1);
    paper.onTrade(99, 1, 'sell', T0 + 2);
    expect(take()).toEqual(['sl triggered @99', 'sl filled 3@99 taker']);
  });

  it('a print with nothing to match still moves and triggers a trailing stop', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[95, 10]], [[105, 10]], T0);
    paper.onTrade(100, 1, 'buy', T0);
    paper.submit({ owner: ME, clientOrderId: 'ts', side: 'sell', type: 'trailing_stop', price: 0, trailAmount: 2, qty: 3, tif: 'GTC' }, T0);
    expect(paper.order(ME, 'ts')?.stopPrice).toBe(98);
    paper.onTrade(102, 1, 'buy', T0 + 1);
    paper.onTrade(100, 1, 'sell', T0 + 2);
    expect(take()).toEqual(['ts accepted', 'ts amended 0x3 leaves=3', 'ts triggered @100', 'ts filled 3@95 taker']);
  });

  it('a bracket entry filled by prints places its legs; the take-profit filling cancels the stop-loss', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[99, 5]], [[101, 5]], T0);
    paper.submit(limit('e1', 'buy', 100, 2, { takeProfit: 104, stopLoss: 97 }), T0);
    paper.onTrade(100, 2, 'sell', T0 + 1);
    expect(take()).toEqual(['e1 accepted', 'e1 filled 2@100 maker', 'e1:tp accepted', 'e1:sl accepted']);
    paper.onBookUpdate([], [[101, 0], [104, 3]], T0 + 2); // the venue's sellers join behind our take-profit
    paper.onTrade(104, 1, 'buy', T0 + 3);
    expect(take()).toEqual(['e1:tp filled 1@104 maker', 'e1:sl amended 0x1 leaves=1']);
    paper.onTrade(104, 1, 'buy', T0 + 4);
    expect(take()).toEqual(['e1:tp filled 1@104 maker', 'e1:sl canceled 1']);
    expect(paper.position(ME)).toBe(0);
  });

  it('a bracket stop-loss triggers on a venue print and closes the position against the mirror', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[99, 5], [96, 10]], [[101, 5]], T0);
    paper.submit(market('e1', 'buy', 2, { takeProfit: 110, stopLoss: 97 }), T0);
    take();
    paper.onBookUpdate([[99, 0]], [], T0 + 1);
    paper.onTrade(97, 1, 'sell', T0 + 2);
    expect(take()).toEqual(['e1:sl triggered @97', 'e1:sl filled 2@96 taker', 'e1:tp canceled 2']);
    expect(paper.position(ME)).toBe(0);
  });

  it('OCO: the first of the pair to fill on the tape cancels the other', () => {
    const { paper, take } = setup();
    paper.onBookSnapshot([[99, 5]], [[105, 5]], T0);
    paper.onTrade(100, 1, 'buy', T0);
    paper.submit(limit('tp', 'sell', 103, 2), T0);
    paper.submit({ owner: ME, clientOrderId: 'st', side: 'sell', type: 'stop', price: 0, stopPrice: 98, qty: 2, tif: 'GTC', ocoWith: 'tp' }, T0);
    take();
    paper.onTrade(103, 5, 'buy', T0 + 1);
    expect(take()).toEqual(['tp filled 2@103 maker', 'st canceled 2']);
  });
});

describe('paper engine: commands', () => {
  it('amends keep or lose the queue place as on the venue; refused cancels and amends are reported', () => {
    const { paper, take, refusals } = setup();
    paper.onBookSnapshot([[100, 5]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 100, 4), T0);
    paper.onBookUpdate([[100, 10]], [], T0 + 1);
    paper.amend(ME, 'b1', { qty: 3 }, T0 + 1); // smaller: keeps its place ahead of the 5 that joined
    paper.onTrade(100, 6, 'sell', T0 + 2);
    expect(take()).toEqual(['b1 accepted', 'b1 amended 100x3 leaves=3', 'b1 filled 1@100 maker']);
    paper.amend(ME, 'b1', { qty: 5 }, T0 + 3); // larger: to the back, behind the 4 still there
    paper.onTrade(100, 4, 'sell', T0 + 4);
    expect(take()).toEqual(['b1 amended 100x5 leaves=4']);
    paper.cancel(ME, 'nope', T0 + 5, 'strategy-1');
    paper.amend(ME, 'b1', { qty: 1 }, T0 + 5, 'strategy-1');
    expect(refusals).toEqual([
      { owner: ME, clientOrderId: 'nope', request: 'cancel', reason: 'unknown order', tag: 'strategy-1' },
      { owner: ME, clientOrderId: 'b1', request: 'amend', reason: 'quantity 1 is not above the filled 1', tag: 'strategy-1' },
    ]);
    paper.submit(limit('b1', 'buy', 90, 1), T0 + 6);
    expect(take()).toEqual([]);
    expect(paper.counters()).toMatchObject({ duplicates: 1, refused: 2 });
  });

  it('refuses the owners it keeps for the mirror and the tape', () => {
    const { paper } = setup();
    expect(() => paper.submit({ ...limit('x', 'buy', 100, 1), owner: '~book' }, T0)).toThrow(/reserved/);
  });
});

describe('paper engine: latency', () => {
  const LATENCY = 1_000;

  it('an order sent at t cannot fill against a level that disappeared at t + latency/2', () => {
    const { paper, take, times } = setup({ latencyUs: LATENCY });
    paper.onBookSnapshot([[100, 5]], [[101, 5], [102, 5]], T0);
    paper.submit(market('m1', 'buy', 5), T0);
    expect(take()).toEqual([]);
    expect(paper.nextDue()).toBe(T0 + LATENCY);
    paper.onBookUpdate([], [[101, 0]], T0 + LATENCY / 2);
    paper.advance(T0 + LATENCY);
    expect(take()).toEqual(['m1 accepted', 'm1 filled 5@102 taker']);
    expect(times).toEqual([T0 + LATENCY, T0 + LATENCY]);
  });

  it('the same order fills at the better level when it arrives before the level goes', () => {
    const { paper, take } = setup({ latencyUs: LATENCY });
    paper.onBookSnapshot([[100, 5]], [[101, 5], [102, 5]], T0);
    paper.submit(market('m1', 'buy', 5), T0);
    // A market event stamped after the order's arrival applies the order first.
    paper.onBookUpdate([], [[101, 0]], T0 + LATENCY + 1);
    expect(take()).toEqual(['m1 accepted', 'm1 filled 5@101 taker']);
  });

  it('a resting order still fills on a print that happens while its cancel is on the way', () => {
    const { paper, take } = setup({ latencyUs: LATENCY });
    paper.onBookSnapshot([[100, 5]], [[101, 5]], T0);
    paper.submit(limit('b1', 'buy', 99, 2), T0);
    paper.advance(T0 + LATENCY);
    paper.cancel(ME, 'b1', T0 + LATENCY);
    paper.onBookUpdate([[100, 0]], [], T0 + LATENCY + 100);
    paper.onTrade(99, 1, 'sell', T0 + LATENCY + 200);
    paper.advance(T0 + 2 * LATENCY);
    expect(take()).toEqual(['b1 accepted', 'b1 filled 1@99 maker', 'b1 canceled 1']);
  });
});

// ------------------------------------------------------------------ against a simulated venue

interface Run {
  events: string[];
  fills: Array<{ id: string; side: Side; qty: number; price: number; liquidity: string }>;
  orders: Map<string, { qty: number; filled: number; ended: number; fillSum: number }>;
  messages: number;
  problems: string[];
}

/**
 * A simulated venue (matching engine + synthetic flow) publishes its book and tape; the paper engine follows them
 * while a paper market maker joins the touch on both sides, requotes, and now and then takes. Checks run after every
 * market-data message.
 */
function runAgainstSimVenue(seconds: number, seed = 7): Run {
  const FLOW = '~flow';
  const out: Run = { events: [], fills: [], orders: new Map(), messages: 0, problems: [] };
  const venueTrades: Array<{ price: number; qty: number; aggressor: Side }> = [];
  const venue = new MatchingEngine({ symbol: 'BTC-USD', transientOwners: [FLOW] }, { onOrder: () => {}, onTrade: (trade) => venueTrades.push(trade) });
  const flow = new SyntheticFlow({ seed, startPrice: 10_000, ratePerSecond: 200, owner: FLOW });
  const fees = new FeeSchedule({ maker: '0.0001', taker: '0.0005' });
  const paper = new PaperEngine(
    { symbol: 'BTC-USD', latencyUs: 2_000, rules: { fees } },
    {
      onOrder: (event) => {
        out.events.push(line(event));
        const order = event.order;
        if (order.owner !== 'mm') out.problems.push(`event of ${order.owner}`);
        const record = out.orders.get(order.clientOrderId) ?? { qty: order.qty, filled: 0, ended: 0, fillSum: 0 };
        out.orders.set(order.clientOrderId, record);
        record.qty = order.qty;
        if (event.kind === 'filled') {
          record.fillSum += event.qty;
          record.filled = event.filledQty;
          out.fills.push({ id: order.clientOrderId, side: order.side, qty: event.qty, price: event.price, liquidity: event.liquidity });
          if (event.fee !== fees.fee(event.price, event.qty, event.liquidity)) out.problems.push(`fee of ${event.fillId}`);
        } else if (event.kind === 'canceled') record.ended += event.canceledQty;
        else if (event.kind === 'expired') record.ended += event.expiredQty;
        else if (event.kind === 'rejected') record.ended += order.qty;
      },
    },
  );
  const external = new OrderBook();
  const check = (): void => {
    out.messages++;
    const problem = paper.checkInvariants() ?? paper.mirrorMismatch() ?? venue.checkInvariants();
    if (problem !== undefined) out.problems.push(problem);
    // What the paper engine shows as the venue's book is exactly what the venue published.
    const shown = paper.externalDepth(1_000);
    const published = external.top(1_000);
    if (JSON.stringify(shown) !== JSON.stringify(published)) out.problems.push('external book differs from the published one');
    // The book our orders trade against is the mirror plus our own resting orders, nothing else.
    const expected = { buy: new Map<number, number>(), sell: new Map<number, number>() };
    const mirror = paper.mirrorDepth();
    for (const [price, qty] of mirror.bids) expected.buy.set(price, qty);
    for (const [price, qty] of mirror.asks) expected.sell.set(price, qty);
    for (const id of out.orders.keys()) {
      const order = paper.order('mm', id);
      if (order !== undefined) expected[order.side].set(order.price, (expected[order.side].get(order.price) ?? 0) + order.leavesQty);
    }
    const book = paper.depth(1_000);
    const sorted = (map: Map<number, number>, side: Side): Array<[number, number]> => [...map].sort((a, b) => (side === 'buy' ? b[0] - a[0] : a[0] - b[0]));
    if (JSON.stringify(book) !== JSON.stringify({ bids: sorted(expected.buy, 'buy'), asks: sorted(expected.sell, 'sell') })) {
      out.problems.push('paper book is not mirror + our orders');
    }
  };
  const publish = (now: number): void => {
    for (const trade of venueTrades.splice(0)) {
      paper.onTrade(trade.price, trade.qty, trade.aggressor, now);
      out.messages++;
    }
    const { bids, asks } = venue.drainBookChanges();
    if (bids.length === 0 && asks.length === 0) return;
    external.apply(bids, asks);
    paper.onBookUpdate(bids, asks, now);
    check();
  };

  let now = T0;
  flow.step(now, venue);
  venue.drainBookChanges();
  const first = venue.depth(1_000);
  external.setSnapshot(first.bids, first.asks);
  paper.onBookSnapshot(first.bids, first.asks, now);
  check();

  let seq = 0;
  const quotes: string[] = [];
  for (let step = 1; step <= seconds * 100; step++) {
    now = T0 + step * 10_000;
    flow.step(now, venue, () => publish(now));
    publish(now);
    paper.advance(now);
    if (step % 25 === 0) {
      // Requote: cancel what works, join the venue's touch on both sides.
      for (const id of quotes.splice(0)) if (paper.order('mm', id) !== undefined) paper.cancel('mm', id, now);
      const touch = paper.externalDepth(1);
      for (const [side, price] of [['buy', touch.bids[0]?.[0]], ['sell', touch.asks[0]?.[0]]] as const) {
        if (price === undefined) continue;
        const id = `q${++seq}`;
        quotes.push(id);
        paper.submit({ owner: 'mm', clientOrderId: id, side, type: 'limit', price, qty: 3, tif: 'GTC' }, now);
      }
    }
    if (step % 500 === 250) {
      const side: Side = step % 1000 === 250 ? 'buy' : 'sell';
      paper.submit({ owner: 'mm', clientOrderId: `m${++seq}`, side, type: 'market', price: 0, qty: 4, tif: 'IOC' }, now);
    }
  }
  paper.advance(now + 10_000);
  // Quantities are conserved: every order's fills add up, and filled + ended + open is its size.
  for (const [id, record] of out.orders) {
    const open = paper.order('mm', id)?.leavesQty ?? 0;
    if (record.fillSum !== record.filled) out.problems.push(`${id}: fills add to ${record.fillSum}, reported ${record.filled}`);
    if (record.filled + record.ended + open !== record.qty) out.problems.push(`${id}: ${record.filled} + ${record.ended} + ${open} ≠ ${record.qty}`);
  }
  const position = out.fills.reduce((sum, f) => sum + (f.side === 'buy' ? f.qty : -f.qty), 0);
  if (position !== paper.position('mm')) out.problems.push(`position ${paper.position('mm')} ≠ fills ${position}`);
  return out;
}

describe('paper engine against a simulated venue', () => {
  it('follows a few minutes of book and tape: invariants hold, only our orders fill, quantities conserve', () => {
    const run = runAgainstSimVenue(180);
    expect(run.problems.slice(0, 5)).toEqual([]);
    expect(run.messages).toBeGreaterThan(10_000);
    expect(run.fills.some((f) => f.liquidity === 'maker')).toBe(true);
    expect(run.fills.some((f) => f.liquidity === 'taker')).toBe(true);
  });

  it('is deterministic: the same stream gives the same fills', () => {
    const a = runAgainstSimVenue(30, 11);
    const b = runAgainstSimVenue(30, 11);
    expect(a.events.length).toBeGreaterThan(20);
    expect(b.events).toEqual(a.events);
    expect(b.fills).toEqual(a.fills);
  });
});
