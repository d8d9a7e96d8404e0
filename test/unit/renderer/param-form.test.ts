/** The strategy parameter editor's rules: exact unit conversions, checks with reasons, and what a draft changes. */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../workers/core/instrument.js';
import type { ParamFieldView, ParamSchemaView } from '../../../workers/protocol/channels.js';
import { SIM_INSTRUMENTS } from '../../../workers/protocol/config.js';
import { smaCross } from '../../../workers/strategies/sma-cross.js';
import { supportResistance } from '../../../workers/strategies/support-resistance.js';
import { checkDraft, draftOf, fieldInput, humanize, itemKey, newItem, parseField, summarize, unitLabel } from '../../../src-renderer/src/strategies/param-form.js';

const BTC = makeInstrument(SIM_INSTRUMENTS[0]!); // tick 0.5, lot 0.001
const ETH = makeInstrument(SIM_INSTRUMENTS[1]!); // tick 0.01, lot 0.01
const SR = JSON.parse(JSON.stringify(supportResistance.params)) as ParamSchemaView;
const SMA = JSON.parse(JSON.stringify(smaCross.params)) as ParamSchemaView;
const TICKS: ParamFieldView = { kind: 'int', default: 1, min: 1, unit: 'ticks', description: '' };
const LOTS: ParamFieldView = { kind: 'int', default: 1, min: 1, max: 5000, unit: 'lots', description: '' };

describe('fields', () => {
  it('shows ticks as prices and lots as quantities of the instrument', () => {
    expect(fieldInput(TICKS, 130_001, BTC)).toBe('65000.5');
    expect(fieldInput(TICKS, 1, BTC)).toBe('0.5');
    expect(fieldInput(LOTS, 15, BTC)).toBe('0.015');
    expect(fieldInput(TICKS, 320_007, ETH)).toBe('3200.07');
    expect(fieldInput(TICKS, 7, undefined)).toBe('7');
    expect(unitLabel(TICKS, BTC)).toBe('USD');
    expect(unitLabel(LOTS, BTC)).toBe('BTC');
    expect(unitLabel(LOTS, undefined)).toBe('lots');
  });

  it('turns typed prices and quantities back into ticks and lots exactly', () => {
    expect(parseField(TICKS, '65000.5', BTC)).toEqual({ ok: true, value: 130_001 });
    expect(parseField(TICKS, ' 0.5 ', BTC)).toEqual({ ok: true, value: 1 });
    expect(parseField(LOTS, '0.015', BTC)).toEqual({ ok: true, value: 15 });
    // 0.1 + 0.2 style floating point never enters: 3200.07 is 320007 ticks of 0.01.
    expect(parseField(TICKS, '3200.07', ETH)).toEqual({ ok: true, value: 320_007 });
  });

  it.each([
    [TICKS, '65000.3', 'Must be a multiple of 0.5'],
    [LOTS, '0.0015', 'Must be a multiple of 0.001'],
    [TICKS, '0', 'Must be at least 0.5'],
    [LOTS, '6', 'Must be at most 5.000'],
    [TICKS, '', 'Enter a value'],
    [TICKS, '1e3', 'Not a number: use digits and a point'],
    [TICKS, '.5', 'Not a number: use digits and a point'],
  ])('refuses %j %s on BTC with its reason', (spec, text, reason) => {
    expect(parseField(spec, text, BTC)).toEqual({ ok: false, reason });
  });

  it('checks plain ints, numbers, choices and switches', () => {
    const every: ParamFieldView = { kind: 'int', default: 100, min: 1, description: '' };
    expect(parseField(every, '25', undefined)).toEqual({ ok: true, value: 25 });
    expect(parseField(every, '2.5', undefined)).toEqual({ ok: false, reason: 'Must be a whole number' });
    expect(parseField(every, '0', undefined)).toEqual({ ok: false, reason: 'Must be at least 1' });
    const ratio: ParamFieldView = { kind: 'number', default: 1, max: 2, description: '' };
    expect(parseField(ratio, '1.25', undefined)).toEqual({ ok: true, value: 1.25 });
    expect(parseField(ratio, '2.5', undefined)).toEqual({ ok: false, reason: 'Must be at most 2' });
    const tf: ParamFieldView = { kind: 'enum', default: '1m', options: ['1s', '1m'], description: '' };
    expect(parseField(tf, '1s', undefined)).toEqual({ ok: true, value: '1s' });
    expect(parseField(tf, '2m', undefined)).toEqual({ ok: false, reason: 'Must be one of 1s, 1m' });
    expect(parseField({ kind: 'bool', default: false, description: '' }, true, undefined)).toEqual({ ok: true, value: true });
  });
});

describe('drafts', () => {
  const condition = { side: 'buy', trigger: 130_000, turn: 1, qty: 1, takeProfit: 0, stopLoss: 0, trail: 0, repeat: false };

  it('draws inputs from the schema and parameters, and changes nothing until edited', () => {
    const draft = draftOf(SR, { conditions: [condition] }, BTC);
    expect(draft.lists.conditions).toEqual([{ side: 'buy', trigger: '65000.0', turn: '0.5', qty: '0.001', takeProfit: '0.0', stopLoss: '0.0', trail: '0.0', repeat: false }]);
    expect(checkDraft(SR, draft, { conditions: [condition] }, BTC)).toEqual({ errors: {}, changed: {} });
  });

  it('sends the whole list when a condition is added, edited or deleted', () => {
    const draft = draftOf(SR, { conditions: [] }, BTC);
    draft.lists.conditions!.push(newItem(SR.conditions as never, BTC, 130_004));
    expect(draft.lists.conditions![0]!.trigger).toBe('65002.0');
    draft.lists.conditions![0]!.side = 'sell';
    draft.lists.conditions![0]!.turn = '1.5';
    draft.lists.conditions![0]!.repeat = true;
    expect(checkDraft(SR, draft, { conditions: [] }, BTC)).toEqual({
      errors: {},
      changed: { conditions: [{ ...condition, side: 'sell', trigger: 130_004, turn: 3, repeat: true }] },
    });
    draft.lists.conditions!.splice(0, 1);
    expect(checkDraft(SR, draft, { conditions: [condition] }, BTC).changed).toEqual({ conditions: [] });
  });

  it('names the refused fields of list items and sends nothing', () => {
    const draft = draftOf(SR, { conditions: [condition, condition] }, BTC);
    draft.lists.conditions![1]!.turn = '0.25';
    draft.lists.conditions![1]!.qty = '0';
    const check = checkDraft(SR, draft, { conditions: [condition] }, BTC);
    expect(check.errors).toEqual({ [itemKey('conditions', 1, 'turn')]: 'Must be a multiple of 0.5', [itemKey('conditions', 1, 'qty')]: 'Must be at least 0.001' });
    expect(check.changed).toEqual({});
  });

  it('changes only the scalars that differ, a config value absent counting as its default', () => {
    const params = { fast: 2, slow: 5, tf: '1s', qty: 10 };
    const draft = draftOf(SMA, params, BTC);
    expect(draft.scalars).toEqual({ fast: '2', slow: '5', tf: '1s', qty: '0.010', allowShort: false });
    expect(checkDraft(SMA, draft, params, BTC).changed).toEqual({});
    draft.scalars.fast = '3';
    draft.scalars.qty = '0.02';
    expect(checkDraft(SMA, draft, params, BTC).changed).toEqual({ fast: 3, qty: 20 });
  });

  it('summarizes and names parameters for people', () => {
    expect(humanize('takeProfit')).toBe('Take profit');
    expect(humanize('allow_short')).toBe('Allow short');
    expect(summarize(SR.conditions, [condition], BTC)).toBe('1 item');
    expect(summarize(SMA.qty, 10, BTC)).toBe('0.010');
    expect(summarize(SMA.tf, '1s', BTC)).toBe('1s');
  });
});
