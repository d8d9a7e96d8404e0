/**
 * CSV as RFC 4180 has it: fields separated by commas, records by CRLF; a field holding a comma, a double quote, CR or
 * LF is enclosed in double quotes, with each double quote inside doubled.
 */

/** One field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record, ended by CRLF. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** A header and its records as one CSV text, every record (the last too) ended by CRLF. */
export function toCsv(header: readonly string[], records: ReadonlyArray<readonly string[]>): string {
  return [header, ...records].map(csvRecord).join('');
}
