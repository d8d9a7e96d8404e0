/**
 * Where a message's time goes inside a process, for benchmarks: at each named stage, the time since the message's
 * `rts` (its arrival stamp, µs on the shared clock of workers/runtime/clock.ts) is kept in a preallocated array, so
 * marking costs a clock read and a store — no allocation on the path it measures. Off unless a worker's entry file
 * creates one (the Binance gateway does when `TERMINAL_STAGE_PROBE` names a file to write the summary to).
 */
import { performance } from 'node:perf_hooks';

/** Percentiles of one stage, µs since arrival. */
export interface StageFigures {
  stage: string;
  samples: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

/** Stage marks: see the module comment. */
export class StageProbe {
  private readonly samples: Float64Array[];
  private readonly counts: number[];
  /** Marks are kept only while true (a benchmark's measuring window). */
  measuring = false;

  constructor(
    readonly stages: readonly string[],
    private readonly capacity = 200_000,
  ) {
    this.samples = stages.map(() => new Float64Array(capacity));
    this.counts = stages.map(() => 0);
  }

  /** Stage `index` reached by a message that arrived at `rts` (µs). */
  mark(index: number, rts: number): void {
    if (!this.measuring) return;
    const count = this.counts[index]!;
    if (count >= this.capacity) return;
    this.samples[index]![count] = (performance.timeOrigin + performance.now()) * 1000 - rts;
    this.counts[index] = count + 1;
  }

  /** Each stage's percentiles over the marks kept so far. */
  figures(): StageFigures[] {
    return this.stages.map((stage, index) => {
      const sorted = this.samples[index]!.slice(0, this.counts[index]!).sort();
      const at = (q: number): number => round1(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      return { stage, samples: sorted.length, p50Us: at(0.5), p99Us: at(0.99), p999Us: at(0.999), maxUs: round1(sorted.at(-1) ?? 0) };
    });
  }

  /** Forgets every mark. */
  reset(): void {
    this.counts.fill(0);
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
