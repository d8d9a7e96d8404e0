import { describe, it, expect } from 'vitest';
import { MatchingEngine, type EngineOrderEvent, type EngineTrade } from '../../../workers/core/matching-engine.js';
import { SyntheticFlow, type SyntheticFlowOptions } from '../../../workers/core/synthetic-flow.js';

const T0 = 1_700_000_000_000_000; // µs
const OWNER = 'flow';

/** A flow and its engine, with every trade, every flow order event and every engine call the flow made recorded. */
function setup(seed: number, ratePerSecond: number, startPrice = 10_000, options: Partial<SyntheticFlowOptions> = {}) {
  const trades: Array<EngineTrade & { at: number }> = [];
  let calls = 0;
  let now = T0;
  const listeners: Array<(event: EngineOrderEvent) => void> = [];
  const engine = new MatchingEngine(
    { symbol: 'SIM', transientOwners: [OWNER] },
    {
      onOrder: (event) => {
        // One submit gives exactly one accepted or rejected; an owner's cancel gives one 'canceled' with this reason.
        if (event.kind === 'accepted' || event.kind === 'rejected') calls++;
        if (event.kind === 'canceled' && event.reason === 'canceled') calls++;
        for (const listener of listeners) listener(event);
      },
      onTrade: (trade) => trades.push({ ...trade, at: now }),
    },
  );
  const flow = new SyntheticFlow({ seed, startPrice, ratePerSecond, owner: OWNER, ...options });
  return {
    engine,
    flow,
    trades,
    calls: () => calls,
    onOrder: (listener: (event: EngineOrderEvent) => void) => listeners.push(listener),
    /** Steps the flow every `stepMicros` for `seconds` from T0, calling `check` after each step. */
    run(seconds: number, stepMicros: number, check?: (t: number) => void, afterAction?: () => void): void {
      for (let t = 0; t <= seconds * 1_000_000; t += stepMicros) {
        now = T0 + t;
        flow.step(now, engine, afterAction);
        check?.(t);
      }
    },
  };
}

type Setup = ReturnType<typeof setup>;

function spreadSteps(s: Setup): number | undefined {
  const bid = s.engine.bestBid();
  const ask = s.engine.bestAsk();
  return bid === undefined || ask === undefined ? undefined : (ask - bid) / s.flow.grid;
}

function mid(s: Setup): number | undefined {
  const bid = s.engine.bestBid();
  const ask = s.engine.bestAsk();
  return bid === undefined || ask === undefined ? undefined : (bid + ask) / 2;
}

function autocorrelation(xs: number[], lag: number): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i]! - mean) ** 2;
    if (i >= lag) num += (xs[i]! - mean) * (xs[i - lag]! - mean);
  }
  return num / den;
}

const total = (levels: Array<[number, number]>) => levels.reduce((sum, [, qty]) => sum + qty, 0);

describe('SyntheticFlow', () => {
  it('seeds the book on the first step with depth growing away from the touch', () => {
    const s = setup(1, 100);
    s.flow.step(T0, s.engine);
    const { bids, asks } = s.engine.depth(10);
    expect(bids).toHaveLength(10);
    expect(asks).toHaveLength(10);
    const spread = spreadSteps(s) as number;
    expect(spread).toBeGreaterThanOrEqual(1);
    expect(spread).toBeLessThanOrEqual(2);
    expect(Math.abs((mid(s) as number) - 10_000)).toBeLessThanOrEqual(3);
    expect(total(bids.slice(7))).toBeGreaterThan(total(bids.slice(0, 3)));
    expect(total(asks.slice(7))).toBeGreaterThan(total(asks.slice(0, 3)));
    expect(s.trades).toHaveLength(0);
    expect(s.flow.actions).toBe(0);
  });

  it('reproduces the same day from the same seed, and another from another seed', () => {
    const a = setup(42, 500);
    const b = setup(42, 500);
    const c = setup(43, 500);
    for (const s of [a, b, c]) s.run(60, 10_000);
    expect(a.trades.length).toBeGreaterThan(100);
    expect(b.trades).toEqual(a.trades);
    expect(b.engine.depth(20)).toEqual(a.engine.depth(20));
    expect(b.flow.agentCounts()).toEqual(a.flow.agentCounts());
    expect(c.trades).not.toEqual(a.trades);
  });

  it('sends nothing at all at rate 0, not even the seed quotes', () => {
    const s = setup(1, 0);
    s.run(10, 20_000);
    expect(s.calls()).toBe(0);
    expect(s.engine.bestBid()).toBeUndefined();
    expect(s.engine.bestAsk()).toBeUndefined();
    expect(s.flow.actions).toBe(0);
  });

  it('refuses a negative or non-finite rate and a bad start price or grid', () => {
    const base = { seed: 1, startPrice: 100, ratePerSecond: 10, owner: OWNER };
    expect(() => new SyntheticFlow({ ...base, ratePerSecond: -1 })).toThrow();
    expect(() => new SyntheticFlow({ ...base, ratePerSecond: Number.NaN })).toThrow();
    expect(() => new SyntheticFlow({ ...base, startPrice: 0 })).toThrow();
    expect(() => new SyntheticFlow({ ...base, grid: 1.5 })).toThrow();
  });

  it('honours the rate over a simulated hour at 20/s, counting every submit and cancel', () => {
    const s = setup(3, 20);
    s.flow.step(T0, s.engine);
    const seeded = s.calls();
    s.run(3_600, 50_000);
    expect(s.calls() - seeded).toBe(s.flow.actions);
    expect(s.flow.actions).toBeGreaterThan(20 * 3_600 * 0.85);
    expect(s.flow.actions).toBeLessThan(20 * 3_600 * 1.15);
    const counts = Object.values(s.flow.agentCounts());
    expect(counts.reduce((sum, c) => sum + c.orders + c.cancels, 0)).toBe(s.flow.actions);
  });

  it('honours the rate over 10 simulated seconds at 50,000/s, bursts included', () => {
    for (const seed of [1, 2]) {
      const s = setup(seed, 50_000, 6_500_000, { levels: 20 });
      s.run(10, 20_000);
      expect(s.flow.actions).toBeGreaterThan(50_000 * 10 * 0.85);
      expect(s.flow.actions).toBeLessThan(50_000 * 10 * 1.15);
      expect(s.engine.checkInvariants()).toBeUndefined();
    }
  });

  it('keeps the book sound, uncrossed and two-sided, with a spread of mostly one or two grid steps', () => {
    for (const [seed, rate, price] of [
      [7, 200, 10_000],
      [8, 20, 6_500_000],
    ] as const) {
      const s = setup(seed, rate, price);
      let samples = 0;
      let twoSided = 0;
      let tight = 0;
      let problems = 0;
      s.run(1_200, 20_000, () => {
        samples++;
        const spread = spreadSteps(s);
        if (spread !== undefined) twoSided++;
        if (spread !== undefined && spread <= 2) tight++;
        if (s.engine.checkInvariants() !== undefined) problems++;
      });
      expect(problems).toBe(0);
      expect(twoSided / samples).toBeGreaterThanOrEqual(0.99);
      expect(tight / samples).toBeGreaterThan(0.8);
      expect(s.trades.every((t) => Number.isSafeInteger(t.price) && t.price > 0 && Number.isSafeInteger(t.qty) && t.qty > 0)).toBe(true);
      expect(new Set(s.trades.map((t) => t.price)).size).toBeGreaterThan(5);
      expect(Math.abs((mid(s) as number) - s.flow.fairValue) / s.flow.grid).toBeLessThan(10);
    }
  });

  it('keeps its quotes bounded however far and fast the price wanders', () => {
    // Five times the usual volatility at a low rate: the providers cannot keep up, yet the book stays bounded.
    const s = setup(12, 20, 10_000, { volatility: 3e-4 });
    let deepest = 0;
    let highest = 0;
    let lowest = Infinity;
    s.run(3_600, 100_000, () => {
      deepest = Math.max(deepest, s.engine.levels('buy').size, s.engine.levels('sell').size);
      highest = Math.max(highest, s.flow.fairValue);
      lowest = Math.min(lowest, s.flow.fairValue);
    });
    expect(highest - lowest).toBeGreaterThan(100); // it did wander, over ten times the ladder's width
    expect(deepest).toBeLessThanOrEqual(3 * 10);
  });

  it('has every kind of agent trade', () => {
    const s = setup(5, 200);
    s.run(1_200, 20_000);
    const counts = s.flow.agentCounts();
    for (const [kind, c] of Object.entries(counts)) expect(c.trades, kind).toBeGreaterThan(0);
    // Providers mostly quote and cancel; takers only take.
    expect(counts.liquidityProvider.cancels).toBeGreaterThan(counts.liquidityProvider.trades / 2);
    expect(counts.noiseTaker.cancels + counts.momentumTaker.cancels + counts.meanReversionTaker.cancels).toBe(0);
    expect(s.trades.some((t) => t.aggressor === 'buy')).toBe(true);
    expect(s.trades.some((t) => t.aggressor === 'sell')).toBe(true);
  });

  it('sends rare sweeps that walk at least three levels, widen the spread, and are refilled', () => {
    const s = setup(6, 200);
    const pricesBySweep = new Map<string, Set<number>>();
    let justSwept = false;
    let sweptAt: number | 'now' | undefined;
    const widened: number[] = [];
    const refillSeconds: number[] = [];
    s.onOrder((event) => {
      if (event.kind !== 'filled' || event.liquidity !== 'taker' || !event.order.clientOrderId.startsWith('s')) return;
      const prices = pricesBySweep.get(event.order.clientOrderId) ?? new Set<number>();
      prices.add(event.price);
      pricesBySweep.set(event.order.clientOrderId, prices);
      justSwept = true;
    });
    const afterAction = () => {
      if (!justSwept) return;
      justSwept = false;
      widened.push(spreadSteps(s) ?? Infinity);
      sweptAt = 'now';
    };
    s.run(
      1_800,
      20_000,
      (t) => {
        if (sweptAt === 'now') sweptAt = t;
        else if (sweptAt !== undefined && (spreadSteps(s) ?? Infinity) <= 2) {
          refillSeconds.push((t - sweptAt) / 1e6);
          sweptAt = undefined;
        }
      },
      afterAction,
    );
    const sweeps = [...pricesBySweep.values()].map((prices) => prices.size);
    expect(sweeps.length).toBeGreaterThan(5);
    expect(sweeps.length).toBeLessThan(100); // rare: about one a minute or two
    expect(Math.min(...sweeps)).toBeGreaterThanOrEqual(3);
    // Right after a sweep the spread is wide; the providers close it again within seconds.
    expect(widened.filter((w) => w >= 3).length / widened.length).toBeGreaterThan(0.8);
    expect(refillSeconds.length).toBeGreaterThan(5);
    expect(refillSeconds.filter((seconds) => seconds <= 5).length / refillSeconds.length).toBeGreaterThan(0.8);
  });

  it('clusters trades in time and volatility in returns', () => {
    const s = setup(5, 20, 100_000);
    const mids: number[] = [];
    s.run(7_200, 100_000, (t) => {
      if (t % 10_000_000 === 0) mids.push(mid(s) ?? (mids.at(-1) as number));
    });
    // Trades per second are overdispersed against a Poisson process (variance = mean).
    const perSecond = new Array<number>(7_200).fill(0);
    for (const trade of s.trades) perSecond[Math.min(7_199, Math.floor((trade.at - T0) / 1e6))]! += 1;
    const mean = perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
    const variance = perSecond.reduce((a, b) => a + (b - mean) ** 2, 0) / perSecond.length;
    expect(variance / mean).toBeGreaterThan(2);
    // Large moves follow large moves: absolute 10 s returns of the mid are autocorrelated; signed ones barely.
    const returns = mids.slice(1).map((m, i) => Math.log(m / mids[i]!));
    expect(autocorrelation(returns.map(Math.abs), 1)).toBeGreaterThan(0.1);
    expect(Math.abs(autocorrelation(returns, 1))).toBeLessThan(0.2);
  });

  it('has momentum takers follow the trend and mean-reversion takers fade the stretched mid', () => {
    const s = setup(9, 200, 100_000);
    const fairs: number[] = []; // one per 100 ms step
    const mids: number[] = [];
    const agree = { momentum: 0, momentumAll: 0, reversion: 0, reversionAll: 0 };
    s.onOrder((event) => {
      if (event.kind !== 'accepted' || fairs.length < 1_200) return;
      const id = event.order.clientOrderId;
      const sign = event.order.side === 'buy' ? 1 : -1;
      if (id.startsWith('m')) {
        agree.momentumAll++;
        if (sign * (s.flow.fairValue - (fairs.at(-150) as number)) > 0) agree.momentum++;
      } else if (id.startsWith('r')) {
        agree.reversionAll++;
        const average = mids.slice(-1_200).reduce((a, b) => a + b, 0) / 1_200;
        if (sign * ((mids.at(-1) as number) - average) < 0) agree.reversion++;
      }
    });
    s.run(1_800, 100_000, () => {
      fairs.push(s.flow.fairValue);
      mids.push(mid(s) ?? (mids.at(-1) as number));
    });
    expect(agree.momentumAll).toBeGreaterThan(100);
    expect(agree.reversionAll).toBeGreaterThan(100);
    expect(agree.momentum / agree.momentumAll).toBeGreaterThan(0.7);
    expect(agree.reversion / agree.reversionAll).toBeGreaterThan(0.7);
  });

  it('does not flood after a long pause', () => {
    const rate = 1000;
    const s = setup(5, rate);
    s.flow.step(T0, s.engine);
    s.flow.step(T0 + 1_000_000, s.engine);
    const before = s.flow.actions;
    s.flow.step(T0 + 3_600_000_000, s.engine); // an hour later
    // At most about a second of flow: the pause is skipped, not replayed.
    expect(s.flow.actions - before).toBeLessThanOrEqual(rate * 3);
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
    s.run(300, 50_000, () => {
      const bid = s.engine.bestBid();
      const ask = s.engine.bestAsk();
      if (bid === undefined || ask === undefined || bid >= ask) crossedOrEmpty++;
    });
    expect(crossedOrEmpty).toBe(0);
    expect(s.flow.fairValue).toBeGreaterThan(5);
    expect(s.trades.every((t) => t.price >= 1)).toBe(true);
  });
});
