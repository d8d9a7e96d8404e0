/**
 * Timestamps as exchanges write them, to µs since the epoch. Epoch numbers are told apart by magnitude: below 10^11
 * seconds (until the year 5138), below 10^14 milliseconds, below 10^17 microseconds (Binance's spot files since
 * 2025), else nanoseconds. ISO 8601 without a zone is UTC.
 */

/** The unit an epoch number was read in. */
export type EpochUnit = 's' | 'ms' | 'µs' | 'ns';

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const INTEGER = /^\d+$/;
const FRACTIONAL_SECONDS = /^\d{1,11}\.\d{1,6}$/;

/** The unit of an epoch number by its magnitude. */
export function epochUnit(value: number): EpochUnit {
  if (value < 1e11) return 's';
  if (value < 1e14) return 'ms';
  if (value < 1e17) return 'µs';
  return 'ns';
}

/** An epoch number of the given unit as µs. */
export function epochToUs(value: number, unit: EpochUnit): number {
  switch (unit) {
    case 's': return value * 1_000_000;
    case 'ms': return value * 1000;
    case 'µs': return value;
    case 'ns': return Math.floor(value / 1000);
  }
}

/** A time cell as µs and how it was read; undefined if it is neither an epoch number nor ISO 8601. */
export function parseTime(cell: string): { us: number; unit: EpochUnit | 'iso' } | undefined {
  if (INTEGER.test(cell)) {
    const value = Number(cell);
    const unit = epochUnit(value);
    return { us: epochToUs(value, unit), unit };
  }
  if (FRACTIONAL_SECONDS.test(cell)) {
    // Seconds with a fraction (1704067200.5): exact to the µs through the digits, not a float product.
    const [whole = '0', fraction = ''] = cell.split('.');
    return { us: Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0')), unit: 's' };
  }
  if (ISO.test(cell)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(cell) || cell.length === 10 ? cell : `${cell.replace(' ', 'T')}Z`;
    const ms = Date.parse(zoned);
    if (Number.isFinite(ms)) return { us: ms * 1000, unit: 'iso' };
  }
  return undefined;
}

/** Names of the units, for the report: "times in ms since the epoch". */
export function describeUnits(seen: ReadonlySet<string>): string {
  const names: Record<string, string> = { s: 'seconds', ms: 'milliseconds', 'µs': 'microseconds', ns: 'nanoseconds', iso: 'ISO 8601' };
  return `times read as ${[...seen].sort().map((unit) => names[unit] ?? unit).join(' and ')}`;
}
