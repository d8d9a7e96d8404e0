/**
 * The circuit breaker: watches equity, rejects and market data, and trips to `reducing` or `halted` on a daily loss
 * limit, a drawdown from peak equity, a burst of rejects or errors, stale market data, or a price jump. It says which
 * rule tripped and why, and stays tripped until the user re-arms it (`rearm`): a machine does not decide that the
 * danger has passed. Pure: time comes from the calls, so a replay trips at the same input.
 *
 * Money is in integers of 10^-8 of the account's currency (as fees are), so instruments with different money units
 * add up exactly.
 */
import type { TradingState } from '../protocol/messages.js';

const DAY_US = 86_400_000_000;

/** Which state a rule trips to. */
export type BreakerAction = Exclude<TradingState, 'active'>;

/** Rules; an absent one is off. */
export interface BreakerConfig {
  /** Loss since the start of the UTC day, 10^-8 of the currency (> 0). */
  dailyLoss?: { limit: number; action: BreakerAction };
  /** Fall from the highest equity seen, 10^-8 of the currency (> 0). */
  drawdown?: { limit: number; action: BreakerAction };
  /** More than `count` rejects or errors within `windowUs`. */
  rejectBurst?: { count: number; windowUs: number; action: BreakerAction };
  /** No market data on an instrument that had some for `afterUs`. */
  staleData?: { afterUs: number; action: BreakerAction };
  /** A price moving more than `bps` within `windowUs`. */
  priceJump?: { bps: number; windowUs: number; action: BreakerAction };
}

/** Why the breaker tripped. */
export interface Trip {
  state: BreakerAction;
  rule: 'daily_loss' | 'drawdown' | 'reject_burst' | 'stale_data' | 'price_jump';
  reason: string;
  /** When, µs. */
  at: number;
}

interface PriceWindow {
  /** Prices in the window with their times, oldest first (a few per window: one kept per `windowUs / 8`). */
  points: Array<{ at: number; price: number }>;
  lastSeen: number;
}

export class CircuitBreaker {
  private trip: Trip | undefined;
  private dayStart = -1;
  private dayOpenEquity = 0;
  private peak = Number.NEGATIVE_INFINITY;
  private readonly rejects: number[] = [];
  private readonly prices = new Map<string, PriceWindow>();

  constructor(private readonly config: BreakerConfig) {}

  /** The trip in force, or undefined while armed. */
  get tripped(): Trip | undefined {
    return this.trip;
  }

  /** The user re-arms it: watching starts afresh from the current equity. */
  rearm(): void {
    this.trip = undefined;
    this.peak = Number.NEGATIVE_INFINITY;
    this.dayStart = -1;
    this.rejects.length = 0;
  }

  /** Total equity (P&L including unrealised, net of fees) at `now`. */
  onEquity(now: number, equity: number): Trip | undefined {
    const day = Math.floor(now / DAY_US);
    if (day !== this.dayStart) {
      this.dayStart = day;
      this.dayOpenEquity = equity;
    }
    this.peak = Math.max(this.peak, equity);
    const { dailyLoss, drawdown } = this.config;
    const loss = this.dayOpenEquity - equity;
    if (dailyLoss !== undefined && loss >= dailyLoss.limit) {
      return this.fire(now, dailyLoss.action, 'daily_loss', `loss today ${money(loss)} reached the limit ${money(dailyLoss.limit)}`);
    }
    const fall = this.peak - equity;
    if (drawdown !== undefined && fall >= drawdown.limit) {
      return this.fire(now, drawdown.action, 'drawdown', `equity ${money(fall)} below its peak, limit ${money(drawdown.limit)}`);
    }
    return undefined;
  }

  /** An order was rejected or denied, or a worker reported an error. */
  onReject(now: number): Trip | undefined {
    const rule = this.config.rejectBurst;
    if (rule === undefined) return undefined;
    this.rejects.push(now);
    while (this.rejects.length > 0 && (this.rejects[0] as number) <= now - rule.windowUs) this.rejects.shift();
    if (this.rejects.length <= rule.count) return undefined;
    return this.fire(now, rule.action, 'reject_burst', `${this.rejects.length} rejects or errors within ${seconds(rule.windowUs)}, limit ${rule.count}`);
  }

  /** A market-data update on instrument `key`, with its price when it has one (a trade or a mark). */
  onMarketData(now: number, key: string, price?: number): Trip | undefined {
    let window = this.prices.get(key);
    if (window === undefined) {
      window = { points: [], lastSeen: now };
      this.prices.set(key, window);
    }
    window.lastSeen = now;
    const rule = this.config.priceJump;
    if (price === undefined || rule === undefined) return undefined;
    const points = window.points;
    while (points.length > 0 && (points[0] as { at: number }).at < now - rule.windowUs) points.shift();
    const last = points[points.length - 1];
    if (last === undefined || now - last.at >= rule.windowUs / 8) points.push({ at: now, price });
    for (const point of points) {
      // Exact integer comparison: |Δ| × 10,000 > bps × reference.
      if (Math.abs(price - point.price) * 10_000 > rule.bps * point.price) {
        return this.fire(now, rule.action, 'price_jump', `${key} moved from ${point.price} to ${price} ticks within ${seconds(rule.windowUs)}, more than ${rule.bps} bp`);
      }
    }
    return undefined;
  }

  /** The periodic check: market data that went quiet. */
  onTimer(now: number): Trip | undefined {
    const rule = this.config.staleData;
    if (rule === undefined) return undefined;
    for (const [key, window] of this.prices) {
      if (now - window.lastSeen >= rule.afterUs) {
        return this.fire(now, rule.action, 'stale_data', `no market data on ${key} for ${seconds(now - window.lastSeen)}`);
      }
    }
    return undefined;
  }

  /** Trips (or moves to a stricter state); a trip in force is only replaced by a stricter one. */
  private fire(now: number, state: BreakerAction, rule: Trip['rule'], reason: string): Trip | undefined {
    if (this.trip !== undefined && (this.trip.state === 'halted' || state === 'reducing')) return undefined;
    this.trip = { state, rule, reason, at: now };
    return this.trip;
  }
}

function money(units: number): string {
  return (units / 1e8).toFixed(2);
}

function seconds(us: number): string {
  return `${Math.round(us / 100_000) / 10} s`;
}
