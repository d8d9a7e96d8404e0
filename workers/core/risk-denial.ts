/**
 * What every pre-trade check returns, and the wording its reasons share. The checks themselves live in
 * `risk-checks.ts` (per order), `risk-exposure-checks.ts` (positions, exposure, prices) and `risk-rate-limit.ts`.
 */
import type { Side } from '../protocol/messages.js';

/** Why an order was refused: the fields of `OrderDenied` that the rule fills in. */
export interface Denial {
  /** Name of the rule, snake_case, e.g. `max_order_qty`. */
  rule: string;
  reason: string;
  /** The configured limit and the value that broke it, in the rule's own unit. */
  limit: number;
  value: number;
}

/** Formats money (an integer count of some money unit) for a reason; the risk engine builds one per instrument. */
export type MoneyFormat = (units: number) => string;

/** The default money format: the bare count, for callers that have no instrument at hand (tests). */
export const plainMoney: MoneyFormat = (units) => `${units} ticks×lots`;

export function deny(rule: string, reason: string, limit: number, value: number): Denial {
  return { rule, reason, limit, value };
}

/** +1 for buys, −1 for sells. */
export function signOf(side: Side): number {
  return side === 'buy' ? 1 : -1;
}

export function lots(n: number): string {
  return `${n} ${n === 1 ? 'lot' : 'lots'}`;
}

/** Signed so the trader sees the side: "long 5 lots" reads better than "+5". */
export function signedLots(n: number): string {
  if (n === 0) return 'flat';
  return `${n > 0 ? 'long' : 'short'} ${lots(Math.abs(n))}`;
}
