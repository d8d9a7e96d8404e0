/**
 * How often the host's frames reach a window: market changes (books, trades, bars) at most every 50 ms however busy
 * the feed is, the first change after a quiet spell with the next 16 ms frame, and the user's orders always with the
 * next 16 ms frame, never held back behind the market's pace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostState } from '../../../src-main/host/host-state.js';
import type { BookView, HostToRenderer } from '../../../workers/protocol/channels.js';
import { defaultConfig } from '../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type Message } from '../../../workers/protocol/messages.js';
import { stubHostParts } from './host-parts-stub.js';

describe('HostState frames to the windows', () => {
  let dir: string;
  let state: HostState;
  /** Each message the window got, with the fake clock's time. */
  let got: Array<{ at: number; message: HostToRenderer }>;
  /** Whether the market has changed since the last drain. */
  let busy: boolean;
  let book = 0;

  const market = (): number[] => got.filter((g) => g.message.channel === 'market').map((g) => g.at);

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date', 'performance'] });
    dir = mkdtempSync(join(tmpdir(), 'tt-host-frames-'));
    got = [];
    busy = false;
    const drain = (): { books: BookView[]; trades: never[]; bars: never[] } | undefined => {
      if (!busy) return undefined;
      book += 1;
      return { books: [{ venue: 'sim', symbol: 'BTC-USD', bids: [[book, 1]], asks: [[book + 1, 1]], ts: book } as unknown as BookView], trades: [], bars: [] };
    };
    const parts = stubHostParts(dir, { ...defaultConfig(dir), strategies: [] }, { market: { books: () => [], drain, dataAge: () => ({}), history: () => [] } });
    state = new HostState(parts);
    const t0 = performance.now();
    state.subscribe((message) => got.push({ at: performance.now() - t0, message }));
    state.start();
  });

  afterEach(() => {
    state.stop();
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a market changing all the time at most every 50 ms (half a frame early at most), at about 20 frames a second', () => {
    busy = true;
    vi.advanceTimersByTime(1_000);
    const at = market();
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50 - 8);
    expect(at.length).toBeGreaterThanOrEqual(19);
    expect(at.length).toBeLessThanOrEqual(22);
  });

  it('sends the first change after a quiet spell with the next frame', () => {
    busy = true;
    vi.advanceTimersByTime(20);
    busy = false;
    vi.advanceTimersByTime(200);
    const before = market().length;
    busy = true;
    const changedAt = 220;
    vi.advanceTimersByTime(16);
    expect(market()).toHaveLength(before + 1);
    expect((market().at(-1) as number) - changedAt).toBeLessThanOrEqual(16);
  });

  it("sends the user's order with the next 16 ms frame, right after a market frame too", () => {
    busy = true;
    vi.advanceTimersByTime(100);
    const lastMarket = market().at(-1) as number;
    const now = 100;
    expect(now - lastMarket).toBeLessThan(50); // the market waits for its next turn…
    state.onBusMessage({
      v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 0, venue: 'sim', symbol: 'BTC-USD', strategyId: 'manual', side: 'buy',
      type: 'OrderSubmitted', clientOrderId: 'm-1', state: 'pending_new', orderType: 'limit', price: 100, qty: 10, tif: 'GTC',
    } as unknown as Message);
    vi.advanceTimersByTime(16);
    const orders = got.filter((g) => g.message.channel === 'orders');
    expect(orders).toHaveLength(1); // …the order does not
    expect((orders[0]?.at as number) - now).toBeLessThanOrEqual(16);
  });
});
