/**
 * A fixed-memory latency histogram (exact below 64 µs, then 32 buckets per power of two: within 3%): recording is O(1) with
 * no allocation, so it can sit on the hot path; percentiles are read from it when asked.
 */

const LINEAR = 64; // values below this get a bucket each
const PER_OCTAVE = 32; // above it, 32 buckets per power of two: ≤ 3% relative error
const OCTAVES = 40; // up to 2^45 µs

/** Records durations in µs and answers percentiles. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(LINEAR + OCTAVES * PER_OCTAVE);
  private total = 0;
  private maxValue = 0;

  record(micros: number): void {
    const value = Math.max(0, Math.round(micros));
    this.counts[bucketOf(value)]! += 1;
    this.total += 1;
    if (value > this.maxValue) this.maxValue = value;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxValue;
  }

  /** The value at percentile `p` (0–100), µs; 0 when empty. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(valueOf(i), this.maxValue);
    }
    return this.maxValue;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.maxValue = 0;
  }
}

function bucketOf(value: number): number {
  if (value < LINEAR) return value;
  const octave = Math.min(OCTAVES, Math.floor(Math.log2(value)) - 5);
  const mantissa = Math.min(2 * PER_OCTAVE - 1, Math.floor(value / 2 ** octave));
  return LINEAR + (octave - 1) * PER_OCTAVE + (mantissa - PER_OCTAVE);
}

function valueOf(bucket: number): number {
  if (bucket < LINEAR) return bucket;
  const offset = bucket - LINEAR;
  const octave = Math.floor(offset / PER_OCTAVE) + 1;
  const mantissa = (offset % PER_OCTAVE) + PER_OCTAVE;
  // Upper edge of the bucket: a percentile never reads lower than the true value.
  return (mantissa + 1) * 2 ** octave - 1;
}
