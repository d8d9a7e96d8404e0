/**
 * The trading account risk checks buying power against: a starting balance in one currency, and a leverage. Its
 * balance moves with realised P&L and fees, its equity with unrealised P&L too; the margin it needs is the account's
 * gross exposure — positions and working orders counted as if they filled, the larger side per instrument — divided
 * by the leverage. An order that would need more margin than the equity is denied with the numbers. Money is in
 * 10^-8 of the currency (exact integers), like fees and the circuit breaker's amounts.
 */
import { toUnits, type Decimal } from './fixed-point.js';
import { deny, type Denial } from './risk-denial.js';

/** 10^-8 of the account's currency. */
export const ACCOUNT_UNIT: Decimal = { mantissa: 1n, exponent: -8 };
/** Highest leverage accepted in the configuration. */
export const MAX_LEVERAGE = 100;

/** An account as configured: money as a decimal string of `currency`. */
export interface AccountSettings {
  id: string;
  currency: string;
  /** Starting balance, e.g. `"1000000"`. */
  balance: string;
  /** Notional the account may hold per unit of equity (1: fully paid; 5: 20 % margin). */
  leverage: number;
}

/** The account's P&L so far, 10^-8 of its currency. */
export interface AccountPnl {
  realized: number;
  unrealized: number;
  fees: number;
}

/** What the Risk panel shows, 10^-8 of the currency. */
export interface AccountFigures {
  balance: number;
  equity: number;
  /** Margin the positions and working orders need: gross exposure / leverage, rounded up. */
  margin: number;
  /** Equity not needed as margin (0 when short of margin). */
  available: number;
  /** Notional that may still be added: available × leverage. */
  buyingPower: number;
}

export class MarginAccount {
  readonly id: string;
  readonly currency: string;
  readonly leverage: number;
  readonly startBalance: number;

  /** Throws on a malformed setting: a bad account fails the start. */
  constructor(settings: AccountSettings) {
    if (typeof settings.id !== 'string' || settings.id === '') throw new Error('risk.account.id must be a non-empty string');
    if (typeof settings.currency !== 'string' || settings.currency === '') throw new Error('risk.account.currency must be a non-empty string');
    if (!(Number.isSafeInteger(settings.leverage) && settings.leverage >= 1 && settings.leverage <= MAX_LEVERAGE)) {
      throw new Error(`risk.account.leverage must be an integer from 1 to ${MAX_LEVERAGE}, got ${String(settings.leverage)}`);
    }
    this.startBalance = toUnits(settings.balance, ACCOUNT_UNIT);
    if (!(this.startBalance > 0)) throw new Error(`risk.account.balance must be > 0, got ${settings.balance}`);
    this.id = settings.id;
    this.currency = settings.currency;
    this.leverage = settings.leverage;
  }

  /** Equity: the starting balance plus all P&L, less fees. */
  equity(pnl: AccountPnl): number {
    return this.startBalance + pnl.realized + pnl.unrealized - pnl.fees;
  }

  /** The figures for a P&L and a gross exposure (both in 10^-8 of the currency). */
  figures(pnl: AccountPnl, grossExposure: number): AccountFigures {
    const equity = this.equity(pnl);
    const margin = Math.ceil(grossExposure / this.leverage);
    const available = Math.max(0, equity - margin);
    return { balance: this.startBalance + pnl.realized - pnl.fees, equity, margin, available, buyingPower: available * this.leverage };
  }
}

/**
 * Refuses an order that raises the account's gross exposure beyond what its equity carries at its leverage. Exposure
 * and the limit are in the same units (the risk engine's exposure unit); an order that does not raise exposure (it
 * reduces a position) always passes, so a position can be closed however short of margin the account is.
 */
export function checkBuyingPower(before: number, after: number, maxExposure: number, describe: (after: number, max: number) => string): Denial | undefined {
  if (after <= before || after <= maxExposure) return undefined;
  return deny('buying_power', describe(after, maxExposure), Math.max(0, maxExposure), after);
}
