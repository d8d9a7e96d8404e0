/**
 * What the renderer bench reads from the page: every frame's timestamp (a requestAnimationFrame loop in the page),
 * and, through the DevTools protocol, the heap after a forced full GC with the DOM's node and listener counts.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Frame, Pause } from './renderer-figures.js';

/** The page's globals the frame recorder uses (the Node-side types have no DOM). */
interface PageGlobals {
  __frames: { stamps: Float64Array; count: number };
  requestAnimationFrame(callback: (now: number) => void): number;
}

/**
 * Starts recording frames: each requestAnimationFrame callback's timestamp. Chromium runs these callbacks once per
 * frame it produces for the page (at the display's rate when it keeps up), so the gap between two is how long a
 * frame stayed on screen; a main thread that is busy or gets no CPU shows as a long gap. The timestamps go into one
 * typed array allocated up front (`seconds` at up to 120 frames a second), outside V8's heap, so recording adds
 * nothing to the heap being measured (a growing array of numbers would add ~30 KB a minute).
 */
export async function startFrameRecorder(page: Page, seconds: number): Promise<void> {
  await page.evaluate((capacity) => {
    const page = globalThis as unknown as PageGlobals;
    const frames = { stamps: new Float64Array(capacity), count: 0 };
    page.__frames = frames;
    const tick = (now: number): void => {
      if (frames.count < frames.stamps.length) frames.stamps[frames.count++] = now;
      page.requestAnimationFrame(tick);
    };
    page.requestAnimationFrame(tick);
  }, Math.ceil(seconds * 120) + 1_000);
}

/** The frames recorded so far (the first timestamp only starts the count). */
export async function readFrames(page: Page): Promise<Frame[]> {
  const stamps = await page.evaluate(() => {
    const frames = (globalThis as unknown as PageGlobals).__frames;
    return Array.from(frames.stamps.subarray(0, frames.count));
  });
  const frames: Frame[] = [];
  for (let index = 1; index < stamps.length; index += 1) frames.push({ at: stamps[index]!, ms: stamps[index]! - stamps[index - 1]! });
  return frames;
}

/** One reading after a forced GC. */
export interface HeapReading {
  /** V8's heap in use (JS objects, code), bytes. */
  jsBytes: number;
  /** Blink's garbage-collected heap in use (DOM nodes and other engine objects), bytes. */
  embedderBytes: number;
  /** Live DOM nodes, JS event listeners and documents (Memory.getDOMCounters). */
  nodes: number;
  listeners: number;
  documents: number;
  /** Page time (ms) the GC and reading took: frames overlapping it are not the app's. */
  pause: Pause;
}

/** Reads the page's heap through `cdp`, each time after a forced full GC. */
export class HeapProbe {
  constructor(private readonly cdp: CDPSession) {}

  async read(): Promise<HeapReading> {
    const from = await this.#pageNow();
    // A full, synchronous GC of V8's and Blink's heaps: what is left is what the page holds on to.
    await this.cdp.send('HeapProfiler.collectGarbage');
    const usage = await this.cdp.send('Runtime.getHeapUsage');
    const counters = await this.cdp.send('Memory.getDOMCounters');
    const to = await this.#pageNow();
    return {
      jsBytes: usage.usedSize,
      embedderBytes: usage.embedderHeapUsedSize ?? 0,
      nodes: counters.nodes,
      listeners: counters.jsEventListeners,
      documents: counters.documents,
      pause: [from, to],
    };
  }

  async #pageNow(): Promise<number> {
    const result = await this.cdp.send('Runtime.evaluate', { expression: 'performance.now()', returnByValue: true });
    return Number(result.result.value);
  }
}

/** CPU seconds used so far by the browser's processes, by kind (renderers summed). */
export type ProcessCpu = Record<'renderer' | 'gpu' | 'browser' | 'other', number>;

/** Reads each Chromium process's CPU time through the browser's DevTools session. */
export async function readProcessCpu(browserCdp: CDPSession): Promise<ProcessCpu> {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  const cpu: ProcessCpu = { renderer: 0, gpu: 0, browser: 0, other: 0 };
  for (const info of processInfo) {
    const kind = info.type === 'renderer' ? 'renderer' : info.type === 'GPU' ? 'gpu' : info.type === 'browser' ? 'browser' : 'other';
    cpu[kind] += info.cpuTime;
  }
  return cpu;
}
