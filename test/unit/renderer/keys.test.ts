import { describe, expect, it } from 'vitest';
import { ACTIONS, actionById, focusTarget } from '../../../src-renderer/src/keys/actions.js';
import { chordOf, chordParts, normalizeChord, type KeyInput } from '../../../src-renderer/src/keys/key-chord.js';
import { contextOf, mayRun, type FocusFacts } from '../../../src-renderer/src/keys/key-gate.js';
import { bindingsFromOverrides, defaultBindings, lookupTable, overridesOf, rebind } from '../../../src-renderer/src/keys/keymap.js';

function key(value: string, modifiers: Partial<Omit<KeyInput, 'key'>> = {}): KeyInput {
  return { key: value, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...modifiers };
}

describe('chordOf', () => {
  it.each([
    [key('b'), 'B'],
    [key('B', { shiftKey: true }), 'Shift+B'],
    // Caps Lock: an upper-case letter without Shift is still the plain key.
    [key('B'), 'B'],
    [key('?', { shiftKey: true }), '?'],
    [key('+', { shiftKey: true }), '+'],
    [key('-'), '-'],
    [key('K', { ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+K'],
    [key('1', { ctrlKey: true }), 'Ctrl+1'],
    [key('Escape', { shiftKey: true }), 'Shift+Escape'],
    [key('ArrowUp'), 'ArrowUp'],
    [key('Up'), 'ArrowUp'],
    [key(' '), 'Space'],
    [key('PageDown'), 'PageDown'],
    [key('ArrowLeft', { altKey: true, shiftKey: true }), 'Alt+Shift+ArrowLeft'],
  ])('%o is %s', (input, chord) => {
    expect(chordOf(input)).toBe(chord);
  });

  it('ignores lone modifiers', () => {
    expect(chordOf(key('Shift', { shiftKey: true }))).toBeUndefined();
    expect(chordOf(key('Control', { ctrlKey: true }))).toBeUndefined();
  });
});

describe('normalizeChord', () => {
  it('puts modifiers in order and letters in upper case', () => {
    expect(normalizeChord('Shift+Ctrl+k')).toBe('Ctrl+Shift+K');
    expect(normalizeChord('Ctrl++')).toBe('Ctrl++');
    expect(normalizeChord('+')).toBe('+');
    expect(normalizeChord('Esc')).toBe('Escape');
  });

  it('refuses what is not a chord', () => {
    expect(normalizeChord('')).toBeUndefined();
    expect(normalizeChord('Ctrl+')).toBeUndefined();
    expect(normalizeChord('Shift')).toBeUndefined();
  });

  it('shows arrows as arrows', () => {
    expect(chordParts('Alt+ArrowUp')).toEqual(['Alt', '↑']);
    expect(chordParts('Ctrl+Shift+K')).toEqual(['Ctrl', 'Shift', 'K']);
  });
});

describe('actions', () => {
  it('have unique ids and the issue default keys', () => {
    expect(new Set(ACTIONS.map((action) => action.id)).size).toBe(ACTIONS.length);
    const table = lookupTable(defaultBindings());
    expect(table.get('B')).toBe('buyLimit');
    expect(table.get('S')).toBe('sellLimit');
    expect(table.get('Shift+B')).toBe('buyMarket');
    expect(table.get('Shift+S')).toBe('sellMarket');
    expect(table.get('ArrowUp')).toBe('priceUp');
    expect(table.get('ArrowDown')).toBe('priceDown');
    expect(table.get('PageUp')).toBe('priceUp10');
    expect(table.get('PageDown')).toBe('priceDown10');
    expect(table.get('+')).toBe('qtyUp');
    expect(table.get('-')).toBe('qtyDown');
    expect(table.get('Escape')).toBe('cancelNewest');
    expect(table.get('Shift+Escape')).toBe('cancelAll');
    expect(table.get('F')).toBe('flatten');
    expect(table.get('Ctrl+Shift+K')).toBe('killSwitch');
    expect(table.get('/')).toBe('search');
    expect(table.get('?')).toBe('help');
    for (let digit = 1; digit <= 9; digit += 1) expect(table.get(`Ctrl+${digit}`)).toMatch(/^focus:/);
    expect(focusTarget('focus:book')).toBe('book');
  });

  it('no default chord is bound twice', () => {
    const chords = ACTIONS.flatMap((action) => [...action.keys]);
    expect(new Set(chords).size).toBe(chords.length);
  });
});

describe('keymap', () => {
  it('rebinds, taking the chord from the action that had it', () => {
    const { bindings, displaced } = rebind(defaultBindings(), 'buyLimit', 'S');
    expect(bindings.buyLimit).toEqual(['S']);
    expect(bindings.sellLimit).toEqual([]);
    expect(displaced).toBe('sellLimit');
    expect(lookupTable(bindings).get('B')).toBeUndefined();
  });

  it('refuses a malformed chord', () => {
    const before = defaultBindings();
    expect(rebind(before, 'buyLimit', 'Ctrl+').bindings).toBe(before);
  });

  it('stores only overrides and reads them back over the defaults', () => {
    const { bindings } = rebind(defaultBindings(), 'flatten', 'Shift+F');
    const stored = JSON.parse(JSON.stringify(overridesOf(bindings))) as unknown;
    expect(stored).toEqual({ flatten: ['Shift+F'] });
    const restored = bindingsFromOverrides(stored);
    expect(restored).toEqual(bindings);
  });

  it('a stored chord wins over a default that had it', () => {
    const restored = bindingsFromOverrides({ help: ['B'] });
    expect(restored.help).toEqual(['B']);
    expect(restored.buyLimit).toEqual([]);
  });

  it('ignores junk in storage', () => {
    expect(bindingsFromOverrides('nonsense')).toEqual(defaultBindings());
    expect(bindingsFromOverrides({ noSuchAction: ['X'], flatten: 'F', help: [7, 'Ctrl+'] })).toEqual({
      ...defaultBindings(),
      help: [],
    });
  });
});

describe('key gate', () => {
  const facts = (over: Partial<FocusFacts>): FocusFacts => ({ tag: 'BODY', type: '', editable: false, inTicket: false, inModal: false, ...over });
  const buy = actionById('buyLimit');
  const focus = actionById('focus:chart');
  const priceUp = actionById('priceUp');
  if (buy === undefined || focus === undefined || priceUp === undefined) throw new Error('actions missing');

  it('runs everything when nothing takes text', () => {
    expect(mayRun(contextOf(facts({})), buy, 'B')).toBe(true);
    expect(mayRun(contextOf(facts({ tag: 'BUTTON' })), buy, 'B')).toBe(true);
  });

  it('never sends an order from a text field outside the ticket', () => {
    const search = contextOf(facts({ tag: 'INPUT', type: 'search' }));
    expect(search).toBe('text-field');
    expect(mayRun(search, buy, 'B')).toBe(false);
    expect(mayRun(contextOf(facts({ tag: 'TEXTAREA' })), buy, 'B')).toBe(false);
    expect(mayRun(contextOf(facts({ tag: 'DIV', editable: true })), buy, 'B')).toBe(false);
    // Focusing another panel is not an order.
    expect(mayRun(search, focus, 'Ctrl+1')).toBe(true);
  });

  it("never trades from a strategy editor's controls, whatever they are", () => {
    for (const [tag, type] of [['SELECT', ''], ['INPUT', 'checkbox'], ['BUTTON', ''], ['INPUT', 'text']] as const) {
      const context = contextOf(facts({ tag, type, inTypingArea: true }));
      expect(context).toBe('text-field');
      expect(mayRun(context, buy, 'B')).toBe(false);
      expect(mayRun(context, focus, 'Ctrl+1')).toBe(true);
    }
  });

  it('trades from the ticket fields, but lets digits type', () => {
    const ticket = contextOf(facts({ tag: 'INPUT', type: 'text', inTicket: true }));
    expect(ticket).toBe('ticket-field');
    expect(mayRun(ticket, buy, 'B')).toBe(true);
    expect(mayRun(ticket, priceUp, 'ArrowUp')).toBe(true);
    expect(mayRun(ticket, buy, '5')).toBe(false);
    expect(mayRun(ticket, buy, '.')).toBe(false);
  });

  it('leaves the arrow keys to selects', () => {
    const select = contextOf(facts({ tag: 'SELECT', inTicket: true }));
    expect(mayRun(select, priceUp, 'ArrowUp')).toBe(false);
    expect(mayRun(select, buy, 'B')).toBe(true);
  });

  it('runs nothing under a modal dialog', () => {
    expect(mayRun(contextOf(facts({ inModal: true })), focus, 'Ctrl+1')).toBe(false);
  });
});
