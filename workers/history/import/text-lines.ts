/** Lines of a text file with their 1-based numbers, and CSV cells (plain, optionally double-quoted, no embedded commas). */

/** Calls `visit` for each non-blank line with its number. */
export function forEachLine(text: string, visit: (line: string, number: number) => void): void {
  let start = 0;
  let number = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    number++;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() !== '') visit(line, number);
    start = end + 1;
  }
}

/** The cells of a CSV line, trimmed and unquoted. */
export function cells(line: string): string[] {
  const out = line.split(',');
  for (let i = 0; i < out.length; i++) {
    const trimmed = (out[i] as string).trim();
    out[i] = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
  }
  return out;
}

/** The first non-blank line of the text, or undefined. */
export function firstLine(text: string): string | undefined {
  let found: string | undefined;
  const limit = text.slice(0, 64 * 1024);
  for (const line of limit.split('\n')) {
    if (line.trim() !== '') {
      found = line.replace(/\r$/, '');
      break;
    }
  }
  return found;
}
