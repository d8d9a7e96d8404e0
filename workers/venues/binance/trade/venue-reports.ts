/**
 * Binance's answers (REST orders and trades, user-stream execution reports) as our order reports. Decimal strings
 * become ticks and lots exactly; a value off the instrument's grid is refused (undefined), never rounded.
 * Commissions become fees in 10^-8 of the quote currency: exact when paid in the quote asset, price × amount rounded
 * up when paid in the base asset, absent when paid in a third asset (BNB): its value is not ours to guess.
 */
import { FEE_DECIMALS } from '../../../core/fees.js';
import { priceToTicks, qtyToLots, type Instrument } from '../../../core/instrument.js';
import { multiplyDecimals, parseDecimal } from '../../../core/fixed-point.js';
import type { Outgoing } from '../../../core/worker-core.js';
import type { OrderState, Side } from '../../../protocol/messages.js';
import type { BinanceOrderStatus } from './binance-trade-types.js';

/** The bus identity of an order, stamped on every report. */
export interface BusOrder {
  venue: string;
  symbol: string;
  clientOrderId: string;
  strategyId: string;
  side: Side;
  /** Total quantity ordered, lots. */
  qty: number;
}

/** One fill as the venue gave it, still in decimals. */
export interface VenueFill {
  tradeId: number | string;
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  maker: boolean;
}

/** Our state for Binance's order status, given how much has filled. */
export function stateOf(status: BinanceOrderStatus, filledLots: number): OrderState {
  switch (status) {
    case 'FILLED':
      return 'filled';
    case 'CANCELED':
    case 'PENDING_CANCEL':
      return 'canceled';
    case 'REJECTED':
      return 'rejected';
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      return 'expired';
    default:
      return filledLots > 0 ? 'partially_filled' : 'accepted';
  }
}

const FEE_UNIT = { mantissa: 1n, exponent: -FEE_DECIMALS };

/** The commission as a fee in 10^-8 of the quote currency, or undefined if it is in another asset. */
export function feeUnits(fill: VenueFill, instrument: Instrument): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(fill.commission)) return undefined;
  const commission = parseDecimal(fill.commission);
  if (fill.commissionAsset === instrument.quote) return ceilUnits(commission.mantissa, commission.exponent);
  if (fill.commissionAsset === instrument.base) {
    const value = multiplyDecimals(commission, parseDecimal(fill.price));
    return ceilUnits(value.mantissa, value.exponent);
  }
  return commission.mantissa === 0n ? 0 : undefined;
}

function ceilUnits(mantissa: bigint, exponent: number): number {
  const shift = exponent + FEE_DECIMALS; // units = mantissa × 10^shift
  if (shift >= 0) return Number(mantissa * 10n ** BigInt(shift));
  const divisor = 10n ** BigInt(-shift);
  return Number((mantissa + divisor - 1n) / divisor); // fees paid round up (never rebates on Binance spot)
}

/** The `OrderFilled` of one venue fill, or undefined if its price or quantity is off the instrument's grid. */
export function fillReport(order: BusOrder, venueOrderId: string, fill: VenueFill, filledBefore: number, instrument: Instrument, now: number): Outgoing | undefined {
  const price = priceToTicks(instrument, fill.price);
  const qty = qtyToLots(instrument, fill.qty);
  if (price === undefined || qty === undefined || price <= 0 || qty <= 0) return undefined;
  const filledQty = filledBefore + qty;
  const leavesQty = Math.max(0, order.qty - filledQty);
  const fee = feeUnits(fill, instrument);
  return {
    type: 'OrderFilled',
    ...identity(order, now),
    state: leavesQty === 0 ? 'filled' : 'partially_filled',
    venueOrderId,
    fillId: String(fill.tradeId),
    price,
    qty,
    filledQty,
    leavesQty,
    liquidity: fill.maker ? 'maker' : 'taker',
    ...(fee === undefined ? {} : { fee }),
  };
}

/** Reports of an order's end or acceptance (not fills): what a status means for the bus. */
export function statusReport(order: BusOrder, venueOrderId: string, state: OrderState, filledLots: number, reason: string, now: number): Outgoing | undefined {
  const base = { ...identity(order, now), state };
  const open = Math.max(0, order.qty - filledLots);
  switch (state) {
    case 'accepted':
    case 'partially_filled':
      return { type: 'OrderAccepted', ...base, state: 'accepted', venueOrderId };
    case 'canceled':
      return { type: 'OrderCanceled', ...base, canceledQty: open, reason: reason || 'canceled' };
    case 'expired':
      return { type: 'OrderExpired', ...base, expiredQty: open, reason: reason || 'expired' };
    case 'rejected':
      return { type: 'OrderRejected', ...base, reason: reason || 'rejected by Binance' };
    default:
      return undefined;
  }
}

/** A rejection before the order reached the venue, or refused by it. */
export function rejectReport(order: BusOrder, reason: string, now: number): Outgoing {
  return { type: 'OrderRejected', ...identity(order, now), state: 'rejected', reason };
}

function identity(order: BusOrder, now: number) {
  const { venue, symbol, clientOrderId, strategyId, side } = order;
  return { venue, symbol, clientOrderId, strategyId, side, ts: now, rts: now };
}

/** The bus identity of a new order. */
export function busOrderOf(command: { venue: string; symbol: string; clientOrderId: string; strategyId: string; side: Side; qty: number }): BusOrder {
  const { venue, symbol, clientOrderId, strategyId, side, qty } = command;
  return { venue, symbol, clientOrderId, strategyId, side, qty };
}

/** A cancel or amend refused, here or by the venue. */
export function requestRejectedOf(command: { venue: string; symbol: string; clientOrderId: string; strategyId: string }, request: 'cancel' | 'amend', reason: string, now: number): Outgoing {
  const { venue, symbol, clientOrderId, strategyId } = command;
  return { type: 'RequestRejected', venue, symbol, clientOrderId, strategyId, request, reason, ts: now, rts: now };
}

/** Why the venue refused, for a report: `Binance -2010: ...`; without a code where the venue gave none (through ccxt). */
export function refusalText(by: string, code: number, msg: string): string {
  return code === 0 ? `${by}: ${msg}` : `${by} ${code}: ${msg}`;
}
