/**
 * The report as JSON text: what `JSON.stringify(report, null, 2)` prints, except that an array inside an array (a
 * row of the equity series or of the chart's bars) is printed on one line. Thousands of rows stay thousands of
 * lines rather than five times as many, and every other part of the report keeps the bytes it always had. Pure.
 */

/** `value` as indented JSON with table rows on one line each. */
export function reportJson(value: unknown): string {
  return write(value, '', false);
}

function write(value: unknown, indent: string, inArray: boolean): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    // A row: one line, spaced like the rest of the document is not, so it stays short.
    if (inArray) return JSON.stringify(value.map((item: unknown) => (item === undefined ? null : item)));
    const inner = `${indent}  `;
    return `[\n${value.map((item: unknown) => `${inner}${item === undefined || typeof item === 'function' ? 'null' : write(item, inner, true)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    const inner = `${indent}  `;
    const entries = Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== 'function');
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${write(item, inner, false)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
