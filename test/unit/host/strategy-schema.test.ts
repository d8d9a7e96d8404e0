/** Parameter schemas as the host reads them from statuses, and its check of a change against them. */
import { describe, expect, it } from 'vitest';
import { builtInSchema, checkParams, parseSchema } from '../../../src-main/host/strategy-schema.js';
import { smaCross } from '../../../workers/strategies/sma-cross.js';
import { supportResistance } from '../../../workers/strategies/support-resistance.js';

describe('parseSchema', () => {
  it('reads the built-in schemas as they travel', () => {
    expect(parseSchema(JSON.stringify(smaCross.params))).toEqual(JSON.parse(JSON.stringify(smaCross.params)));
    expect(parseSchema(JSON.stringify(supportResistance.params))?.conditions).toMatchObject({ kind: 'list', maxItems: 50 });
    expect(builtInSchema('ping')).toMatchObject({ every: { kind: 'int', min: 1 } });
    expect(builtInSchema('no-such-kind')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['an unknown kind', '{"a":{"kind":"date","default":1}}'],
    ['an int with a text default', '{"a":{"kind":"int","default":"1"}}'],
    ['a bound that is not a number', '{"a":{"kind":"int","default":1,"min":"0"}}'],
    ['a unit on a number', '{"a":{"kind":"number","default":1,"unit":"ticks"}}'],
    ['an unknown unit', '{"a":{"kind":"int","default":1,"unit":"pips"}}'],
    ['an enum without options', '{"a":{"kind":"enum","default":"x"}}'],
    ['a list without maxItems', '{"a":{"kind":"list","item":{}}}'],
    ['a list with a bad field', '{"a":{"kind":"list","maxItems":3,"item":{"b":{"kind":"list"}}}}'],
  ])('refuses %s', (_label, text) => {
    expect(parseSchema(text)).toBeUndefined();
  });
});

describe('checkParams', () => {
  const schema = parseSchema(JSON.stringify(supportResistance.params))!;

  it('completes list items with their defaults and returns only the given names', () => {
    expect(checkParams(schema, { conditions: [{ trigger: 5, turn: 2 }] }, { conditions: [] })).toEqual({
      ok: true,
      params: { conditions: [{ side: 'buy', trigger: 5, turn: 2, qty: 1, takeProfit: 0, stopLoss: 0, trail: 0, repeat: false }] },
    });
  });

  it.each([
    [{ conditions: [{ trigger: 0 }] }, 'conditions [0].trigger must be at least 1'],
    [{ conditions: [{ side: 'up' }] }, 'conditions [0].side must be one of buy, sell'],
    [{ conditions: [{ trigger: 1.5 }] }, 'conditions [0].trigger must be a whole number'],
    [{ conditions: [{ colour: 'red' }] }, 'conditions [0] has an unknown field colour'],
    [{ conditions: 3 }, 'conditions must be a list'],
    [{ levels: [] }, 'unknown parameter levels (known: conditions)'],
    [{ toString: 1 }, 'unknown parameter toString (known: conditions)'],
  ])('refuses %j: %s', (given, reason) => {
    expect(checkParams(schema, given, { conditions: [] })).toEqual({ ok: false, reason });
  });
});
