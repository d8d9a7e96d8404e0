/**
 * The trade-level market, hand-checked on tiny tapes: a resting order waits behind the displayed size at its price
 * and fills only once enough volume has traded there (partially on the way); latency delays when an order enters,
 * and so what it trades at; taking orders pay the touch the tape shows; fees are maker or taker.
 */
import { describe, expect, it } from 'vitest';
import { FeeSchedule } from '../../../workers/core/fees.js';
import type { EngineOrderEvent, OrderRequest } from '../../../workers/core/matching-engine.js';
import type { TradeColumns } from '../../../workers/history/import/import-types.js';
import { TapeMarket, type QueueAhead } from '../../../workers/backtest/trade/tape-market.js';

type Print = [time: number, price: number, qty: number, side: 'buy' | 'sell'];

function tapeOf(prints: readonly Print[]): TradeColumns {
  return {
    kind: 'trades',
    time: Float64Array.from(prints.map((p) => p[0])),
    price: Float64Array.from(prints.map((p) => p[1])),
    qty: Float64Array.from(prints.map((p) => p[2])),
    side: Uint8Array.from(prints.map((p) => (p[3] === 'buy' ? 1 : 0))),
    length: prints.length,
  };
}

interface Fill {
  time: number;
  price: number;
  qty: number;
  liquidity: string;
  fee: number;
}

/** Replays `before`, submits `request` at `at`, replays the rest; returns our fills. */
function run(prints: readonly Print[], request: Omit<OrderRequest, 'owner' | 'clientOrderId' | 'tif'> & { tif?: OrderRequest['tif'] }, options: { at: number; latencyUs?: number; queueAhead?: QueueAhead; feeBps?: string; slippageBps?: string }): { fills: Fill[]; events: string[] } {
  const fills: Fill[] = [];
  const events: string[] = [];
  const rate = options.feeBps === undefined ? '0' : String(Number(options.feeBps) / 10_000);
  const market = new TapeMarket(
    tapeOf(prints),
    { symbol: 'T', latencyUs: options.latencyUs ?? 0, queueAhead: options.queueAhead ?? { kind: 'fixed', lots: 0 }, slippageBps: options.slippageBps ?? '0', rules: { fees: new FeeSchedule({ maker: rate, taker: rate }) } },
    (event: EngineOrderEvent, now: number) => {
      events.push(event.kind);
      if (event.kind === 'filled') fills.push({ time: now, price: event.price, qty: event.qty, liquidity: event.liquidity, fee: event.fee });
    },
  );
  let submitted = false;
  prints.forEach((print, i) => {
    if (!submitted && print[0] > options.at) {
      market.submit({ owner: 's', clientOrderId: 'o1', tif: 'GTC', ...request }, options.at);
      submitted = true;
    }
    market.onPrint(i);
  });
  return { fills, events };
}

const OPENING: Print[] = [
  [1_000, 100, 5, 'sell'], // the bid is 100
  [2_000, 101, 2, 'buy'], // the ask is 101
];

describe('TapeMarket: queue position', () => {
  const prints: Print[] = [...OPENING, [3_000, 100, 3, 'sell'], [4_000, 100, 2, 'sell'], [5_000, 102, 9, 'buy'], [6_000, 100, 5, 'sell']];

  it('fills a resting bid only once the displayed size ahead of it has traded, partially on the way', () => {
    const { fills } = run(prints, { side: 'buy', type: 'limit', price: 100, qty: 3 }, { at: 2_500, queueAhead: { kind: 'fixed', lots: 4 } });
    // 3 lots trade through the 4 ahead; of the next 2, 1 finishes the queue ahead and 1 is ours; a print on the
    // other side of the market does nothing; the next sells at 100 fill the remaining 2.
    expect(fills).toEqual([
      { time: 4_000, price: 100, qty: 1, liquidity: 'maker', fee: 0 },
      { time: 6_000, price: 100, qty: 2, liquidity: 'maker', fee: 0 },
    ]);
  });

  it('queues behind the volume printed at its price in the last minute by default', () => {
    // 5 lots printed at 100 before the order: the 3 + 2 after it only clear them; the last print fills all 3.
    const { fills } = run(prints, { side: 'buy', type: 'limit', price: 100, qty: 3 }, { at: 2_500, queueAhead: { kind: 'traded', lookbackUs: 60_000_000 } });
    expect(fills).toEqual([{ time: 6_000, price: 100, qty: 3, liquidity: 'maker', fee: 0 }]);
  });

  it('fills at the front of the queue when nothing is displayed ahead, and never from prints that do not reach it', () => {
    const { fills } = run(prints, { side: 'buy', type: 'limit', price: 99, qty: 1 }, { at: 2_500, queueAhead: { kind: 'fixed', lots: 0 } });
    expect(fills).toEqual([]);
    const front = run(prints, { side: 'buy', type: 'limit', price: 100, qty: 3 }, { at: 2_500, queueAhead: { kind: 'fixed', lots: 0 } });
    expect(front.fills).toEqual([{ time: 3_000, price: 100, qty: 3, liquidity: 'maker', fee: 0 }]);
  });
});

describe('TapeMarket: taking and latency', () => {
  const prints: Print[] = [...OPENING, [3_000, 103, 1, 'buy'], [4_000, 104, 1, 'buy']];

  it('fills a market order at the touch the tape shows when it arrives, with the taker fee', () => {
    const { fills } = run(prints, { side: 'buy', type: 'market', price: 0, qty: 2 }, { at: 2_500, feeBps: '10' });
    // Arrives at 2.5 ms, before the print at 3 ms: the ask is still the last buyer's price, 101. Fee: 10 bps of
    // 202 ticks x lots = 0.202, rounded up to 1.
    expect(fills).toEqual([{ time: 2_500, price: 101, qty: 2, liquidity: 'taker', fee: 1 }]);
  });

  it('moves the touch against a taking order by the slippage, rounded up to a whole tick', () => {
    // 150 bps of 101 is 1.515 ticks: 2 ticks, so the buy pays 103; a sell gets the bid (100) less 2 (1.5 → 2).
    expect(run(prints, { side: 'buy', type: 'market', price: 0, qty: 1 }, { at: 2_500, slippageBps: '150' }).fills[0]?.price).toBe(103);
    expect(run(prints, { side: 'sell', type: 'market', price: 0, qty: 1 }, { at: 2_500, slippageBps: '150' }).fills[0]?.price).toBe(98);
  });

  it('delays the order by the latency: it arrives after the market moved and pays more', () => {
    const { fills } = run(prints, { side: 'buy', type: 'market', price: 0, qty: 2 }, { at: 2_500, latencyUs: 1_000 });
    // Due at 3.5 ms: after the buy at 103 (3 ms), before the one at 104 (4 ms).
    expect(fills).toEqual([{ time: 3_500, price: 103, qty: 2, liquidity: 'taker', fee: 0 }]);
  });

  it('delays a resting order so that prints before its arrival cannot fill it', () => {
    const sells: Print[] = [...OPENING, [3_000, 100, 4, 'sell'], [5_000, 100, 4, 'sell']];
    const now = run(sells, { side: 'buy', type: 'limit', price: 100, qty: 2 }, { at: 2_500 });
    expect(now.fills.map((f) => f.time)).toEqual([3_000]);
    const late = run(sells, { side: 'buy', type: 'limit', price: 100, qty: 2 }, { at: 2_500, latencyUs: 1_000 });
    expect(late.fills.map((f) => f.time)).toEqual([5_000]);
  });
});
