/**
 * Properties of the matching engine over long seeded random sequences of every operation: the book stays sound after
 * each one (best bid below best ask, levels sorted, no empty level, queues add up), and quantity is conserved between
 * orders and fills (every lot an order had is filled, canceled, expired or still open; maker and taker fills match
 * the tape; reduce-only orders never flip a position; bracket legs never close more than their entry opened).
 */
import { describe, expect, it } from 'vitest';
import { FeeSchedule } from '../../../workers/core/fees.js';
import { MatchingEngine, type EngineOrderEvent, type OrderRequest } from '../../../workers/core/matching-engine.js';
import { SeededRandom } from '../../../workers/core/random.js';

interface Ledger {
  qty: number;
  filled: number;
  ended: number;
  done: boolean;
  reduceOnly: boolean;
  parentId: string;
}

function runSequence(seed: number, steps: number) {
  const rng = new SeededRandom(seed);
  const owners = ['a', 'b', 'c', 'flow'];
  const ledger = new Map<string, Ledger>();
  const positions = new Map<string, number>();
  const problems: string[] = [];
  let makerQty = 0;
  let takerQty = 0;
  let tapeQty = 0;
  const key = (owner: string, id: string) => `${owner}/${id}`;
  const onOrder = (event: EngineOrderEvent) => {
    const o = event.order;
    const k = key(o.owner, o.clientOrderId);
    if (event.kind === 'accepted') {
      ledger.set(k, { qty: o.qty, filled: 0, ended: 0, done: false, reduceOnly: o.reduceOnly, parentId: o.parentId });
      return;
    }
    if (event.kind === 'rejected') return;
    const entry = ledger.get(k);
    if (entry === undefined || entry.done) {
      problems.push(`${event.kind} for ${entry === undefined ? 'unknown' : 'finished'} order ${k}`);
      return;
    }
    if (event.kind === 'filled') {
      entry.filled += event.qty;
      if (event.liquidity === 'maker') makerQty += event.qty;
      else takerQty += event.qty;
      if (event.filledQty !== entry.filled) problems.push(`${k}: filledQty ${event.filledQty}, fills add to ${entry.filled}`);
      if (o.owner !== 'flow') {
        const before = positions.get(o.owner) ?? 0;
        const after = before + (o.side === 'buy' ? event.qty : -event.qty);
        positions.set(o.owner, after);
        if (entry.reduceOnly && (before === 0 || Math.sign(after) === -Math.sign(before))) problems.push(`${k}: reduce-only took ${before} to ${after}`);
      }
    } else if (event.kind === 'canceled') entry.ended += event.canceledQty;
    else if (event.kind === 'expired') entry.ended += event.expiredQty;
    else if (event.kind === 'amended') entry.qty = o.qty;
    if (entry.filled + entry.ended + o.leavesQty !== entry.qty) problems.push(`${k}: ${entry.filled} filled + ${entry.ended} ended + ${o.leavesQty} open ≠ ${entry.qty}`);
    if (o.leavesQty === 0 && event.kind !== 'amended' && event.kind !== 'triggered') entry.done = true;
  };
  const engine = new MatchingEngine(
    { symbol: 'P', transientOwners: ['flow'], rules: { bandBps: 1_000, minNotional: 50, fees: new FeeSchedule({ maker: '-0.0001', taker: '0.0004' }) } },
    { onOrder, onTrade: (t) => (tapeQty += t.qty) },
  );
  const ids: Array<[string, string]> = [];
  let next = 0;
  for (let step = 1; step <= steps; step++) {
    const owner = owners[rng.int(0, owners.length - 1)] as string;
    const side = rng.chance(0.5) ? 'buy' : 'sell';
    const mid = 1_000 + Math.round(30 * Math.sin(step / 200));
    const near = mid + (side === 'buy' ? -1 : 1) * rng.int(-3, 12);
    const roll = rng.next();
    const id = `o${++next}`;
    const base = { owner, clientOrderId: id, side, qty: rng.int(1, 8), tif: 'GTC' } as const;
    let request: OrderRequest | undefined;
    if (roll < 0.4) request = { ...base, type: 'limit', price: near, tif: rng.chance(0.15) ? 'IOC' : rng.chance(0.1) ? 'FOK' : 'GTC', postOnly: rng.chance(0.1) };
    else if (roll < 0.5) request = { ...base, type: 'market', price: 0, tif: 'IOC' };
    else if (roll < 0.56) request = { ...base, type: 'stop', price: 0, stopPrice: mid + (side === 'buy' ? 1 : -1) * rng.int(2, 20) };
    else if (roll < 0.6) request = { ...base, type: 'stop_limit', stopPrice: mid + (side === 'buy' ? 5 : -5), price: mid + (side === 'buy' ? 8 : -8) };
    else if (roll < 0.63) request = { ...base, type: 'trailing_stop', price: 0, ...(rng.chance(0.5) ? { trailAmount: rng.int(1, 6) } : { trailBps: rng.int(5, 50) }) };
    else if (roll < 0.67) request = { ...base, type: 'limit', price: near, reduceOnly: true };
    else if (roll < 0.71) request = { ...base, type: 'limit', price: near, takeProfit: near + (side === 'buy' ? 15 : -15), stopLoss: near + (side === 'buy' ? -15 : 15) };
    else if (roll < 0.74 && ids.length > 0) {
      const [o, other] = ids[rng.int(0, ids.length - 1)] as [string, string];
      request = { ...base, owner: o, type: 'limit', price: near, ocoWith: other };
    } else if (roll < 0.88 && ids.length > 0) {
      const [o, target] = ids[rng.int(0, ids.length - 1)] as [string, string];
      engine.cancel(o, target, step);
    } else if (ids.length > 0) {
      const [o, target] = ids[rng.int(0, ids.length - 1)] as [string, string];
      const order = engine.order(o, target);
      if (order !== undefined) {
        engine.amend(o, target, rng.chance(0.5) ? { qty: order.filledQty + rng.int(1, 8) } : { price: order.price > 0 ? near : 0, stopPrice: order.stopPrice > 0 ? order.stopPrice + rng.int(-3, 3) : 0 }, step);
      }
    }
    if (request !== undefined) {
      if (rng.chance(0.3)) request = { ...request, stp: rng.chance(0.5) ? 'expire_taker' : 'expire_both' };
      engine.submit(request, step);
      ids.push([request.owner, id]);
      if (ids.length > 400) ids.splice(0, 100);
    }
    const broken = engine.checkInvariants();
    if (broken !== undefined) problems.push(`step ${step}: ${broken}`);
    if (problems.length > 0) break;
  }
  return { problems, makerQty, takerQty, tapeQty, ledger, engine };
}

describe('matching engine properties', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`keeps the book sound and conserves quantity over 20,000 random operations (seed ${seed})`, () => {
      const { problems, makerQty, takerQty, tapeQty, ledger } = runSequence(seed, 20_000);
      expect(problems).toEqual([]);
      expect(makerQty).toBe(tapeQty);
      expect(takerQty).toBe(tapeQty);
      expect(tapeQty).toBeGreaterThan(1_000); // the sequence really traded
      // Bracket legs close no more than their entry opened.
      for (const [k, entry] of ledger) {
        if (!k.endsWith(':tp')) continue;
        const parent = ledger.get(k.slice(0, -3)) as Ledger;
        const sl = ledger.get(`${k.slice(0, -3)}:sl`);
        expect(entry.filled + (sl?.filled ?? 0), k).toBeLessThanOrEqual(parent.filled);
      }
    });
  }

  it('is deterministic: the same operations give the same events', () => {
    const a = runSequence(9, 3_000);
    const b = runSequence(9, 3_000);
    expect([...a.ledger.entries()]).toEqual([...b.ledger.entries()]);
    expect(a.engine.depth(50)).toEqual(b.engine.depth(50));
  });
});
