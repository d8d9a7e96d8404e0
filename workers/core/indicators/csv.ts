/**
 * Reads a bars table from CSV text for `computeIndicator`: a header line naming the columns (any order, any case,
 * extra columns ignored), then one bar per line, oldest first. Only the columns asked for are read and must be
 * numbers; blank lines are skipped, and cells may be wrapped in double quotes. Pure: the caller reads the file.
 */
import { IndicatorInputError, type Column, type Row } from './compute.js';

/** Parses `text` into rows holding `columns` as numbers; throws `IndicatorInputError` naming what is wrong and where. */
export function parseBarsCsv(text: string, columns: readonly Column[]): Row[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  if (headerAt < 0) throw new IndicatorInputError('the CSV is empty: it needs a header line such as time,open,high,low,close,volume');
  const header = splitLine(lines[headerAt] as string).map((name) => name.toLowerCase());
  const positions = columns.map((column) => header.indexOf(column));
  const missing = columns.filter((_, i) => positions[i] === -1);
  if (missing.length > 0) {
    const s = missing.length > 1 ? 's' : '';
    throw new IndicatorInputError(`missing column${s} ${missing.join(', ')} (the header has: ${header.join(', ')})`);
  }
  const rows: Row[] = [];
  for (let at = headerAt + 1; at < lines.length; at++) {
    const line = lines[at] as string;
    if (line.trim() === '') continue;
    const cells = splitLine(line);
    const row: Partial<Record<Column, number>> = {};
    columns.forEach((column, i) => {
      const cell = cells[positions[i] as number] ?? '';
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) throw new IndicatorInputError(`line ${at + 1}: ${column} "${cell}" is not a number`);
      row[column] = value;
    });
    rows.push(row);
  }
  return rows;
}

function splitLine(line: string): string[] {
  return line.split(',').map((cell) => {
    const trimmed = cell.trim();
    return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
  });
}
