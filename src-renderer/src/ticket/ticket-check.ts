/**
 * The ticket's checks: parse price and quantity exactly on the instrument's grid and refuse what the instrument
 * cannot take (off the tick, off the lot, below the minimum notional), with a reason per field. Only a clean check
 * yields an order request; nothing is sent otherwise. Pure.
 */
import { formatDecimal } from '../../../workers/core/fixed-point.js';
import { formatMoney, priceToTicks, qtyToLots, type Instrument } from '../../../workers/core/instrument.js';
import type { OrderRequest } from '../../../workers/protocol/channels.js';
import type { Side, TimeInForce } from '../../../workers/protocol/messages.js';

/** The ticket's fields as typed. */
export interface TicketInput {
  instrument: Instrument;
  side: Side;
  orderType: 'market' | 'limit';
  priceText: string;
  qtyText: string;
  tif: TimeInForce;
  /** For a market order: the price (ticks) it would trade at now, for its notional; undefined if unknown. */
  referencePrice?: number | undefined;
}

/** The fields a reason can belong to. */
export type TicketField = 'price' | 'qty' | 'notional';

/** The outcome: reasons per field, what parsed, and the request when there is nothing to refuse. */
export interface TicketCheck {
  errors: Partial<Record<TicketField, string>>;
  priceTicks: number | undefined;
  qtyLots: number | undefined;
  /** price × qty in ticks×lots (for a market order at the reference price), if both are known. */
  notionalUnits: number | undefined;
  request: OrderRequest | undefined;
}

const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;

/** Checks the ticket. */
export function checkTicket(input: TicketInput): TicketCheck {
  const { instrument } = input;
  const errors: TicketCheck['errors'] = {};
  const qty = parseOnGrid(input.qtyText, 'quantity', formatDecimal(instrument.lot), (text) => qtyToLots(instrument, text));
  if (typeof qty === 'string') errors.qty = qty;
  let price: number | undefined;
  if (input.orderType === 'limit') {
    const parsed = parseOnGrid(input.priceText, 'price', formatDecimal(instrument.tick), (text) => priceToTicks(instrument, text));
    if (typeof parsed === 'string') errors.price = parsed;
    else price = parsed;
  }
  const lots = typeof qty === 'number' ? qty : undefined;
  const notionalPrice = input.orderType === 'limit' ? price : input.referencePrice;
  const notionalUnits = lots !== undefined && notionalPrice !== undefined ? notionalPrice * lots : undefined;
  if (notionalUnits !== undefined && notionalUnits < instrument.minNotionalUnits) {
    errors.notional = `Below the minimum notional of ${instrument.minNotional} ${instrument.quote}`;
  }
  const clean = Object.keys(errors).length === 0 && lots !== undefined && (input.orderType === 'market' || price !== undefined);
  return {
    errors,
    priceTicks: price,
    qtyLots: lots,
    notionalUnits,
    request: clean
      ? {
          venue: instrument.venue,
          symbol: instrument.symbol,
          side: input.side,
          orderType: input.orderType,
          price: input.orderType === 'limit' ? (price ?? 0) : 0,
          qty: lots,
          tif: input.tif,
        }
      : undefined,
  };
}

/** The count of grid steps in `text`, or the reason it is not one. */
function parseOnGrid(text: string, what: string, step: string, toUnits: (text: string) => number | undefined): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return `Enter a ${what}`;
  if (!PLAIN_NUMBER.test(trimmed)) return `Not a ${what}: use digits and a point`;
  const units = toUnits(trimmed);
  if (units === undefined) return `${capitalise(what)} must be a multiple of ${step}`;
  if (units <= 0) return `${capitalise(what)} must be above 0`;
  return units;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The notional as money text, e.g. "64.00 USD", or a dash. */
export function formatNotional(instrument: Instrument, units: number | undefined): string {
  if (units === undefined) return '—';
  return `${formatMoney(instrument, units, Math.min(2, Math.max(0, -instrument.moneyUnit.exponent)))} ${instrument.quote}`;
}

/** The confirmation threshold in lots for an instrument from hello's `confirmQty` (key, symbol, then `*`). */
export function confirmThreshold(confirmQty: Readonly<Record<string, number>>, instrument: Pick<Instrument, 'key' | 'symbol'>): number | undefined {
  return confirmQty[instrument.key] ?? confirmQty[instrument.symbol] ?? confirmQty['*'];
}

/** Price in ticks `steps` ticks from what the field says (rounded onto the grid first), never below one tick. */
export function stepPrice(instrument: Instrument, text: string, steps: number, fallback: number | undefined): number | undefined {
  const current = nearestUnits(text, instrument.tick.mantissa, instrument.tick.exponent) ?? fallback;
  if (current === undefined) return undefined;
  return Math.max(1, current + steps);
}

/** Quantity in lots `steps` steps of `stepLots` from what the field says, never below one step. */
export function stepQty(instrument: Instrument, text: string, steps: number, stepLots: number): number {
  const current = nearestUnits(text, instrument.lot.mantissa, instrument.lot.exponent) ?? 0;
  const next = current + steps * stepLots;
  return next >= stepLots ? next : stepLots;
}

/** `text` as a whole count of units of mantissa×10^exponent, rounded to the nearest; undefined if not a number. */
function nearestUnits(text: string, mantissa: bigint, exponent: number): number | undefined {
  const trimmed = text.trim();
  if (!PLAIN_NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  const unit = Number(mantissa) * 10 ** exponent;
  const units = Math.round(value / unit);
  return Number.isSafeInteger(units) ? units : undefined;
}
