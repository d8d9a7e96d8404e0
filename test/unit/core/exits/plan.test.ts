/** Exit plans and bracket templates: checks, the exact split, the wire form and the template mapping. */
import { describe, expect, it } from 'vitest';
import { entryReference, inProfit, tighter } from '../../../../workers/core/exits/levels.js';
import { exitPlanFieldsProblem, exitPlanProblem, fieldsFromPlan, openTargetQuantities, planFromFields, splitQuantity, type ExitPlan } from '../../../../workers/core/exits/plan.js';
import { parseTemplate, templateFields, templateListProblem, templatePlan, templateProblem, type BracketTemplate } from '../../../../workers/core/exits/templates.js';

describe('exit plans', () => {
  it('splits any quantity exactly: floor per share, the remainder of the targeted total to the last', () => {
    expect(splitQuantity(10, [33, 33, 34])).toEqual([3, 3, 4]);
    expect(splitQuantity(7, [50, 50])).toEqual([3, 4]);
    expect(splitQuantity(10, [25, 25])).toEqual([2, 3]);
    expect(splitQuantity(1, [50, 50])).toEqual([0, 1]);
    expect(splitQuantity(0, [100])).toEqual([0]);
    expect(splitQuantity(5, [])).toEqual([]);
    for (let qty = 0; qty <= 300; qty++) {
      for (const shares of [[10, 20, 70], [33, 33, 33], [1, 99], [40, 30], [100]]) {
        const parts = splitQuantity(qty, shares);
        const total = shares.reduce((a, b) => a + b, 0);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(Math.floor((qty * total) / 100));
        expect(parts.every((p) => p >= 0 && Number.isInteger(p))).toBe(true);
      }
    }
  });

  it('keeps what targets still need: target fills leave the others, other changes re-split, never more than open', () => {
    const targets = [{ distance: 10, share: 50 }, { distance: 20, share: 50 }];
    expect(openTargetQuantities(10, targets, [0, 0])).toEqual([5, 5]);
    expect(openTargetQuantities(7, targets, [3, 0])).toEqual([2, 5]);
    expect(openTargetQuantities(5, targets, [5, 0])).toEqual([0, 5]);
    // The stop (or the owner) took 4 of the 7 left after 3 filled at the first target: basis 6, 3 + 3.
    expect(openTargetQuantities(3, targets, [3, 0])).toEqual([0, 3]);
    // The first target overfilled its new share: the farthest gives way so the total stays within the position.
    expect(openTargetQuantities(1, [{ distance: 10, share: 50 }, { distance: 20, share: 25 }, { distance: 5, share: 25 }], [4, 0, 0])).toEqual([0, 0, 1]);
  });

  it('refuses plans that cannot work, with the reason', () => {
    const cases: Array<[ExitPlan, string | undefined]> = [
      [{}, 'a plan needs at least one exit'],
      [{ stopLoss: { distance: 0 } }, 'the stop-loss must be a whole number of ticks > 0'],
      [{ targets: [{ distance: 5, share: 60 }, { distance: 9, share: 50 }] }, "the targets' shares add up to 110%, more than 100%"],
      [{ targets: [{ distance: 5, share: 0 }] }, 'target 1: the share must be a whole percent from 1 to 100'],
      [{ trailing: { amount: 5, bps: 10 } }, 'a trailing stop needs exactly one of an amount, a percent (bps) or an ATR multiple'],
      [{ trailing: { amount: 5, atrPeriod: 3 } }, 'an ATR period or timeframe needs an ATR multiple'],
      [{ trailing: { atrMultiple: -1 } }, 'the ATR multiple must be a number > 0'],
      [{ breakEven: { after: 5, offset: 5 } }, 'the break-even offset must be smaller than the gain that triggers it'],
      [{ timeStopUs: 1.5 }, 'the time stop must be a whole number of µs > 0'],
      [{ stopLoss: { price: 90 }, targets: [{ distance: 5, share: 100 }], trailing: { atrMultiple: 2.5, atrPeriod: 14, tf: '5m', startAfter: 3 }, breakEven: { after: 4, offset: -1 }, timeStopUs: 1 }, undefined],
    ];
    for (const [plan, problem] of cases) expect(exitPlanProblem(plan)).toBe(problem);
    expect(exitPlanFieldsProblem({ stopDistance: 5, stopPrice: 9 })).toBe('give the stop-loss as stopDistance or stopPrice, not both');
    expect(exitPlanFieldsProblem({ stopDistance: 5, breakEvenOffset: 1 })).toBe('breakEvenOffset needs breakEvenAfter');
    expect(exitPlanFieldsProblem({ stopDistance: 5, trailStartAfter: 1 })).toBe('trailStartAfter needs a trailing stop');
    expect(exitPlanFieldsProblem({ stopDistance: 5, trailTf: '5m' })).toBe('trailAtrPeriod and trailTf need trailAtr');
  });

  it('goes to the wire and back unchanged', () => {
    const plan: ExitPlan = { stopLoss: { distance: 20 }, targets: [{ distance: 10, share: 50 }, { distance: 30, share: 50 }], trailing: { atrMultiple: 2, atrPeriod: 10, tf: '1m', startAfter: 5 }, breakEven: { after: 8, offset: 1 }, timeStopUs: 9 };
    const fields = fieldsFromPlan(plan);
    expect(fields).toEqual({ stopDistance: 20, targets: [[10, 50], [30, 50]], trailAtr: 2, trailAtrPeriod: 10, trailTf: '1m', trailStartAfter: 5, breakEvenAfter: 8, breakEvenOffset: 1, timeStopUs: 9 });
    expect(planFromFields(fields)).toEqual(plan);
    expect(planFromFields({ stopPrice: 77, trailBps: 30 })).toEqual({ stopLoss: { price: 77 }, trailing: { bps: 30 } });
  });

  it('prices in whole ticks: the entry rounded against the position, stops tighten toward the market', () => {
    expect(entryReference(3, 301)).toBe(101);
    expect(entryReference(-3, 301)).toBe(100);
    expect(entryReference(4, 400)).toBe(100);
    expect(entryReference(0, 0)).toBe(0);
    expect(inProfit(-1, 5, 10)).toBe(1);
    expect(tighter(1, 90, 95)).toBe(95);
    expect(tighter(-1, 110, 105)).toBe(105);
    expect(tighter(1, undefined, 95)).toBe(95);
  });
});

describe('bracket templates', () => {
  const scalp: BracketTemplate = {
    name: ' Scalp 3R ',
    stopLoss: 10,
    targets: [{ distance: 10, share: 50 }, { distance: 20, share: 25 }, { distance: 30, share: 25 }],
    breakEvenAfter: 10,
    breakEvenOffset: 1,
    trailAmount: 8,
    trailStartAfter: 20,
  };

  it('maps to an exit plan and to the fields of a SetExitPlan', () => {
    expect(templatePlan(scalp)).toEqual({
      stopLoss: { distance: 10 },
      targets: [{ distance: 10, share: 50 }, { distance: 20, share: 25 }, { distance: 30, share: 25 }],
      breakEven: { after: 10, offset: 1 },
      trailing: { amount: 8, startAfter: 20 },
    });
    expect(templateFields(scalp)).toEqual({ stopDistance: 10, targets: [[10, 50], [20, 25], [30, 25]], breakEvenAfter: 10, breakEvenOffset: 1, trailAmount: 8, trailStartAfter: 20 });
    expect(templateProblem(scalp)).toBeUndefined();
  });

  it('refuses a template without a name or exits, with bad parts, or a repeated name', () => {
    expect(templateProblem({ ...scalp, name: '  ' })).toBe('a template needs a name');
    expect(templateProblem({ ...scalp, name: 'x'.repeat(65) })).toMatch(/at most 64/);
    expect(templateProblem({ name: 'empty', targets: [] })).toBe('empty: a plan needs at least one exit');
    expect(templateProblem({ name: 'trail', targets: [], trailStartAfter: 3 })).toBe('a trailing start needs a trailing amount');
    expect(templateProblem({ ...scalp, targets: [{ distance: 10, share: 80 }, { distance: 20, share: 30 }] })).toMatch(/110%/);
    expect(templateListProblem([scalp, { ...scalp, name: 'scalp 3r' }])).toBe('two templates are named scalp 3r');
    expect(templateListProblem([scalp, { ...scalp, name: 'Swing' }])).toBeUndefined();
  });

  it('reads a template from untrusted data', () => {
    expect(parseTemplate({ name: ' Swing ', stopLoss: 40, targets: [{ distance: 80, share: 100 }], extra: 'ignored' })).toEqual({
      ok: true,
      template: { name: 'Swing', stopLoss: 40, targets: [{ distance: 80, share: 100 }] },
    });
    expect(parseTemplate('nope')).toEqual({ ok: false, reason: 'a template must be a map' });
    expect(parseTemplate({ name: 'x', targets: [{ distance: '5', share: 1 }] })).toEqual({ ok: false, reason: 'a target must be a map of distance and share' });
    expect(parseTemplate({ name: 'x', targets: [], stopLoss: '10' })).toEqual({ ok: false, reason: 'stopLoss must be a number' });
    expect(parseTemplate({ name: 'x', targets: [], stopLoss: 2.5 })).toEqual({ ok: false, reason: 'x: the stop-loss must be a whole number of ticks > 0' });
  });
});
