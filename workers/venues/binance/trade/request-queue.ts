/**
 * The live-orders core's outbound requests: in order, each sent only when Binance's rate limits allow it (a request
 * that must wait holds those behind it), stamped with the clock offset to Binance's time, and matched with its outcome
 * by id. Requests Binance refused without acting — a rate limit (429/418) or its timestamp check (-1021) — go back to
 * the front: the first after the wait, the second once the server's time has corrected the offset. Pure; the
 * transport is injected and `now` is µs.
 */
import { ERROR } from './binance-trade-types.js';
import { RateLimiter } from './rate-limiter.js';
import { SPOT_DIALECT } from './spot-dialect.js';
import type { TradeDialect } from './trade-dialect.js';
import type { TradeOutcome, TradeRequest, TradeTransport } from './trade-requests.js';

/** A request waiting or in flight. */
export interface Pending {
  request: TradeRequest;
  /** The bus order it is for, if any. */
  busId: string | undefined;
  notBefore: number;
  /** Refused for its timestamp once already: not retried again. */
  clockRetried: boolean;
}

/** Counters of the queue. */
export interface QueueCounts {
  sent: number;
  rate_waits: number;
  limited: number;
  clock_corrections: number;
}

export class RequestQueue {
  readonly limiter: RateLimiter;
  readonly counts: QueueCounts = { sent: 0, rate_waits: 0, limited: 0, clock_corrections: 0 };
  private readonly waiting: Pending[] = [];
  private readonly inFlight = new Map<number, Pending>();
  private nextId = 1;
  /** Binance's clock minus ours, ms. */
  private offsetMs = 0;
  private timeOut = false;

  constructor(
    private readonly transport: TradeTransport,
    private readonly dialect: TradeDialect = SPOT_DIALECT,
  ) {
    this.limiter = new RateLimiter(dialect.limits);
  }

  /** Queues a request, to go no earlier than `notBefore` (µs). */
  push(request: TradeRequest, busId: string | undefined, notBefore: number): void {
    this.waiting.push({ request, busId, notBefore, clockRetried: false });
  }

  /**
   * Takes the outcome of request `id`. Returns the request it answers when the caller should act on it; undefined
   * when it was unknown here or the queue dealt with it (sent again later).
   */
  settle(id: number, outcome: TradeOutcome, headers: Readonly<Record<string, string>>, now: number): Pending | undefined {
    const pending = this.inFlight.get(id);
    if (pending === undefined) return undefined;
    this.inFlight.delete(id);
    this.limiter.observe(headers, this.serverMs(now));
    if (pending.request.kind === 'time') {
      this.timeOut = false;
      if (outcome.kind === 'ok') this.onServerTime(outcome.body, now);
      return pending;
    }
    if (outcome.kind === 'limited') {
      // Refused for rate, nothing done: everything waits, this first.
      this.counts.limited++;
      this.limiter.block(this.serverMs(now) + outcome.retryAfterMs);
      this.waiting.unshift(pending);
      return undefined;
    }
    if (outcome.kind === 'refused' && outcome.code === ERROR.TIMESTAMP && !pending.clockRetried) {
      // Refused for its timestamp, nothing done: again once the server's time is known.
      this.counts.clock_corrections++;
      pending.clockRetried = true;
      this.waiting.unshift(pending);
      if (!this.timeOut) this.waiting.unshift({ request: { kind: 'time' }, busId: undefined, notBefore: now, clockRetried: false });
      return undefined;
    }
    return pending;
  }

  /** Sends what the limits allow, in order; the rest waits for a later input or tick. */
  pump(now: number): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (next.notBefore > now) return;
      // Refused for its timestamp: it goes again only with the offset the server's time gives.
      if (next.clockRetried && this.timeOut) return;
      const admission = this.limiter.admit(this.dialect.cost(next.request), this.serverMs(now));
      if (!admission.ok) {
        this.counts.rate_waits++;
        next.notBefore = Math.max(now + 1, (admission.retryAt - this.offsetMs) * 1000);
        return;
      }
      this.waiting.shift();
      const id = this.nextId++;
      this.inFlight.set(id, next);
      if (next.request.kind === 'time') this.timeOut = true;
      this.counts.sent++;
      this.transport.send({ ...next.request, id, offsetMs: this.offsetMs });
    }
  }

  /** When the queue next needs a tick, µs. */
  nextWake(): number | undefined {
    return this.waiting[0]?.notBefore;
  }

  serverMs(now: number): number {
    return Math.floor(now / 1000) + this.offsetMs;
  }

  counters(now: number): Record<string, number> {
    const usage = Object.fromEntries(Object.entries(this.limiter.usage(this.serverMs(now))).map(([k, v]) => [`limit_${k}`, v]));
    // Counters are integers ≥ 0 on the wire (a heartbeat with a negative one is refused, and the worker then looks
    // silent): the offset goes out as how far the venue's clock is ahead of ours, or behind it.
    const ahead = Math.max(0, this.offsetMs);
    const behind = Math.max(0, -this.offsetMs);
    return { ...this.counts, queued: this.waiting.length, in_flight: this.inFlight.size, clock_ahead_ms: ahead, clock_behind_ms: behind, ...usage };
  }

  private onServerTime(body: unknown, now: number): void {
    const serverTime = (body as { serverTime?: unknown } | undefined)?.serverTime;
    if (typeof serverTime !== 'number') return;
    // The answer left Binance during the round trip; its arrival is close enough for a 5 s recvWindow.
    this.offsetMs = Math.round(serverTime - now / 1000);
  }
}
