/** The panels of the terminal: their ids and accessible names (each panel is a landmark with this name). */

export const PANEL_IDS = ['chart', 'book', 'trades', 'ticket', 'positions', 'orders', 'fills', 'workers', 'risk', 'log', 'history', 'backtest'] as const;

/** One panel of the layout. */
export type PanelId = (typeof PANEL_IDS)[number];

/** Each panel's name, as its landmark's accessible name and header. */
export const PANEL_TITLES: Record<PanelId, string> = {
  chart: 'Chart',
  book: 'Order book',
  trades: 'Trades',
  ticket: 'Order ticket',
  positions: 'Positions',
  orders: 'Orders',
  fills: 'Fills',
  workers: 'Workers',
  risk: 'Risk',
  log: 'Log',
  history: 'History',
  backtest: 'Backtest',
};

export function isPanelId(value: unknown): value is PanelId {
  return typeof value === 'string' && (PANEL_IDS as readonly string[]).includes(value);
}
