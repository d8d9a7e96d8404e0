/** The workspace layout, rearranged and resized by the user and remembered between runs. */
import {
  DEFAULT_LAYOUT,
  movePanel,
  normalizeLayout,
  resizeColumns,
  resizePanels,
  swapPanels,
  type Direction,
  type Layout,
} from '../layout/layout-model.js';
import type { PanelId } from '../layout/panels.js';
import { readSetting, writeSetting, type SettingsStorage } from './persist.ts';

export class LayoutStore {
  layout = $state.raw<Layout>(structuredClone(DEFAULT_LAYOUT));
  readonly #storage: SettingsStorage;

  constructor(storage: SettingsStorage) {
    this.#storage = storage;
    const saved = readSetting(storage, 'layout');
    if (saved !== undefined) this.layout = normalizeLayout(saved);
  }

  move(id: PanelId, direction: Direction): void {
    this.#set(movePanel(this.layout, id, direction));
  }

  swap(a: PanelId, b: PanelId): void {
    this.#set(swapPanels(this.layout, a, b));
  }

  resizeColumn(index: number, delta: number): void {
    this.#set(resizeColumns(this.layout, index, delta));
  }

  resizePanel(column: number, row: number, delta: number): void {
    this.#set(resizePanels(this.layout, column, row, delta));
  }

  reset(): void {
    this.#set(structuredClone(DEFAULT_LAYOUT));
  }

  #set(layout: Layout): void {
    if (layout === this.layout) return;
    this.layout = layout;
    writeSetting(this.#storage, 'layout', layout);
  }
}
