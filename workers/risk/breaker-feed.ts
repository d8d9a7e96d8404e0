/**
 * What risk feeds the circuit breaker: its configuration turned into the pure breaker's units (money in 10^-8 of the
 * currency, times in µs), and the account's equity in those units from the position book.
 */
import type { BreakerConfig } from '../core/circuit-breaker.js';
import { toUnits, unitsOf, type Decimal } from '../core/fixed-point.js';
import type { InstrumentRegistry } from '../core/instrument.js';
import type { AccountPnl } from '../core/margin-account.js';
import type { PositionBook } from '../core/positions.js';
import type { BreakerSettings } from '../protocol/config.js';

/** 10^-8 of the currency: the breaker's money unit. */
const MONEY_UNIT: Decimal = { mantissa: 1n, exponent: -8 };
const US_PER_MS = 1000;

/** The pure breaker's configuration from the configured rules; throws on a malformed amount (a bad rule fails the start). */
export function breakerConfig(settings: BreakerSettings): BreakerConfig {
  const config: BreakerConfig = {};
  const { dailyLoss, drawdown, rejectBurst, staleData, priceJump } = settings;
  for (const [rule, value] of Object.entries(settings) as Array<[string, { action?: unknown } | undefined]>) {
    if (value !== undefined && value.action !== 'reducing' && value.action !== 'halted') throw new Error(`risk.breaker.${rule}.action must be reducing or halted, got ${String(value.action)}`);
  }
  for (const [name, n] of [['rejectBurst.windowMs', rejectBurst?.windowMs], ['staleData.afterMs', staleData?.afterMs], ['priceJump.windowMs', priceJump?.windowMs], ['priceJump.bps', priceJump?.bps]] as const) {
    if (n !== undefined && !(Number.isSafeInteger(n) && n > 0)) throw new Error(`risk.breaker.${name} must be an integer > 0, got ${String(n)}`);
  }
  if (rejectBurst !== undefined && !(Number.isSafeInteger(rejectBurst.count) && rejectBurst.count >= 0)) throw new Error(`risk.breaker.rejectBurst.count must be an integer ≥ 0, got ${String(rejectBurst.count)}`);
  if (dailyLoss !== undefined) config.dailyLoss = { limit: positiveMoney(dailyLoss.limit, 'dailyLoss'), action: dailyLoss.action };
  if (drawdown !== undefined) config.drawdown = { limit: positiveMoney(drawdown.limit, 'drawdown'), action: drawdown.action };
  if (rejectBurst !== undefined) config.rejectBurst = { count: rejectBurst.count, windowUs: rejectBurst.windowMs * US_PER_MS, action: rejectBurst.action };
  if (staleData !== undefined) config.staleData = { afterUs: staleData.afterMs * US_PER_MS, action: staleData.action };
  if (priceJump !== undefined) config.priceJump = { bps: priceJump.bps, windowUs: priceJump.windowMs * US_PER_MS, action: priceJump.action };
  return config;
}

function positiveMoney(text: string, rule: string): number {
  const units = toUnits(text, MONEY_UNIT);
  if (units <= 0) throw new Error(`risk.breaker.${rule}.limit must be > 0, got ${text}`);
  return units;
}

/** Equity of the account in 10^-8 of the currency: Σ (realised + unrealised) × moneyUnit × 10^8 − fees. */
export class EquityMeter {
  /** 10^-8 currency units per tick×lot, per instrument key. */
  private readonly scale = new Map<string, number>();

  constructor(private readonly registry: InstrumentRegistry) {}

  equity(positions: PositionBook): number {
    const { realized, unrealized, fees } = this.pnl(positions);
    return realized + unrealized - fees;
  }

  /** Realised and unrealised P&L and fees over every instrument, 10^-8 of the currency. */
  pnl(positions: PositionBook): AccountPnl {
    const pnl: AccountPnl = { realized: 0, unrealized: 0, fees: 0 };
    for (const key of positions.keys()) {
      const view = positions.get(key);
      const scale = this.scaleOf(key);
      pnl.realized += view.realized * scale;
      pnl.unrealized += view.unrealized * scale;
      pnl.fees += view.fees;
    }
    return pnl;
  }

  private scaleOf(key: string): number {
    let scale = this.scale.get(key);
    if (scale === undefined) {
      const [venue = '', symbol = ''] = key.split(':');
      const instrument = this.registry.find(venue, symbol);
      // Every sim instrument's money unit is a whole number of 10^-8; one that is not is rounded (display precision).
      scale = instrument === undefined ? 0 : (unitsOf(instrument.moneyUnit, MONEY_UNIT) ?? Math.round(Number(instrument.moneyUnit.mantissa) * 10 ** (instrument.moneyUnit.exponent + 8)));
      this.scale.set(key, scale);
    }
    return scale;
  }
}
