import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, MIN_SHARE, locate, movePanel, normalizeLayout, resizeColumns, resizePanels, swapPanels, type Layout } from '../../../src-renderer/src/layout/layout-model.js';
import { PANEL_IDS } from '../../../src-renderer/src/layout/panels.js';

function panels(layout: Layout): string[] {
  return layout.columns.flatMap((column) => column.panels.map((panel) => panel.id)).sort();
}

describe('layout', () => {
  it('the default has every panel once', () => {
    expect(panels(DEFAULT_LAYOUT)).toEqual([...PANEL_IDS].sort());
  });

  it('repairs a stored layout: junk dropped, duplicates removed, missing panels added', () => {
    const repaired = normalizeLayout({
      columns: [
        { width: 2, panels: [{ id: 'chart', size: 1 }, { id: 'chart', size: 1 }, { id: 'nope', size: 1 }] },
        { width: 'x', panels: [{ id: 'book', size: -1 }] },
        { width: 1, panels: [] },
        'junk',
      ],
    });
    expect(panels(repaired)).toEqual([...PANEL_IDS].sort());
    expect(repaired.columns).toHaveLength(2);
    const widths = repaired.columns.reduce((sum, column) => sum + column.width, 0);
    expect(widths).toBeCloseTo(1);
    for (const column of repaired.columns) expect(column.panels.reduce((sum, panel) => sum + panel.size, 0)).toBeCloseTo(1);
    expect(normalizeLayout(null)).toEqual(DEFAULT_LAYOUT);
  });

  it('moves a panel up, down and across columns', () => {
    const down = movePanel(DEFAULT_LAYOUT, 'chart', 'down');
    expect(locate(down, 'chart')).toEqual({ column: 0, row: 1 });
    expect(movePanel(DEFAULT_LAYOUT, 'chart', 'up')).toBe(DEFAULT_LAYOUT);
    const right = movePanel(DEFAULT_LAYOUT, 'chart', 'right');
    expect(locate(right, 'chart')).toEqual({ column: 1, row: 0 });
    expect(panels(right)).toEqual([...PANEL_IDS].sort());
    expect(movePanel(DEFAULT_LAYOUT, 'chart', 'left')).toBe(DEFAULT_LAYOUT);
  });

  it('drops a column emptied by a move', () => {
    let layout = DEFAULT_LAYOUT;
    layout = movePanel(layout, 'book', 'left');
    layout = movePanel(layout, 'trades', 'left');
    expect(layout.columns).toHaveLength(2);
    expect(panels(layout)).toEqual([...PANEL_IDS].sort());
  });

  it('swaps two panels', () => {
    const swapped = swapPanels(DEFAULT_LAYOUT, 'chart', 'log');
    expect(locate(swapped, 'log')).toEqual(locate(DEFAULT_LAYOUT, 'chart'));
    expect(locate(swapped, 'chart')).toEqual(locate(DEFAULT_LAYOUT, 'log'));
  });

  it('resizes within bounds, keeping the total', () => {
    const wider = resizeColumns(DEFAULT_LAYOUT, 0, 0.1);
    expect(wider.columns[0]?.width).toBeCloseTo((DEFAULT_LAYOUT.columns[0]?.width ?? 0) + 0.1);
    expect(wider.columns.reduce((sum, column) => sum + column.width, 0)).toBeCloseTo(1);
    const squeezed = resizeColumns(DEFAULT_LAYOUT, 0, 5);
    expect(squeezed.columns[1]?.width).toBeCloseTo(MIN_SHARE);
    const taller = resizePanels(DEFAULT_LAYOUT, 0, 0, -5);
    expect(taller.columns[0]?.panels[0]?.size).toBeCloseTo(MIN_SHARE);
    expect(resizePanels(DEFAULT_LAYOUT, 0, 99, 0.1)).toBe(DEFAULT_LAYOUT);
  });
});
