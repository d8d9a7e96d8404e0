/**
 * Whether a bound key may run where the user is. The rule that matters: no key sends an order while the user types
 * in a text field other than the ticket's, and native controls keep the keys they need.
 */
import type { ActionSpec } from './actions.js';
import { isNavigationChord, isNumberInput } from './key-chord.js';

/** Where the key was pressed. */
export type KeyContext =
  /** Nothing that takes text has focus. */
  | 'free'
  /** One of the ticket's number fields. */
  | 'ticket-field'
  /** Any other text field (search, log filter): typing, not trading. */
  | 'text-field'
  /** A select, radio or slider, which use the arrow keys themselves. */
  | 'native-control'
  /** A modal dialog is open; it handles its own keys. */
  | 'modal';

/** True if `action`, bound to `chord`, may run in `context`. */
export function mayRun(context: KeyContext, action: ActionSpec, chord: string): boolean {
  switch (context) {
    case 'free':
      return true;
    case 'ticket-field':
      // Digits and the point type into the field, whatever else they are bound to.
      return !isNumberInput(chord);
    case 'text-field':
      return action.whileTyping === true;
    case 'native-control':
      return !isNavigationChord(chord);
    case 'modal':
      return false;
  }
}

/** What the DOM says about the focused element, reduced to what the gate needs. */
export interface FocusFacts {
  tag: string;
  /** The `type` of an input, lower case. */
  type: string;
  editable: boolean;
  inTicket: boolean;
  inModal: boolean;
  /**
   * Inside an editor marked `data-typing` (a strategy's parameters): every control there — a select, a checkbox, a
   * button — is typing, not trading, so a letter never sends an order from it.
   */
  inTypingArea?: boolean;
}

const TEXT_INPUTS = new Set(['', 'text', 'search', 'number', 'email', 'password', 'tel', 'url']);

/** The context of a key press from the focused element's facts. */
export function contextOf(facts: FocusFacts): KeyContext {
  if (facts.inModal) return 'modal';
  const tag = facts.tag.toLowerCase();
  const textual = facts.editable || tag === 'textarea' || (tag === 'input' && TEXT_INPUTS.has(facts.type));
  if (textual) return facts.inTicket && tag === 'input' ? 'ticket-field' : 'text-field';
  if (facts.inTypingArea === true) return 'text-field';
  if (tag === 'select' || (tag === 'input' && (facts.type === 'radio' || facts.type === 'range'))) return 'native-control';
  return 'free';
}
