/**
 * A firehose of synthetic trades at a fixed rate, for throughput and latency benchmarks: it stands where a venue's
 * market data would, so everything after it (normalising, bars, publishing) is the feed's real path. Pure: it is
 * driven by the feed's clock ticks and a seeded walk.
 */
import type { Trade } from '../../protocol/messages.js';
import { SeededRandom } from '../../core/random.js';

/** Trades due at a rate since the first tick, never more than `maxBurstMs` worth at once. */
export class FloodSource {
  private startedAt: number | undefined;
  private produced = 0;
  private price: number;
  private readonly random: SeededRandom;

  constructor(
    private readonly venue: string,
    private readonly symbol: string,
    private readonly ratePerSecond: number,
    startPrice: number,
    seed = 1,
    private readonly maxBurstMs = 50,
  ) {
    this.price = startPrice;
    this.random = new SeededRandom(seed);
  }

  /** The trades due at `now` (µs). */
  due(now: number, out: (trade: Omit<Trade, 'v' | 'seq'>) => void): void {
    this.startedAt ??= now;
    const target = Math.floor(((now - this.startedAt) * this.ratePerSecond) / 1e6);
    const cap = Math.max(1, Math.floor((this.ratePerSecond * this.maxBurstMs) / 1000));
    let count = Math.min(target - this.produced, cap);
    if (target - this.produced > cap) this.produced = target - cap; // fell behind: skip ahead rather than burst
    for (; count > 0; count--) {
      this.produced += 1;
      const up = this.random.next() < 0.5;
      this.price = Math.max(1, this.price + (up ? 1 : -1));
      out({
        type: 'Trade',
        ts: now,
        rts: now,
        venue: this.venue,
        symbol: this.symbol,
        price: this.price,
        qty: 1 + (this.produced % 5),
        aggressor: up ? 'buy' : 'sell',
        tradeId: this.produced,
      });
    }
  }
}
