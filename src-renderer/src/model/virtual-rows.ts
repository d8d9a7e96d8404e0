/**
 * Windowing for long lists of equal-height rows: which rows to put in the DOM for a scroll position, and how tall the
 * spacers above and below them are so the scrollbar still spans the whole list.
 */

export interface RowWindowInput {
  /** The scroll container's scrollTop, less the offset of the list's first row (a table's header, say). */
  scrollTop: number;
  /** The visible height of the scroll container. */
  height: number;
  /** Height of one row in px; 0 or less when not measured yet. */
  rowHeight: number;
  /** Rows in the list. */
  count: number;
  /** Extra rows rendered above and below the visible ones. */
  overscan: number;
  /** Rows rendered until the first measurement (or while the container has no height). */
  fallback?: number;
  /** Indexes that must be rendered as well (the row holding the focus, an open editor): the window grows to them. */
  keep?: readonly number[];
}

/** Rows `start` (inclusive) to `end` (exclusive), and the spacers' heights in px. */
export interface RowWindow {
  start: number;
  end: number;
  before: number;
  after: number;
}

/** The rows to render; see {@link RowWindowInput}. */
export function rowWindow(input: RowWindowInput): RowWindow {
  const count = Math.max(0, Math.floor(input.count));
  const overscan = Math.max(0, Math.floor(input.overscan));
  const { rowHeight, height } = input;
  let start: number;
  let end: number;
  if (!(rowHeight > 0) || !(height > 0)) {
    start = 0;
    end = Math.min(count, Math.max(0, Math.floor(input.fallback ?? 30)));
  } else {
    const top = Math.max(0, Number.isFinite(input.scrollTop) ? input.scrollTop : 0);
    const first = Math.floor(top / rowHeight);
    const last = Math.ceil((top + height) / rowHeight);
    start = clamp(first - overscan, 0, count);
    end = clamp(last + overscan, start, count);
    if (start === count && count > 0) {
      // Scrolled past the end (the list shrank): show its tail.
      start = Math.max(0, count - Math.ceil(height / rowHeight) - overscan);
    }
  }
  for (const index of input.keep ?? []) {
    if (!Number.isInteger(index) || index < 0 || index >= count) continue;
    if (index < start) start = index;
    if (index >= end) end = index + 1;
  }
  const unit = rowHeight > 0 ? rowHeight : 0;
  return { start, end, before: start * unit, after: (count - end) * unit };
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
