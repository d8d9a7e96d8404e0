/**
 * Every action the keyboard can trigger, with its default keys. The help overlay lists them in this order; the
 * keymap lets the user rebind any of them.
 */
import type { PanelId } from '../layout/panels.js';

/** Where an action shows in the help overlay. */
export type ActionGroup = 'Trading' | 'Ticket' | 'Orders' | 'Panels' | 'View' | 'Replay';

/** One action the user can bind keys to. */
export interface ActionSpec {
  id: string;
  label: string;
  group: ActionGroup;
  /** Default chords (see key-chord.ts). */
  keys: readonly string[];
  /** Also runs while the user types in a text field outside the ticket (nothing that sends an order). */
  whileTyping?: boolean;
}

const FOCUS_KEYS: ReadonlyArray<[PanelId, string, string]> = [
  ['chart', 'Chart', 'Ctrl+1'],
  ['book', 'Order book', 'Ctrl+2'],
  ['trades', 'Trades', 'Ctrl+3'],
  ['ticket', 'Order ticket', 'Ctrl+4'],
  ['positions', 'Positions', 'Ctrl+5'],
  ['orders', 'Orders', 'Ctrl+6'],
  ['fills', 'Fills', 'Ctrl+7'],
  ['workers', 'Workers', 'Ctrl+8'],
  ['risk', 'Risk', 'Ctrl+9'],
  ['log', 'Log', 'Ctrl+0'],
];

/** The actions, in help-overlay order. */
export const ACTIONS = [
  { id: 'buyLimit', label: "Buy with the ticket: its type and prices (a market ticket buys at its limit price)", group: 'Trading', keys: ['B'] },
  { id: 'sellLimit', label: "Sell with the ticket: its type and prices (a market ticket sells at its limit price)", group: 'Trading', keys: ['S'] },
  { id: 'buyMarket', label: 'Buy at market', group: 'Trading', keys: ['Shift+B'] },
  { id: 'sellMarket', label: 'Sell at market', group: 'Trading', keys: ['Shift+S'] },
  { id: 'flatten', label: "Flatten the instrument's position", group: 'Trading', keys: ['F'] },
  { id: 'killSwitch', label: 'Kill switch (asks first)', group: 'Trading', keys: ['Ctrl+Shift+K'], whileTyping: true },
  { id: 'nextOrderType', label: 'Next order type (limit, market, stop, stop limit, trailing stop)', group: 'Ticket', keys: ['O'] },
  { id: 'previousOrderType', label: 'Previous order type', group: 'Ticket', keys: ['Shift+O'] },
  { id: 'priceUp', label: 'Ticket price one tick up (a stop order: its stop price)', group: 'Ticket', keys: ['ArrowUp'] },
  { id: 'priceDown', label: 'Ticket price one tick down', group: 'Ticket', keys: ['ArrowDown'] },
  { id: 'priceUp10', label: 'Ticket price ten ticks up', group: 'Ticket', keys: ['PageUp'] },
  { id: 'priceDown10', label: 'Ticket price ten ticks down', group: 'Ticket', keys: ['PageDown'] },
  { id: 'priceToBid', label: 'Ticket price to the best bid', group: 'Ticket', keys: ['Shift+ArrowDown'] },
  { id: 'priceToAsk', label: 'Ticket price to the best ask', group: 'Ticket', keys: ['Shift+ArrowUp'] },
  { id: 'nextAccount', label: 'Next venue account for a live instrument (several configured side by side)', group: 'Ticket', keys: ['A'] },
  { id: 'previousAccount', label: 'Previous venue account', group: 'Ticket', keys: ['Shift+A'] },
  { id: 'qtyUp', label: 'Quantity one step up', group: 'Ticket', keys: ['+', '='] },
  { id: 'qtyDown', label: 'Quantity one step down', group: 'Ticket', keys: ['-'] },
  { id: 'cancelNewest', label: 'Cancel the newest working order', group: 'Orders', keys: ['Escape'] },
  { id: 'cancelAll', label: "Cancel all the instrument's working orders", group: 'Orders', keys: ['Shift+Escape'] },
  { id: 'moveNewestUp', label: 'Move the newest working order one tick up (its price, or a stop its stop price)', group: 'Orders', keys: ['Alt+ArrowUp'] },
  { id: 'moveNewestDown', label: 'Move the newest working order one tick down', group: 'Orders', keys: ['Alt+ArrowDown'] },
  { id: 'editNewest', label: 'Edit the newest working order (price, stop price, quantity)', group: 'Orders', keys: ['E'] },
  ...FOCUS_KEYS.map(([panel, title, key]) => ({
    id: `focus:${panel}` as const,
    label: `Focus ${title}`,
    group: 'Panels' as const,
    keys: [key],
    whileTyping: true,
  })),
  { id: 'movePanelLeft', label: 'Move the focused panel left', group: 'Panels', keys: ['Alt+Shift+ArrowLeft'], whileTyping: true },
  { id: 'movePanelRight', label: 'Move the focused panel right', group: 'Panels', keys: ['Alt+Shift+ArrowRight'], whileTyping: true },
  { id: 'movePanelUp', label: 'Move the focused panel up', group: 'Panels', keys: ['Alt+Shift+ArrowUp'], whileTyping: true },
  { id: 'movePanelDown', label: 'Move the focused panel down', group: 'Panels', keys: ['Alt+Shift+ArrowDown'], whileTyping: true },
  { id: 'resetLayout', label: 'Reset the layout', group: 'Panels', keys: ['Alt+Shift+R'] },
  { id: 'search', label: 'Instrument search', group: 'View', keys: ['/'] },
  { id: 'nextTimeframe', label: "Chart's next timeframe", group: 'View', keys: ['T'] },
  { id: 'previousTimeframe', label: "Chart's previous timeframe", group: 'View', keys: ['Shift+T'] },
  { id: 'recentre', label: 'Recentre the order book', group: 'View', keys: ['C'] },
  { id: 'toggleTheme', label: 'Light or dark theme', group: 'View', keys: ['Alt+Shift+L'] },
  { id: 'help', label: 'Show the keys', group: 'View', keys: ['?'] },
  { id: 'openSessions', label: 'Recorded sessions: open one to replay', group: 'Replay', keys: ['Shift+R'] },
  { id: 'playPause', label: 'Play or pause the recorded session', group: 'Replay', keys: ['P'] },
  { id: 'replayFaster', label: 'Play faster (1×, 10×, 100×, full speed)', group: 'Replay', keys: [']'] },
  { id: 'replaySlower', label: 'Play slower', group: 'Replay', keys: ['['] },
  { id: 'replayForward', label: 'Ten seconds forward', group: 'Replay', keys: ['.'] },
  { id: 'replayBack', label: 'Ten seconds back', group: 'Replay', keys: [','] },
  { id: 'backToLive', label: 'Back to the live session', group: 'Replay', keys: ['L'] },
] as const satisfies readonly ActionSpec[];

/** One action's id. */
export type ActionId = (typeof ACTIONS)[number]['id'];

const BY_ID = new Map<string, ActionSpec>(ACTIONS.map((action) => [action.id, action]));

/** The action with this id, or undefined. */
export function actionById(id: string): ActionSpec | undefined {
  return BY_ID.get(id);
}

export function isActionId(id: string): id is ActionId {
  return BY_ID.has(id);
}

/** The panel a `focus:<panel>` action focuses, or undefined for other actions. */
export function focusTarget(id: ActionId): PanelId | undefined {
  return id.startsWith('focus:') ? (id.slice('focus:'.length) as PanelId) : undefined;
}
