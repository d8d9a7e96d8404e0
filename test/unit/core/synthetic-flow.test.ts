import { describe, it, expect } from 'vitest';
import { MatchingEngine, type EngineTrade } from '../../../workers/core/matching-engine.js';
import { SyntheticFlow } from '../../../workers/core/synthetic-flow.js';

const T0 = 1_700_000_000_000_000; // µs
const OWNER = 'flow';

/** A flow and its engine, with every trade and every engine call the flow made recorded. */
function setup(seed: number, ratePerSecond: number, startPrice = 10_000) {
  const trades: EngineTrade[] = [];
  let calls = 0;
  const engine = new MatchingEngine(
    { symbol: 'SIM', transientOwners: [OWNER] },
    {
      onOrder: (event) => {
        // One submit gives exactly one accepted or rejected; an owner's cancel gives one 'canceled' with this reason.
        if (event.kind === 'accepted' || event.kind === 'rejected') calls++;
        if (event.kind === 'canceled' && event.reason === 'canceled') calls++;
      },
      onTrade: (trade) => trades.push(trade),
    },
  );
  const flow = new SyntheticFlow({ seed, startPrice, ratePerSecond, owner: OWNER });
  return { engine, flow, trades, calls: () => calls };
}

/** Steps the flow every `stepMicros` for `seconds`, calling `check` after each step. */
function run(s: ReturnType<typeof setup>, seconds: number, stepMicros: number, check?: () => void): void {
  for (let t = 0; t <= seconds * 1_000_000; t += stepMicros) {
    s.flow.step(T0 + t, s.engine);
    check?.();
  }
}

describe('SyntheticFlow', () => {
  it('seeds the book on the first step with depth growing away from the touch', () => {
    const s = setup(1, 100);
    s.flow.step(T0, s.engine);
    const { bids, asks } = s.engine.depth(10);
    expect(bids).toHaveLength(10);
    expect(asks).toHaveLength(10);
    const bid = s.engine.bestBid() as number;
    const ask = s.engine.bestAsk() as number;
    expect(ask - bid).toBeGreaterThan(0);
    expect(ask - bid).toBeLessThanOrEqual(5);
    expect(Math.abs((bid + ask) / 2 - 10_000)).toBeLessThanOrEqual(3);
    const size = (levels: Array<[number, number]>) => levels.reduce((sum, [, qty]) => sum + qty, 0);
    expect(size(bids.slice(7))).toBeGreaterThan(size(bids.slice(0, 3)));
    expect(size(asks.slice(7))).toBeGreaterThan(size(asks.slice(0, 3)));
    expect(s.trades).toHaveLength(0);
  });

  it('produces the same trades from the same seed and other trades from another', () => {
    const a = setup(42, 500);
    const b = setup(42, 500);
    const c = setup(43, 500);
    for (const s of [a, b, c]) run(s, 60, 10_000);
    expect(a.trades.length).toBeGreaterThan(100);
    expect(b.trades).toEqual(a.trades);
    expect(b.engine.depth(20)).toEqual(a.engine.depth(20));
    expect(c.trades).not.toEqual(a.trades);
  });

  it('keeps the book sound, two-sided and near fair value for 10 simulated minutes', () => {
    const s = setup(7, 200);
    let steps = 0;
    let problems = 0;
    run(s, 600, 20_000, () => {
      steps++;
      const bid = s.engine.bestBid();
      const ask = s.engine.bestAsk();
      if (bid === undefined || ask === undefined || bid >= ask || s.engine.checkInvariants() !== undefined) problems++;
    });
    expect(steps).toBe(30_001);
    expect(problems).toBe(0);
    expect(s.trades.every((t) => Number.isSafeInteger(t.price) && t.price > 0 && t.qty > 0)).toBe(true);
    // The tape moves: not every trade at one price.
    expect(new Set(s.trades.map((t) => t.price)).size).toBeGreaterThan(5);
    expect(s.trades.some((t) => t.aggressor === 'buy')).toBe(true);
    expect(s.trades.some((t) => t.aggressor === 'sell')).toBe(true);
    const mid = ((s.engine.bestBid() as number) + (s.engine.bestAsk() as number)) / 2;
    expect(Math.abs(mid - s.flow.fairValue)).toBeLessThan(20);
    expect(s.flow.fairValue).toBeGreaterThan(1_000);
  });

  it('roughly honours the rate, counting every submit and cancel', () => {
    const rate = 300;
    const s = setup(3, rate);
    s.flow.step(T0, s.engine);
    const seeded = s.calls();
    run(s, 600, 10_000);
    expect(s.calls() - seeded).toBe(s.flow.actions);
    expect(s.flow.actions).toBeGreaterThan(rate * 600 * 0.75);
    expect(s.flow.actions).toBeLessThan(rate * 600 * 1.25);
  });

  it('does not flood after a long pause', () => {
    const rate = 1000;
    const s = setup(5, rate);
    s.flow.step(T0, s.engine);
    s.flow.step(T0 + 1_000_000, s.engine);
    const before = s.flow.actions;
    s.flow.step(T0 + 3_600_000_000, s.engine); // an hour later
    // At most the capped backlog (half a second of the burst rate) plus one requote's second call.
    expect(s.flow.actions - before).toBeLessThanOrEqual(rate * 3 * 0.5 + 2);
    expect(s.engine.checkInvariants()).toBeUndefined();
  });

  it('does nothing when time does not advance', () => {
    const s = setup(9, 1000);
    s.flow.step(T0, s.engine);
    s.flow.step(T0 + 100_000, s.engine);
    const actions = s.flow.actions;
    s.flow.step(T0 + 100_000, s.engine);
    s.flow.step(T0 + 50_000, s.engine);
    expect(s.flow.actions).toBe(actions);
  });

  it('keeps prices positive and sensible for a low-priced instrument', () => {
    const s = setup(11, 100, 50);
    let crossedOrEmpty = 0;
    run(s, 300, 50_000, () => {
      const bid = s.engine.bestBid();
      const ask = s.engine.bestAsk();
      if (bid === undefined || ask === undefined || bid >= ask) crossedOrEmpty++;
    });
    expect(crossedOrEmpty).toBe(0);
    expect(s.flow.fairValue).toBeGreaterThan(5);
    expect(s.trades.every((t) => t.price >= 1)).toBe(true);
  });
});
