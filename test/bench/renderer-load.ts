/**
 * Benchmark (c): the renderer under load. The real terminal runs on the simulated exchange with its order flow
 * turned up until the feed publishes about 20,000 book updates a second; the built UI is served as `npm start` serves
 * it and opened in headless Chromium. In the page, a requestAnimationFrame loop records every frame's length; the
 * renderer's JS heap is read through the DevTools protocol after a forced GC at the start and at the end of the window.
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startUiServer } from '../../src-main/bridge/ws-bridge.js';
import { BenchSystem, sleep } from './bench-system.js';

/** How to run it. */
export interface RendererLoadOptions {
  /** Synthetic order-flow actions per second per instrument at the simulated exchange. */
  simRate: number;
  warmupMs: number;
  measureMs: number;
}

/** What it measured. */
export interface RendererLoadResult {
  bookUpdatesPerSecond: number;
  seconds: number;
  frames: number;
  medianFps: number;
  longestFrameMs: number;
  /** Frames longer than 50 ms. */
  slowFrames: number;
  heapStartBytes: number;
  heapEndBytes: number;
  heapGrowthPercent: number;
  problems: string[];
}

/** The page's globals the measurement uses. */
interface PageGlobals {
  __frames: number[];
  requestAnimationFrame(callback: (now: number) => void): number;
}

const STATIC_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

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
    const cdp = await page.context().newCDPSession(page);
    await sleep(options.warmupMs);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const heapStartBytes = await heap();
    const feedStart = system.latest('feed');
    const started = Date.now();
    await page.evaluate(() => {
      // Runs in the page: the Node-side types have no DOM, so the page's globals are described here.
      const page = globalThis as unknown as PageGlobals;
      page.__frames = [];
      let last = performance.now();
      const tick = (now: number): void => {
        page.__frames.push(now - last);
        last = now;
        page.requestAnimationFrame(tick);
      };
      page.requestAnimationFrame(tick);
    });
    for (let left = options.measureMs; left > 0; left -= 10_000) {
      await sleep(Math.min(10_000, left));
      progress(`renderer: ${Math.round((Date.now() - started) / 1000)} s of ${Math.round(options.measureMs / 1000)} s`);
    }
    const frames = await page.evaluate(() => (globalThis as unknown as PageGlobals).__frames.slice(1));
    const seconds = (Date.now() - started) / 1000;
    const feedEnd = system.latest('feed');
    const heapEndBytes = await heap();
    const sorted = [...frames].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const updates = (feedEnd?.counters.book_updates ?? 0) - (feedStart?.counters.book_updates ?? 0);
    return {
      bookUpdatesPerSecond: Math.round(updates / seconds),
      seconds: Math.round(seconds * 10) / 10,
      frames: frames.length,
      medianFps: median > 0 ? Math.round((1000 / median) * 10) / 10 : 0,
      longestFrameMs: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
      slowFrames: frames.filter((f) => f > 50).length,
      heapStartBytes,
      heapEndBytes,
      heapGrowthPercent: Math.round(((heapEndBytes - heapStartBytes) / heapStartBytes) * 1000) / 10,
      problems,
    };
  } finally {
    await browser.close();
    await server.close();
    await system.stop();
  }
}
