/**
 * Stored history rows as the terminal shows and exports them: prices, quantities and money formatted exactly at the
 * instrument's decimals (the store keeps ticks, lots and ticks×lots), fees in the quote currency, times as ISO 8601
 * UTC with microseconds. The edge where integers become decimals for the History panel and CSV.
 */
import { formatMoney, formatPrice, formatQty, type Instrument, type InstrumentRegistry } from '../../workers/core/instrument.js';
import { formatUnits } from '../../workers/core/fixed-point.js';
import { FEE_DECIMALS } from '../../workers/core/fees.js';
import type { HistoryKind, HistoryTable } from '../../workers/protocol/channels.js';
import type { StoredRow, StoredRows } from '../../workers/history/store/history-reader.js';

type Cell = (row: StoredRow, instrument: Instrument | undefined) => string;

/** One column: its header and how a row's cell is written. */
interface ColumnSpec {
  label: string;
  cell: Cell;
  numeric?: boolean;
}

const FEE_UNIT = { mantissa: 1n, exponent: -FEE_DECIMALS };

/** A stored value as text; null (not applicable) as empty. */
const text =
  (field: string): Cell =>
  (row) => {
    const value = row[field];
    return value === null || value === undefined ? '' : String(value);
  };

const integerOf = (row: StoredRow, field: string): number | undefined => {
  const value = row[field];
  return typeof value === 'number' ? value : undefined;
};

/** A unit-bearing integer formatted with the row's instrument; raw if the instrument is unknown here. */
const withInstrument =
  (field: string, format: (instrument: Instrument, value: number) => string): Cell =>
  (row, instrument) => {
    const value = integerOf(row, field);
    if (value === undefined) return '';
    return instrument === undefined ? String(value) : format(instrument, value);
  };

const price = (field: string): ColumnSpec => ({ label: '', cell: withInstrument(field, formatPrice), numeric: true });
const qty = (field: string): ColumnSpec => ({ label: '', cell: withInstrument(field, formatQty), numeric: true });
const money = (field: string): ColumnSpec => ({ label: '', cell: withInstrument(field, (i, v) => formatMoney(i, v)), numeric: true });
const fee = (field: string): ColumnSpec => ({
  label: '',
  cell: (row) => {
    const value = integerOf(row, field);
    return value === undefined ? '' : formatUnits(value, FEE_UNIT, FEE_DECIMALS);
  },
  numeric: true,
});

/** µs since the epoch as `2026-11-23T14:05:01.123456Z`. */
export function formatMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  const extra = String(micros - ms * 1000).padStart(3, '0');
  return `${iso.slice(0, -1)}${extra}Z`;
}

const time: ColumnSpec = {
  label: 'Time',
  cell: (row) => {
    const value = integerOf(row, 'ts');
    return value === undefined ? '' : formatMicros(value);
  },
};

const col = (label: string, spec: ColumnSpec | string): ColumnSpec =>
  typeof spec === 'string' ? { label, cell: text(spec) } : { ...spec, label };

/** The columns each kind shows, in order. */
const COLUMNS: Record<HistoryKind, ColumnSpec[]> = {
  orders: [
    time,
    col('Venue', 'venue'),
    col('Symbol', 'symbol'),
    col('Order', 'clientOrderId'),
    col('Strategy', 'strategyId'),
    col('Side', 'side'),
    col('Event', 'event'),
    col('State', 'state'),
    col('Type', 'orderType'),
    col('TIF', 'tif'),
    col('Price', price('price')),
    col('Qty', qty('qty')),
    col('Stop', price('stopPrice')),
    col('Filled', qty('filledQty')),
    col('Leaves', qty('leavesQty')),
    col('Reason', 'reason'),
    col('Rule', 'rule'),
    col('Limit', { label: '', cell: text('limitValue'), numeric: true }),
    col('Value', { label: '', cell: text('value'), numeric: true }),
    col('Session', 'session'),
  ],
  fills: [
    time,
    col('Venue', 'venue'),
    col('Symbol', 'symbol'),
    col('Side', 'side'),
    col('Price', price('price')),
    col('Qty', qty('qty')),
    col('Liquidity', 'liquidity'),
    col('Fee', fee('fee')),
    col('Fill', 'fillId'),
    col('Order', 'clientOrderId'),
    col('Venue order', 'venueOrderId'),
    col('Strategy', 'strategyId'),
    col('Session', 'session'),
  ],
  positions: [
    time,
    col('Venue', 'venue'),
    col('Symbol', 'symbol'),
    col('Qty', qty('qty')),
    col('Cost', money('cost')),
    col('Realized', money('realized')),
    col('Unrealized', money('unrealized')),
    col('Mark', price('mark')),
    col('Fees', fee('fees')),
    col('Session', 'session'),
  ],
  equity: [
    time,
    col('Venue', 'venue'),
    col('Symbol', 'symbol'),
    col('Qty', qty('qty')),
    col('Realized', money('realized')),
    col('Unrealized', money('unrealized')),
    col('Mark', price('mark')),
    col('Fees', fee('fees')),
    col('Session', 'session'),
  ],
  conditions: [time, col('Kind', 'kind'), col('State', 'state'), col('Source', 'source'), col('Cause', 'cause'), col('Detail', 'detail'), col('Session', 'session')],
  params: [
    time,
    col('Strategy', 'strategyId'),
    col('Kind', 'kind'),
    col('Venue', 'venue'),
    col('Symbol', 'symbol'),
    col('State', 'state'),
    col('Parameters', 'params'),
    col('Session', 'session'),
  ],
  backtests: [
    time,
    col('Run', 'id'),
    col('Strategy', 'strategy'),
    col('Venue', 'venue'),
    col('Symbol', 'symbol'),
    col('Data', 'data'),
    col('Parameters', 'params'),
    col('Settings', 'settings'),
    col('Statistics', 'stats'),
  ],
};

/** The column headers of a kind. */
export function historyColumns(kind: HistoryKind): { columns: string[]; numeric: string[] } {
  const specs = COLUMNS[kind];
  return { columns: specs.map((spec) => spec.label), numeric: specs.filter((spec) => spec.numeric === true).map((spec) => spec.label) };
}

/** One stored row as the texts of its kind's columns. */
export function formatHistoryRow(kind: HistoryKind, row: StoredRow, registry: InstrumentRegistry): string[] {
  const instrument = typeof row.venue === 'string' && typeof row.symbol === 'string' ? registry.find(row.venue, row.symbol) : undefined;
  return COLUMNS[kind].map((spec) => spec.cell(row, instrument));
}

/** The rows as a table of text. */
export function formatHistory(result: StoredRows, registry: InstrumentRegistry): HistoryTable {
  return {
    kind: result.kind,
    ...historyColumns(result.kind),
    rows: result.rows.map((row) => formatHistoryRow(result.kind, row, registry)),
    truncated: result.truncated,
    error: '',
  };
}
