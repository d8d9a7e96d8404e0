/**
 * Risk's trading account as the window shows it: its money formatted at two decimals of its currency, and its equity
 * sampled every few seconds into a bounded series (the Risk panel's equity line), so memory stays flat however long
 * the terminal runs.
 */
import { formatUnits } from '../../workers/core/fixed-point.js';
import { ACCOUNT_UNIT } from '../../workers/core/margin-account.js';
import type { AccountRow, VenueAccountRow } from '../../workers/protocol/channels.js';
import type { AccountStatus, ReconcileReport, VenueAccount } from '../../workers/protocol/messages.js';

/** Seconds between equity samples, and how many are kept (an hour). */
export const EQUITY_EVERY_MS = 5_000;
export const EQUITY_POINTS = 720;

export function accountRow(status: AccountStatus): AccountRow {
  const money = (units: number): string => formatUnits(units, ACCOUNT_UNIT, 2);
  return {
    account: status.account,
    currency: status.currency,
    leverage: status.leverage,
    balance: money(status.balance),
    equity: money(status.equity),
    margin: money(status.margin),
    available: money(status.available),
    buyingPower: money(status.buyingPower),
  };
}

/**
 * Live venue accounts: every account seen in balances or a reconciliation, by `<venue>:<account>`, with a futures
 * account's positions and margin.
 */
export function venueAccountRows(
  accounts: ReadonlyMap<string, VenueAccount>,
  reconciliations: ReadonlyMap<string, ReconcileReport>,
  /** A position's lots as text in its instrument's units (the host knows the instruments). */
  qtyText: (venue: string, symbol: string, lots: number) => string = (_v, _s, lots) => String(lots),
): VenueAccountRow[] {
  const keys = [...new Set([...accounts.keys(), ...reconciliations.keys()])].sort();
  return keys.map((key) => {
    const account = accounts.get(key);
    const report = reconciliations.get(key);
    const [venue = '', name = ''] = key.split(':');
    return {
      venue,
      account: name,
      balances: (account?.balances ?? []).map(({ asset, free, locked }) => ({ asset, free, locked })),
      reconcile: report?.state ?? '',
      reason: report?.reason ?? '',
      differences: (report?.differences ?? []).map((d) => ({ ...d })),
      positions: (account?.positions ?? []).map((p) => ({
        symbol: p.symbol, qty: qtyText(venue, p.symbol, p.qty), entryPrice: p.entryPrice, markPrice: p.markPrice, unrealizedPnl: p.unrealizedPnl,
        liquidationPrice: p.liquidationPrice, leverage: p.leverage,
      })),
      margin: (account?.margin ?? []).map(({ asset, walletBalance, marginBalance, availableBalance, initialMargin, maintMargin, unrealizedPnl }) => ({ asset, walletBalance, marginBalance, availableBalance, initialMargin, maintMargin, unrealizedPnl })),
    };
  });
}

/** Equity over time: one sample per {@link EQUITY_EVERY_MS} at most, the newest {@link EQUITY_POINTS} kept. */
export class EquitySeries {
  private readonly points: Array<[number, number]> = [];
  private lastAt = -Infinity;

  constructor(
    private readonly everyMs = EQUITY_EVERY_MS,
    private readonly capacity = EQUITY_POINTS,
  ) {}

  /** Offers the account as of `nowMs`; taken if a sample is due. Returns true if one was taken. */
  sample(status: AccountStatus | undefined, nowMs: number): boolean {
    if (status === undefined || nowMs - this.lastAt < this.everyMs) return false;
    this.lastAt = nowMs;
    // A display value (the chart's y), from the exact integer: the exact figure is in the account row.
    this.points.push([nowMs * 1000, status.equity / 1e8]);
    if (this.points.length > this.capacity) this.points.splice(0, this.points.length - this.capacity);
    return true;
  }

  all(): Array<[number, number]> {
    return this.points.slice();
  }
}

/**
 * The venue account after `message`: a spot stream update names only the assets that changed, so it is merged into
 * what was known; a REST check, or a futures account's whole picture, replaces it.
 */
export function mergeVenueAccount(before: VenueAccount | undefined, message: VenueAccount): VenueAccount {
  if (before === undefined || message.source === 'rest' || message.margin !== undefined) return message;
  const balances = new Map(before.balances.map((b) => [b.asset, b]));
  for (const b of message.balances) balances.set(b.asset, b);
  return { ...message, balances: [...balances.values()] };
}
