/**
 * Pre-trade checks against what the account (or one strategy) already holds and against the market: position limits
 * per side, reduce-only, gross exposure and the fat-finger price band. Pure functions of integers the risk engine keeps
 * up to date in O(1): positions and working orders in lots, prices in ticks, money in integer units.
 */
import type { Side } from '../protocol/messages.js';
import { deny, lots, plainMoney, signedLots, type Denial, type MoneyFormat } from './risk-denial.js';

/** Formats a price in ticks for a reason. */
export type PriceFormat = (ticks: number) => string;

/**
 * Refuses an order whose complete fill, with every working order on its side filled too, would take the position
 * beyond the side's limit: `maxLong` for a buy, `maxShort` for a sell. `potential` is the position plus the working
 * orders on the order's side (working buys added, working sells subtracted), signed. A buy never grows a short nor a
 * sell a long, so an order that reduces the position always passes, even over a lowered limit.
 */
export function checkSideLimit(potential: number, side: Side, qty: number, limit: number): Denial | undefined {
  const after = side === 'buy' ? potential + qty : -(potential - qty);
  if (after <= limit) return undefined;
  const which = side === 'buy' ? 'long' : 'short';
  const reason = `${which} position after the fill, working orders included, would be ${lots(after)}, beyond the maximum of ${lots(limit)}`;
  return deny(side === 'buy' ? 'max_long' : 'max_short', reason, limit, after);
}

/**
 * A reduce-only order may only shrink the position: on its own it may close at most the whole position and never flip
 * it. Several may cover the same position at once — an exit plan's stop and its targets do — because the venue caps
 * each one at the position as it changes (and cancels it when the position is gone), so together they never flip it.
 * `position` is signed; `qty` the order's open quantity. The limit reported is the position, the value the quantity.
 */
export function checkReduceOnly(position: number, side: Side, qty: number): Denial | undefined {
  const reducible = side === 'sell' ? Math.max(0, position) : Math.max(0, -position);
  if (qty <= reducible) return undefined;
  const reason =
    reducible === 0
      ? `a reduce-only ${side} needs a ${side === 'sell' ? 'long' : 'short'} position to reduce; the position is ${signedLots(position)}`
      : `a reduce-only ${side} of ${lots(qty)} is more than the position (${signedLots(position)})`;
  return deny('reduce_only', reason, reducible, qty);
}

/**
 * Refuses an order that raises gross exposure above the limit. Exposure is money in integer units (exact); an order
 * that does not raise it (it reduces a position) passes even when the account is over a lowered limit.
 */
export function checkGrossExposure(before: number, after: number, limit: number, format: MoneyFormat = plainMoney): Denial | undefined {
  if (after <= limit || after <= before) return undefined;
  const reason = `gross exposure after the fill, working orders included, would be ${format(after)}, beyond the maximum of ${format(limit)}`;
  return deny('max_gross_exposure', reason, limit, after);
}

/** What a price is measured against and what it is called in a reason. */
export interface PriceReference {
  /** Ticks; 0 while unknown (no band then, as at a venue before its first trade). */
  price: number;
  /** `last trade` or `mid`. */
  name: string;
}

/**
 * The fat-finger guard: a limit or trigger price further than `bandBps` basis points from the reference is refused.
 * Compared in integers (|price − reference| × 10,000 against bandBps × reference). The reason gives the distance in
 * basis points to a hundredth (rounded up); the value reported is it rounded up to a whole basis point, as
 * `OrderDenied` carries integers, so it is always above the limit.
 */
export function checkPriceBand(
  price: number,
  reference: PriceReference,
  bandBps: number,
  what = 'price',
  format: PriceFormat = (ticks) => `${ticks} ticks`,
): Denial | undefined {
  const ref = reference.price;
  if (bandBps <= 0 || ref <= 0 || price <= 0) return undefined;
  const distance = Math.abs(price - ref);
  if (distance * 10_000 <= bandBps * ref) return undefined;
  const hundredths = Math.ceil((distance * 1_000_000) / ref);
  const reason = `${what} ${format(price)} is ${hundredths / 100} bp from the ${reference.name} ${format(ref)}, beyond the band of ${bandBps} bp`;
  return deny('price_band', reason, bandBps, Math.ceil(hundredths / 100));
}
