/** The renderer bench's lines in the printed report, and its verdicts. */
import type { RendererLoadResult } from './renderer-load.js';
import type { Trend } from './renderer-figures.js';
import type { CpuUse } from './process-cpu.js';

/** The renderer's targets: frame rate, longest frame, heap growth over the window. */
export const RENDERER_TARGETS = { medianFps: 55, longestFrameMs: 100, heapGrowthPercent: 10 } as const;

/** One figure against its target (report.ts's Verdict). */
interface Verdict {
  figure: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

/** Median frame rate, longest frame and heap growth against their targets. */
export function rendererVerdicts(r: RendererLoadResult): Verdict[] {
  const t = RENDERER_TARGETS;
  return [
    { figure: 'renderer median frame rate', value: r.medianFps, unit: 'fps', target: `≥ ${t.medianFps}`, pass: r.medianFps >= t.medianFps },
    { figure: 'renderer longest frame', value: r.longestFrameMs, unit: 'ms', target: `≤ ${t.longestFrameMs}`, pass: r.longestFrameMs <= t.longestFrameMs },
    { figure: 'renderer heap growth (fitted)', value: r.heapGrowthPercent, unit: '%', target: `< ${t.heapGrowthPercent}`, pass: r.heapGrowthPercent < t.heapGrowthPercent },
  ];
}

/** The report's renderer section. */
export function formatRenderer(r: RendererLoadResult): string[] {
  const t = RENDERER_TARGETS;
  const lines = [
    `Renderer under load · feed ${number(r.bookUpdatesPerSecond)} book updates/s · ${r.seconds} s after a ${r.warmupSeconds} s warm-up · load average ${r.loadAverage.start.toFixed(2)} → ${r.loadAverage.end.toFixed(2)}`,
    `  frames ${number(r.frames)} · median ${r.medianFps} fps (target ≥ ${t.medianFps}) · mean ${r.meanFps} fps · p99 ${r.p99FrameMs} ms · longest ${r.longestFrameMs} ms (target ≤ ${t.longestFrameMs}) · over 50 ms: ${r.over50Ms}, over 100 ms: ${r.over100Ms}`,
    `  frames overlapping the bench's ${r.samples.length} forced GCs, not counted: ${r.excluded} (longest ${r.longestExcludedMs} ms)`,
    `  longest frames (ms at s into the window, ms after the last forced GC ended): ${r.longest.map((f) => `${f.ms} at ${f.seconds} s (${f.afterGcMs ?? '–'})`).join(' · ')}`,
    `  Chromium's CPU: renderer ${r.cores.renderer} cores · GPU process ${r.cores.gpu} · browser ${r.cores.browser}`,
    `  the terminal's CPU (cores): ${processCores(r.processes)}${r.machine === undefined ? '' : ` · the machine busy ${r.machine.busyPercent} % of its ${r.machine.cores} cores`}`,
    `  V8 heap after a forced GC ${trend(r.heap, mb)} → fitted growth ${r.heap.fittedGrowthPercent} % (target < ${t.heapGrowthPercent} %)`,
    `    Blink heap ${trend(r.embedder, mb)}`,
    `    DOM nodes ${trend(r.nodes, number)} · JS listeners ${trend(r.listeners, number)}`,
    `    at load, before the warm-up: V8 ${mb(r.atLoad.jsBytes)}, Blink ${mb(r.atLoad.embedderBytes)}, ${number(r.atLoad.nodes)} nodes, ${number(r.atLoad.listeners)} listeners`,
  ];
  return lines;
}

/** Each process's use, busiest first, in cores (`CpuUse` is in % of one core). */
export function processCores(processes: Record<string, CpuUse>): string {
  const entries = Object.entries(processes).sort((a, b) => b[1].totalPercent - a[1].totalPercent);
  const total = entries.reduce((sum, [, use]) => sum + use.totalPercent, 0);
  return [...entries.map(([name, use]) => `${name} ${(use.totalPercent / 100).toFixed(2)}`), `total ${(total / 100).toFixed(2)}`].join(' · ');
}

function trend(t: Trend, unit: (value: number) => string): string {
  return `${unit(t.start)} → ${unit(t.end)} (${signed(t.growthPercent)} %; slope ${signedWith(t.slopePerMinute, unit)}/min)`;
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(2)} MB`;
}

function number(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

function signedWith(value: number, unit: (value: number) => string): string {
  return value < 0 ? `−${unit(-value)}` : `+${unit(value)}`;
}
