/**
 * Binance's rate limits, kept before sending rather than learned from a 429: request weight per minute and order
 * counts per 10 s and per day, as exchangeInfo's `rateLimits` declares them. Binance counts in fixed windows aligned
 * to its clock (a minute from :00), so this does too, on server time; the `X-MBX-USED-WEIGHT-1M` and
 * `X-MBX-ORDER-COUNT-*` headers of every answer then correct the count (other clients of the same key or IP use it
 * too). A 429 or 418 with `Retry-After` blocks everything until then. Pure: times are passed in, in ms.
 */

/** One entry of exchangeInfo's `rateLimits`. */
export interface RateLimitSpec {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS';
  interval: 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';
  intervalNum: number;
  limit: number;
}

/** Binance spot's published limits (exchangeInfo, 2025): the defaults until exchangeInfo says otherwise. */
export const SPOT_RATE_LIMITS: RateLimitSpec[] = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
];

const UNIT_MS = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 } as const;
const HEADER_UNIT = { SECOND: 's', MINUTE: 'm', HOUR: 'h', DAY: 'd' } as const;

/** What a request costs. */
export interface RequestCost {
  weight: number;
  /** 1 for a request that places an order (counts against ORDERS limits), else 0. */
  orders: number;
}

/** May it go now, or when. */
export type Admission = { ok: true } | { ok: false; retryAt: number; limit: string };

interface Window {
  spec: RateLimitSpec;
  lengthMs: number;
  /** Header name that reports this window's use, lower case. */
  header: string;
  start: number;
  used: number;
}

/** Keeps every limit's window; asks before each request, learns from each answer. */
export class RateLimiter {
  private windows: Window[] = [];
  private blockedUntil = 0;
  /** Leave this share of each limit unused: other tools on the same key, and our own count lagging the venue's. */
  private readonly headroom: number;

  constructor(specs: readonly RateLimitSpec[] = SPOT_RATE_LIMITS, options: { headroom?: number } = {}) {
    this.headroom = options.headroom ?? 0.1;
    this.configure(specs);
  }

  /** Replaces the limits (from exchangeInfo), keeping what was used in windows of the same kind. */
  configure(specs: readonly RateLimitSpec[]): void {
    const previous = this.windows;
    this.windows = specs
      .filter((spec) => spec.rateLimitType !== 'RAW_REQUESTS' || spec.limit > 0)
      .map((spec) => {
        const lengthMs = UNIT_MS[spec.interval] * spec.intervalNum;
        // RAW_REQUESTS has no header: its name only keeps the window apart.
        const kind = spec.rateLimitType === 'ORDERS' ? 'x-mbx-order-count-' : spec.rateLimitType === 'RAW_REQUESTS' ? 'raw-requests-' : 'x-mbx-used-weight-';
        const header = `${kind}${spec.intervalNum}${HEADER_UNIT[spec.interval]}`;
        const old = previous.find((w) => w.header === header && w.spec.rateLimitType === spec.rateLimitType);
        return { spec, lengthMs, header, start: old?.start ?? 0, used: old?.used ?? 0 };
      });
  }

  /**
   * Takes the cost if every limit allows it at `now` (server ms), else says when to try again. Nothing is taken on a
   * refusal.
   */
  admit(cost: RequestCost, now: number): Admission {
    if (now < this.blockedUntil) return { ok: false, retryAt: this.blockedUntil, limit: 'Retry-After from the venue' };
    for (const window of this.windows) {
      this.roll(window, now);
      const amount = this.amountOf(window, cost);
      if (amount === 0) continue;
      const allowed = Math.max(1, Math.floor(window.spec.limit * (1 - this.headroom)));
      if (window.used + amount > allowed) {
        return { ok: false, retryAt: window.start + window.lengthMs, limit: describe(window.spec) };
      }
    }
    for (const window of this.windows) window.used += this.amountOf(window, cost);
    return { ok: true };
  }

  /** The venue's own count from an answer's headers (lower-case names): it wins when it is higher. */
  observe(headers: Readonly<Record<string, string>>, now: number): void {
    for (const window of this.windows) {
      const text = headers[window.header];
      if (text === undefined) continue;
      const used = Number(text);
      if (!Number.isSafeInteger(used) || used < 0) continue;
      this.roll(window, now);
      window.used = Math.max(window.used, used);
    }
  }

  /** A 429 or 418: nothing is sent until `until` (ms). */
  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  /** Use of each limit now, for counters: `weight_1m` → used. */
  usage(now: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const window of this.windows) {
      this.roll(window, now);
      out[window.header.replace('x-mbx-used-', '').replace('x-mbx-', '').replace(/-/g, '_')] = window.used;
    }
    return out;
  }

  private roll(window: Window, now: number): void {
    const start = now - (now % window.lengthMs);
    if (start !== window.start) {
      window.start = start;
      window.used = 0;
    }
  }

  private amountOf(window: Window, cost: RequestCost): number {
    if (window.spec.rateLimitType === 'ORDERS') return cost.orders;
    if (window.spec.rateLimitType === 'RAW_REQUESTS') return 1;
    return cost.weight;
  }
}

function describe(spec: RateLimitSpec): string {
  const kind = spec.rateLimitType === 'ORDERS' ? 'orders' : spec.rateLimitType === 'RAW_REQUESTS' ? 'requests' : 'request weight';
  return `${spec.limit} ${kind} per ${spec.intervalNum} ${spec.interval.toLowerCase()}${spec.intervalNum > 1 ? 's' : ''}`;
}
