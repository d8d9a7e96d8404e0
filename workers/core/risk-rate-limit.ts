/**
 * Rate limits as token buckets. A bucket holds at most one second's worth of tokens (`ratePerSecond`), refills
 * continuously at that rate and starts full; each order (or cancel) it lets through takes one token. So in any window
 * of `w` µs at most `ratePerSecond × (1 + w / 1 s)` pass. The clock is the caller's `now` (µs, the input's receive
 * time), never a wall clock, and the arithmetic is integer: replaying the same inputs gives the same answers.
 */
import { deny, type Denial } from './risk-denial.js';

const MICROS_PER_SECOND = 1_000_000;
/** The level is kept in millionths of a token, so refilling by `rate × elapsed µs` is an exact integer. */
const TOKEN = MICROS_PER_SECOND;

/** One token bucket, fed the caller's clock. */
export class TokenBucket {
  private level = 0;
  private last: number | undefined;
  private readonly capacity: number;

  /** `ratePerSecond`: a whole number ≥ 1; the burst (capacity) is the same number of tokens. */
  constructor(readonly ratePerSecond: number) {
    if (!Number.isSafeInteger(ratePerSecond) || ratePerSecond < 1) throw new RangeError(`a rate limit must be a whole number ≥ 1 a second, got ${ratePerSecond}`);
    this.capacity = ratePerSecond * TOKEN;
  }

  /** Refills up to `now` and says whether a token is there. A clock that steps back refills nothing. */
  ready(now: number): boolean {
    this.refill(now);
    return this.level >= TOKEN;
  }

  /** Takes a token if there is one at `now`; false (and nothing taken) if the bucket is empty. */
  take(now: number): boolean {
    if (!this.ready(now)) return false;
    this.level -= TOKEN;
    return true;
  }

  /** Microseconds from `now` until a token is there (0 if one is). */
  waitUs(now: number): number {
    this.refill(now);
    return this.level >= TOKEN ? 0 : Math.ceil((TOKEN - this.level) / this.ratePerSecond);
  }

  /** Whole tokens in the bucket at `now`. */
  tokens(now: number): number {
    this.refill(now);
    return Math.floor(this.level / TOKEN);
  }

  private refill(now: number): void {
    if (this.last === undefined) {
      this.last = now;
      this.level = this.capacity;
      return;
    }
    if (now <= this.last) return;
    // A second refills the bucket from empty; capping the step keeps rate × elapsed a safe integer.
    const elapsed = Math.min(now - this.last, MICROS_PER_SECOND);
    this.level = Math.min(this.capacity, this.level + elapsed * this.ratePerSecond);
    this.last = now;
  }
}

/**
 * Refuses an order (`what` = `order`, rule `order_rate`) or a cancel (`cancel_rate`) when the bucket is empty at `now`.
 * It only looks: the caller takes the token once the order has passed every check, so a denied order costs nothing.
 */
export function checkRate(bucket: TokenBucket, now: number, what: 'order' | 'cancel'): Denial | undefined {
  if (bucket.ready(now)) return undefined;
  const rate = bucket.ratePerSecond;
  const waitMs = Math.ceil(bucket.waitUs(now) / 100) / 10;
  const reason = `more than ${rate} ${what}s a second (a burst of ${rate} used up); the next is allowed in ${waitMs} ms`;
  return deny(`${what}_rate`, reason, rate, rate + 1);
}
