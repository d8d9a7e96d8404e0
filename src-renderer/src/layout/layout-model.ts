/**
 * The workspace layout: columns of stacked panels, each column and panel with a relative size. Every operation
 * returns a new layout; `normalizeLayout` repairs whatever localStorage held (every panel exactly once, sizes sane),
 * so a stale or hand-edited layout can never lose a panel. Pure.
 */
import { PANEL_IDS, isPanelId, type PanelId } from './panels.js';

/** A panel in a column and its share of the column's height. */
export interface LayoutPanel {
  id: PanelId;
  size: number;
}

/** A column and its share of the width. */
export interface LayoutColumn {
  width: number;
  panels: LayoutPanel[];
}

export interface Layout {
  columns: LayoutColumn[];
}

/** The smallest share a column or panel can be resized to. */
export const MIN_SHARE = 0.06;

/** Chart, orders, workers and history on the left, the book and tape in the middle, the ticket and the account on the right. */
export const DEFAULT_LAYOUT: Layout = {
  columns: [
    {
      width: 0.46,
      panels: [
        { id: 'chart', size: 0.38 },
        { id: 'orders', size: 0.16 },
        { id: 'workers', size: 0.18 },
        { id: 'history', size: 0.12 },
        { id: 'backtest', size: 0.16 },
      ],
    },
    {
      width: 0.18,
      panels: [
        { id: 'book', size: 0.66 },
        { id: 'trades', size: 0.34 },
      ],
    },
    {
      width: 0.36,
      panels: [
        { id: 'ticket', size: 0.29 },
        { id: 'positions', size: 0.12 },
        { id: 'risk', size: 0.21 },
        { id: 'fills', size: 0.2 },
        { id: 'log', size: 0.18 },
      ],
    },
  ],
};

/** A valid layout from anything: unknown and repeated panels dropped, missing ones appended, shares normalised. */
export function normalizeLayout(value: unknown): Layout {
  const seen = new Set<PanelId>();
  const columns: LayoutColumn[] = [];
  const rawColumns = isRecord(value) && Array.isArray(value.columns) ? value.columns : [];
  for (const rawColumn of rawColumns) {
    if (!isRecord(rawColumn) || !Array.isArray(rawColumn.panels)) continue;
    const panels: LayoutPanel[] = [];
    for (const rawPanel of rawColumn.panels) {
      if (!isRecord(rawPanel) || !isPanelId(rawPanel.id) || seen.has(rawPanel.id)) continue;
      seen.add(rawPanel.id);
      panels.push({ id: rawPanel.id, size: share(rawPanel.size) });
    }
    if (panels.length > 0) columns.push({ width: share(rawColumn.width), panels });
  }
  if (columns.length === 0) return structuredClone(DEFAULT_LAYOUT);
  const missing = PANEL_IDS.filter((id) => !seen.has(id));
  const last = columns[columns.length - 1];
  if (last !== undefined) for (const id of missing) last.panels.push({ id, size: 1 / (last.panels.length + 1) });
  return rescale({ columns });
}

/** Where a panel is: column and row index. */
export function locate(layout: Layout, id: PanelId): { column: number; row: number } | undefined {
  for (let column = 0; column < layout.columns.length; column += 1) {
    const row = layout.columns[column]?.panels.findIndex((panel) => panel.id === id) ?? -1;
    if (row >= 0) return { column, row };
  }
  return undefined;
}

/** The direction a panel moves. */
export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * Moves a panel one step: up and down within its column, left and right into the neighbouring column (at the same
 * height, as near as it has rows). Moving the last panel out of a column removes the column.
 */
export function movePanel(layout: Layout, id: PanelId, direction: Direction): Layout {
  const where = locate(layout, id);
  if (where === undefined) return layout;
  const next = structuredClone(layout);
  const column = next.columns[where.column];
  if (column === undefined) return layout;
  if (direction === 'up' || direction === 'down') {
    const target = where.row + (direction === 'up' ? -1 : 1);
    if (target < 0 || target >= column.panels.length) return layout;
    swapAt(column.panels, where.row, target);
    return next;
  }
  const targetIndex = where.column + (direction === 'left' ? -1 : 1);
  const target = next.columns[targetIndex];
  if (target === undefined) return layout;
  const [panel] = column.panels.splice(where.row, 1);
  if (panel === undefined) return layout;
  target.panels.splice(Math.min(where.row, target.panels.length), 0, { id: panel.id, size: 1 / target.panels.length });
  if (column.panels.length === 0) next.columns.splice(where.column, 1);
  return rescale(next);
}

/** Exchanges two panels' places (drag one header onto another panel). */
export function swapPanels(layout: Layout, a: PanelId, b: PanelId): Layout {
  const first = locate(layout, a);
  const second = locate(layout, b);
  if (first === undefined || second === undefined || a === b) return layout;
  const next = structuredClone(layout);
  const panelA = next.columns[first.column]?.panels[first.row];
  const panelB = next.columns[second.column]?.panels[second.row];
  if (panelA === undefined || panelB === undefined) return layout;
  [panelA.id, panelB.id] = [panelB.id, panelA.id];
  return next;
}

/** Moves the boundary after column `index` by `delta` (a share of the whole width). */
export function resizeColumns(layout: Layout, index: number, delta: number): Layout {
  const next = structuredClone(layout);
  const left = next.columns[index];
  const right = next.columns[index + 1];
  if (left === undefined || right === undefined) return layout;
  const moved = clampDelta(left.width, right.width, delta);
  left.width += moved;
  right.width -= moved;
  return next;
}

/** Moves the boundary after panel `row` of column `column` by `delta` (a share of the column's height). */
export function resizePanels(layout: Layout, column: number, row: number, delta: number): Layout {
  const next = structuredClone(layout);
  const panels = next.columns[column]?.panels;
  const above = panels?.[row];
  const below = panels?.[row + 1];
  if (above === undefined || below === undefined) return layout;
  const moved = clampDelta(above.size, below.size, delta);
  above.size += moved;
  below.size -= moved;
  return next;
}

function clampDelta(first: number, second: number, delta: number): number {
  return Math.max(MIN_SHARE - first, Math.min(second - MIN_SHARE, delta));
}

function swapAt<T>(items: T[], i: number, j: number): void {
  const a = items[i];
  const b = items[j];
  if (a === undefined || b === undefined) return;
  items[i] = b;
  items[j] = a;
}

/** Shares that sum to 1 in every column and across columns. */
function rescale(layout: Layout): Layout {
  const widths = layout.columns.reduce((sum, column) => sum + column.width, 0);
  for (const column of layout.columns) {
    column.width = column.width / widths;
    const sizes = column.panels.reduce((sum, panel) => sum + panel.size, 0);
    for (const panel of column.panels) panel.size = panel.size / sizes;
  }
  return layout;
}

function share(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.max(MIN_SHARE / 2, Math.min(1, value)) : 0.2;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
