/**
 * The check a History query from a window must pass before it reaches the host (the renderer is untrusted input):
 * a known kind, and short strings for the day, instrument and strategy filters.
 */
import { HISTORY_KINDS, type HistoryFilter } from '../../workers/protocol/channels.js';

const MAX_FILTER_TEXT = 100;
const FIELDS = new Set(['kind', 'day', 'venue', 'symbol', 'strategy']);

/** Why `value` is not a {@link HistoryFilter}, or undefined if it is one. */
export function historyFilterProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a map of filters';
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!FIELDS.has(key)) return `has an unknown filter ${JSON.stringify(key.slice(0, 40))}`;
  if (!(HISTORY_KINDS as readonly unknown[]).includes(record.kind)) return `kind must be one of ${HISTORY_KINDS.join(', ')}`;
  for (const key of ['day', 'venue', 'symbol', 'strategy'] as const) {
    const field = record[key];
    if (field !== undefined && (typeof field !== 'string' || field.length > MAX_FILTER_TEXT)) return `${key} must be a string of at most ${MAX_FILTER_TEXT} characters`;
  }
  return undefined;
}

/** Narrowing form of {@link historyFilterProblem}. */
export function isHistoryFilter(value: unknown): value is HistoryFilter {
  return historyFilterProblem(value) === undefined;
}
