/**
 * Key chords as strings ("B", "Shift+B", "Ctrl+Shift+K", "?", "ArrowUp"): built from keyboard events, checked when
 * read back from storage, and shown in the help overlay. Pure: takes the fields of a KeyboardEvent, not the event.
 */

/** The fields of a KeyboardEvent a chord is made of. */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;
const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'AltGraph', 'Meta', 'OS', 'CapsLock', 'Fn', 'Dead', 'Unidentified', 'Process']);
/** Old and alternative names some browsers give keys, to the standard `key` values. */
const KEY_ALIASES: Record<string, string> = {
  ' ': 'Space',
  Spacebar: 'Space',
  Esc: 'Escape',
  Up: 'ArrowUp',
  Down: 'ArrowDown',
  Left: 'ArrowLeft',
  Right: 'ArrowRight',
  Add: '+',
  Subtract: '-',
  Del: 'Delete',
};
const CHORD = /^((?:(?:Ctrl|Alt|Shift|Meta)\+)*)(.+)$/;

/** True for a key that is one printed character (a letter, digit or symbol), as opposed to a named key. */
function isCharacter(key: string): boolean {
  return [...key].length === 1;
}

function isLetter(key: string): boolean {
  return isCharacter(key) && /^\p{L}$/u.test(key);
}

/**
 * The chord a key press makes, or undefined for a lone modifier. Letters are upper-cased and keep Shift as a modifier
 * (`Shift+B`, whatever Caps Lock says); for other characters Shift is already in the character (`?` is Shift+/ on a
 * US layout, `+` is Shift+=), so it is left out and the chord works on every layout.
 */
export function chordOf(input: KeyInput): string | undefined {
  if (MODIFIER_KEYS.has(input.key)) return undefined;
  const named = KEY_ALIASES[input.key] ?? input.key;
  const letter = isLetter(named);
  const key = letter ? named.toUpperCase() : named;
  const parts: string[] = [];
  if (input.ctrlKey) parts.push('Ctrl');
  if (input.altKey) parts.push('Alt');
  if (input.shiftKey && (letter || !isCharacter(key))) parts.push('Shift');
  if (input.metaKey) parts.push('Meta');
  parts.push(key);
  return parts.join('+');
}

/** The chord in canonical form (modifiers in a fixed order, letters upper-cased), or undefined if it is not one. */
export function normalizeChord(text: string): string | undefined {
  const match = CHORD.exec(text);
  if (match === null) return undefined;
  const [, prefix = '', rawKey = ''] = match;
  const modifiers = new Set(prefix.split('+').filter((part) => part !== ''));
  const key = KEY_ALIASES[rawKey] ?? rawKey;
  // A key is one character or a named key (ArrowUp, F5, Escape): never a leftover modifier like "Ctrl+".
  if (MODIFIER_KEYS.has(key) || !(isCharacter(key) || /^[A-Z][A-Za-z0-9]+$/.test(key)) || /\s/.test(key)) return undefined;
  return chordOf({
    key,
    ctrlKey: modifiers.has('Ctrl'),
    altKey: modifiers.has('Alt'),
    shiftKey: modifiers.has('Shift'),
    metaKey: modifiers.has('Meta'),
  });
}

/** The chord's parts for display, e.g. ["Ctrl", "Shift", "K"]; arrows shown as arrows. */
export function chordParts(chord: string): string[] {
  const match = CHORD.exec(chord);
  if (match === null) return [chord];
  const [, prefix = '', key = ''] = match;
  const modifiers = prefix.split('+').filter((part) => (MODIFIERS as readonly string[]).includes(part));
  return [...modifiers, DISPLAY[key] ?? key];
}

const DISPLAY: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
};

/** True for a chord that is a plain navigation key, which native controls (selects, radios) use themselves. */
export function isNavigationChord(chord: string): boolean {
  return NAVIGATION.has(chord);
}

const NAVIGATION = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', 'Space', 'Enter']);

/** True for a chord that types into a number field (digits, point, comma): the ticket's fields keep those. */
export function isNumberInput(chord: string): boolean {
  return /^[0-9.,]$/.test(chord);
}
