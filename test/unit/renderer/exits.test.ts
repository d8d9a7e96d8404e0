/**
 * The renderer's exit pieces: the bracket form turns what the user typed into a template (or says why not), and an
 * exit plan becomes chart lines — a draggable stop and its open targets — only while it protects a position.
 */
import { describe, expect, it } from 'vitest';
import { exitLines, isExitLineId } from '../../../src-renderer/src/chart/exit-lines.js';
import { bracketFields, describeBracket, EMPTY_BRACKET, parseBracketFields } from '../../../src-renderer/src/model/bracket-form.js';
import { makeInstrument } from '../../../workers/core/instrument.js';
import { exitRow } from '../../fixtures/exit-status.js';
import { defaultConfig } from '../../../workers/protocol/config.js';

const btc = makeInstrument(defaultConfig('/tmp/unused').instruments.find((i) => i.symbol === 'BTC-USD')!);

describe('bracket form', () => {
  it('reads a full template: stop, split targets, break-even, trailing and a time stop', () => {
    const parsed = parseBracketFields({ name: ' Swing ', stopLoss: '40', targets: '60:50, 120 : 50%', breakEvenAfter: '30', trailAmount: '25', trailStartAfter: '80', timeStopMinutes: '1.5' });
    expect(parsed).toEqual({
      ok: true,
      template: { name: 'Swing', stopLoss: 40, targets: [{ distance: 60, share: 50 }, { distance: 120, share: 50 }], breakEvenAfter: 30, trailAmount: 25, trailStartAfter: 80, timeStopUs: 90_000_000 },
    });
    if (parsed.ok) {
      expect(parseBracketFields(bracketFields(parsed.template))).toEqual(parsed);
      expect(describeBracket(parsed.template)).toBe('SL 40 · TP 60 (50%), 120 (50%) · BE after 30 · trail 25 after 80 · time 1.5 min');
    }
  });

  it.each([
    [{ name: 'x', stopLoss: '2.5' }, 'the stop-loss must be a whole number of ticks'],
    [{ name: 'x', targets: '60-50' }, 'target "60-50" must be distance:share, e.g. 20:50'],
    [{ name: 'x', targets: '60:70, 90:40' }, "x: the targets' shares add up to 110%, more than 100%"],
    [{ name: 'x' }, 'x: a plan needs at least one exit'],
    [{ stopLoss: '10' }, 'a template needs a name'],
    [{ name: 'x', trailStartAfter: '5', stopLoss: '10' }, 'a trailing start needs a trailing amount'],
    [{ name: 'x', timeStopMinutes: '-1' }, 'the time stop must be a number of minutes > 0'],
  ])('refuses %o: %s', (fields, reason) => {
    expect(parseBracketFields({ ...EMPTY_BRACKET, ...fields })).toEqual({ ok: false, reason });
  });
});

const exit = exitRow;

describe('exit lines', () => {
  it("draws a long position's stop and targets as sell lines, the stop first", () => {
    const lines = exitLines([exit()], btc);
    expect(lines.map((l) => [l.id, l.kind, l.side, l.price])).toEqual([
      ['exit:manual', 'stop', 'sell', 127_960],
      ['exit:manual:1', 'target', 'sell', 128_060],
      ['exit:manual:2', 'target', 'sell', 128_120],
    ]);
    expect(lines.every((l) => isExitLineId(l.id))).toBe(true);
    expect(isExitLineId('manual.abc.1')).toBe(false);
  });

  it("names a strategy's plan and marks trailing and break-even on a short's buy stop", () => {
    const [stop] = exitLines([exit({ owner: 'sma-btc', position: -3, stopQty: 3, stopPrice: 128_040, trailingActive: true, breakEvenDone: true, targets: [] })], btc);
    expect(stop).toMatchObject({ id: 'exit:sma-btc', side: 'buy' });
    expect(stop?.label).toMatch(/^SL sma-btc \S+ trail BE$/);
  });

  it('draws nothing for a plan still waiting for its fill, or one that ended', () => {
    expect(exitLines([exit({ phase: 'armed', position: 0, stopPrice: 0, targets: [] }), exit({ phase: 'done' })], btc)).toEqual([]);
  });
});
