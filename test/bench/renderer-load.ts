/**
 * Benchmark (c): the renderer under load. The real terminal runs on the simulated exchange with its order flow
 * turned up until the feed publishes about 20,000 book updates a second; the built UI is served as `npm start` serves
 * it and opened in headless Chromium. Once the UI shows the book, the heap is read once (the raw first sample); then,
 * after a warm-up under load (the tape and other bounded lists full, the code compiled), the measured window starts:
 * a requestAnimationFrame loop in the page records every frame, and every few seconds the heap is read after a forced
 * full GC (renderer-probes.ts). The figures are computed in renderer-figures.ts.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startUiServer } from '../../src-main/bridge/ws-bridge.js';
import { BenchSystem, sleep } from './bench-system.js';
import { CpuWindow, type CpuUse, type MachineUse } from './process-cpu.js';
import { frameFigures, longestFrames, rateOf, trendOf, type FrameFigures, type LongFrame, type Pause, type Trend } from './renderer-figures.js';
import { HeapProbe, readFrames, readProcessCpu, startFrameRecorder, type HeapReading, type ProcessCpu } from './renderer-probes.js';

/** How to run it. */
export interface RendererLoadOptions {
  /** Synthetic order-flow actions per second per instrument at the simulated exchange. */
  simRate: number;
  /** Under load, after the UI shows the book and before the window starts. */
  warmupMs: number;
  measureMs: number;
  /** The heap is read (after a forced GC) this often during the window. */
  sampleEveryMs: number;
  /** Book updates a second the feed should publish at `simRate`: a run far below it is reported as a problem. */
  expectedBookUpdates: number;
}

/** A run whose feed published less than this share of the expected rate did not measure the load it is for. */
const MIN_FEED_SHARE = 0.8;

function restartCount(system: BenchSystem): number {
  return system.statuses().reduce((sum, status) => sum + status.restarts, 0);
}

/** One heap reading of the window. */
export interface HeapSampleRow {
  seconds: number;
  jsBytes: number;
  embedderBytes: number;
  nodes: number;
  listeners: number;
}

/** What it measured. */
export interface RendererLoadResult extends FrameFigures {
  bookUpdatesPerSecond: number;
  seconds: number;
  warmupSeconds: number;
  /** Frames longer than 50 ms (the same as `over50Ms`; kept for older reports). */
  slowFrames: number;
  /** The heap once the UI showed the book, before the warm-up (raw: buffers still filling, code still compiling). */
  atLoad: HeapSampleRow;
  /** The heap judged against the target: V8's (JS objects), over the window (after the warm-up). */
  heap: Trend;
  /**
   * Blink's heap (DOM and engine objects) and the DOM's node and listener counts, for leaks of another kind. Not the
   * verdict: even after a forced GC Blink's heap swings by megabytes between readings (7.4–10.9 MB within a minute,
   * measured, with the DOM's node count flat), too much for a 10 % figure to mean anything.
   */
  embedder: Trend;
  nodes: Trend;
  listeners: Trend;
  /** Every reading of the window. */
  samples: HeapSampleRow[];
  /** The ten longest frames counted, where they fell in the window. */
  longest: LongFrame[];
  /** The feed's book-update counter at each heap reading ([seconds, count]): the load the window ran under. */
  feedReadings: Array<[number, number]>;
  /** Start and end of the window (V8's heap), and the target's figure: the fitted growth. */
  heapStartBytes: number;
  heapEndBytes: number;
  heapGrowthPercent: number;
  /** Cores Chromium's processes used during the window (renderer processes summed). */
  cores: Record<keyof ProcessCpu, number>;
  /**
   * The terminal's own processes over the window (each worker, and the host inside the bench's process), in % of one
   * core, and the machine's use of all its cores: what the window competes with for CPU.
   */
  processes: Record<string, CpuUse>;
  machine: MachineUse | undefined;
  loadAverage: { start: number; end: number };
  problems: string[];
}

const STATIC_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Only what a headless run on this machine needs: no sandbox (the bench may run as root), no GPU (there is none; a
 * user's would only make frames cheaper), and no background traffic (component updates, sync, QUIC probes) that would
 * compete for the two cores. Nothing here changes how the page renders or is scheduled.
 */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
/** The UI has loaded once the ladder shows a price row. */
const LOADED = '[data-panel="book"] tr[data-price]';

/** Runs the terminal, opens the UI, measures frames and heap. */
export async function runRendererLoad(options: RendererLoadOptions, progress: (text: string) => void = () => undefined): Promise<RendererLoadResult> {
  const system = await BenchSystem.start({ sim: { seed: 42, ratePerSecond: options.simRate, startPrices: { 'BTC-USD': '65000', 'ETH-USD': '3200' }, depth: 20, timerMs: 20 } });
  const server = await startUiServer(system.host.api, { port: 0, staticDir: STATIC_DIR });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(server.url);
    await page.waitForSelector(LOADED, { timeout: 30_000 });
    const probe = new HeapProbe(await page.context().newCDPSession(page));
    const browserCdp = await browser.newBrowserCDPSession();
    const atLoad = row(0, await probe.read());
    progress(`renderer: UI loaded; warming up under load for ${Math.round(options.warmupMs / 1000)} s`);
    await sleep(options.warmupMs);
    const restartsBefore = restartCount(system);
    const result = await measure(page, probe, options, progress, {
      feed: () => system.latest('feed')?.counters.book_updates ?? 0,
      cpu: () => readProcessCpu(browserCdp),
      processes: new CpuWindow(system.spawner.pids),
      atLoad,
      problems,
    });
    // A starved machine can stop a worker (no heartbeat for 3 s): the window then measured a UI without its load.
    const down = system.notRunning();
    if (down.length > 0 || restartCount(system) > restartsBefore) problems.push(`workers restarted or down during the run (${down.join(', ') || 'restarted'}): the load was not what the bench asks for`);
    if (result.bookUpdatesPerSecond < MIN_FEED_SHARE * options.expectedBookUpdates) {
      problems.push(`the feed published ${result.bookUpdatesPerSecond} book updates/s, under ${MIN_FEED_SHARE * 100} % of the ${options.expectedBookUpdates} the bench is for`);
    }
    return result;
  } finally {
    await browser.close();
    await server.close();
    await system.stop();
  }
}

interface Context {
  feed: () => number;
  cpu: () => Promise<ProcessCpu>;
  processes: CpuWindow;
  atLoad: HeapSampleRow;
  problems: string[];
}

/** The measured window: frames all along, a heap reading at its start, every `sampleEveryMs` and at its end. */
async function measure(page: Page, probe: HeapProbe, options: RendererLoadOptions, progress: (text: string) => void, context: Context): Promise<RendererLoadResult> {
  const load = loadavg()[0]!;
  const cpuStart = await context.cpu();
  context.processes.start();
  await startFrameRecorder(page, options.measureMs / 1000 + 60);
  const started = Date.now();
  const since = (): number => (Date.now() - started) / 1000;
  const samples: HeapSampleRow[] = [];
  const pauses: Pause[] = [];
  const feedReadings: Array<[number, number]> = [];
  const take = async (): Promise<void> => {
    const at = since();
    feedReadings.push([Math.round(at * 10) / 10, context.feed()]);
    const reading = await probe.read();
    samples.push(row(at, reading));
    pauses.push(reading.pause);
  };
  await take();
  let lastProgress = 0;
  while (Date.now() - started < options.measureMs) {
    await sleep(Math.min(options.sampleEveryMs, options.measureMs - (Date.now() - started)));
    await take();
    if (since() - lastProgress >= 10 || Date.now() - started >= options.measureMs) {
      lastProgress = since();
      progress(`renderer: ${Math.round(since())} s of ${Math.round(options.measureMs / 1000)} s`);
    }
  }
  const frames = await readFrames(page);
  const seconds = since();
  const cpuEnd = await context.cpu();
  const processes = context.processes.stop();
  const machine = context.processes.machine(processes);
  feedReadings.push([Math.round(seconds * 10) / 10, context.feed()]);
  const figures = frameFigures(frames, pauses, seconds);
  const heap = trendOf(samples.map((s) => [s.seconds, s.jsBytes] as const));
  return {
    ...figures,
    bookUpdatesPerSecond: rateOf(feedReadings),
    seconds: Math.round(seconds * 10) / 10,
    warmupSeconds: options.warmupMs / 1000,
    slowFrames: figures.over50Ms,
    atLoad: context.atLoad,
    heap,
    embedder: trendOf(samples.map((s) => [s.seconds, s.embedderBytes] as const)),
    nodes: trendOf(samples.map((s) => [s.seconds, s.nodes] as const)),
    listeners: trendOf(samples.map((s) => [s.seconds, s.listeners] as const)),
    samples,
    longest: longestFrames(frames, pauses, 10),
    feedReadings,
    heapStartBytes: heap.start,
    heapEndBytes: heap.end,
    heapGrowthPercent: heap.fittedGrowthPercent,
    cores: {
      renderer: cores(cpuEnd.renderer - cpuStart.renderer, seconds),
      gpu: cores(cpuEnd.gpu - cpuStart.gpu, seconds),
      browser: cores(cpuEnd.browser - cpuStart.browser, seconds),
      other: cores(cpuEnd.other - cpuStart.other, seconds),
    },
    processes,
    machine,
    loadAverage: { start: load, end: loadavg()[0]! },
    problems: context.problems,
  };
}

function row(seconds: number, reading: HeapReading): HeapSampleRow {
  return { seconds: Math.round(seconds * 10) / 10, jsBytes: reading.jsBytes, embedderBytes: reading.embedderBytes, nodes: reading.nodes, listeners: reading.listeners };
}

function cores(cpuSeconds: number, seconds: number): number {
  return Math.round((cpuSeconds / seconds) * 100) / 100;
}
