/**
 * JSON arrays of bars: `[[time, open, high, low, close, volume], ...]` (the shape ccxt's fetchOHLCV returns and many
 * tools save), numbers or decimal strings, times as epoch numbers (s, ms, µs by size) or ISO 8601. Bad rows are
 * reported by the line their `[` opens on.
 */
import { parseTime } from './epoch-time.js';
import { RawBars } from './raw-rows.js';
import type { RowIssues } from './row-issues.js';

/** Thrown when the text is not a JSON array at all. */
export class JsonShapeError extends Error {}

/** The line (1-based) on which each element of the top-level array starts. */
export function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth === 2) lines.push(line);
    } else if (c === 93 || c === 125) depth--;
    else if (depth === 1 && c > 32 && c !== 44) lines.push(line); // a scalar element
  }
  return lines;
}

/** Decimal text of a JSON number or string cell. */
function decimalText(cell: unknown): string | undefined {
  if (typeof cell === 'string') return cell.trim();
  // JavaScript prints the shortest text that reads back as the same double: the decimal the file had.
  if (typeof cell === 'number' && Number.isFinite(cell) && cell >= 0 && !String(cell).includes('e')) return String(cell);
  return undefined;
}

/** Parses the array. */
export function parseJsonBars(text: string, issues: RowIssues, units: Set<string>): RawBars {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new JsonShapeError(`not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new JsonShapeError('expected a JSON array of [time, open, high, low, close, volume] rows');
  const lines = elementLines(text);
  const out = new RawBars();
  data.forEach((row: unknown, index) => {
    const line = lines[index] ?? index + 1;
    if (!Array.isArray(row) || row.length < 5) return issues.add(line, 'expected [time, open, high, low, close, volume]');
    const timeCell = row[0] as unknown;
    const time = typeof timeCell === 'number' && Number.isSafeInteger(timeCell) && timeCell >= 0 ? parseTime(String(timeCell)) : typeof timeCell === 'string' ? parseTime(timeCell) : undefined;
    if (time === undefined) return issues.add(line, `time ${JSON.stringify(timeCell)} is neither an epoch number nor ISO 8601`);
    units.add(time.unit);
    const values = row.slice(1, 6).map(decimalText);
    const bad = values.findIndex((value, i) => value === undefined && !(i === 4 && row.length === 5));
    if (bad >= 0) return issues.add(line, `${['open', 'high', 'low', 'close', 'volume'][bad]} ${JSON.stringify(row[bad + 1])} is not a decimal number`);
    const [o, h, l, c, v] = values as string[];
    out.push(line, time.us, o as string, h as string, l as string, c as string, v ?? '0');
  });
  return out;
}
