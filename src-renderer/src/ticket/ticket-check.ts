/**
 * The ticket's checks: parse prices and quantities exactly on the instrument's grid and refuse what the instrument or
 * the venue cannot take (off the tick, off the lot, below the minimum notional, a stop that would trigger at once,
 * post-only that could take liquidity, a take-profit or stop-loss on the wrong side of the entry, a trailing stop with
 * no distance or two), with a reason per field. Only a clean check yields an order request; nothing is sent otherwise.
 * Pure.
 */
import { formatDecimal, parseDecimal, unitsOf, type Decimal } from '../../../workers/core/fixed-point.js';
import { formatMoney, formatPrice, priceToTicks, qtyToLots, type Instrument } from '../../../workers/core/instrument.js';
import type { OrderRequest } from '../../../workers/protocol/channels.js';
import type { OrderType, Side, TimeInForce } from '../../../workers/protocol/messages.js';

/** The ticket's fields as typed. Optional text fields that are absent or blank are not used. */
export interface TicketInput {
  instrument: Instrument;
  side: Side;
  orderType: OrderType;
  /** Limit price (limit and stop-limit orders). */
  priceText: string;
  qtyText: string;
  tif: TimeInForce;
  /** Trigger price (stop and stop-limit orders). */
  stopText?: string;
  /** A trailing stop's distance as a price amount, or as a percent of the price: exactly one of the two. */
  trailAmountText?: string;
  trailPercentText?: string;
  postOnly?: boolean;
  reduceOnly?: boolean;
  /** Bracket prices: a take-profit limit and a stop-loss stop for the filled quantity. */
  takeProfitText?: string;
  stopLossText?: string;
  /** The price (ticks) a market order would trade at now (the touch), for its notional; undefined if unknown. */
  referencePrice?: number | undefined;
  /** The last trade price (ticks), which triggers stops; undefined if unknown. */
  lastPrice?: number | undefined;
  /**
   * A stop or stop-limit that triggers the other way — a sell at or above, a buy at or below — as Binance's
   * TAKE_PROFIT types (live Binance instruments only; the ticket offers it there alone).
   */
  takeProfitTrigger?: boolean;
}

/** The fields a reason can belong to. */
export type TicketField = 'price' | 'stopPrice' | 'trail' | 'qty' | 'notional' | 'postOnly' | 'reduceOnly' | 'takeProfit' | 'stopLoss';

/** The outcome: reasons per field, what parsed, and the request when there is nothing to refuse. */
export interface TicketCheck {
  errors: Partial<Record<TicketField, string>>;
  priceTicks: number | undefined;
  stopTicks: number | undefined;
  qtyLots: number | undefined;
  /** price × qty in ticks×lots, valued at the limit price, else the stop price, else the market; if both are known. */
  notionalUnits: number | undefined;
  /** Which price the notional is valued at: an estimate unless `limit` or `stop`. */
  notionalAt: 'limit' | 'stop' | 'market';
  request: OrderRequest | undefined;
}

/** The order types, in the order the ticket offers them (and `O` cycles through). */
export const ORDER_TYPES: readonly OrderType[] = ['limit', 'market', 'stop', 'stop_limit', 'trailing_stop'];

const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;
/** One basis point as a percent: a trail percent is a whole number of them. */
const BASIS_POINT: Decimal = { mantissa: 1n, exponent: -2 };

/** True for types that carry a limit price. */
export function hasLimitPrice(type: OrderType): boolean {
  return type === 'limit' || type === 'stop_limit';
}

/** True for types that carry a trigger price the user sets. */
export function hasStopPrice(type: OrderType): boolean {
  return type === 'stop' || type === 'stop_limit';
}

/** Checks the ticket. */
export function checkTicket(input: TicketInput): TicketCheck {
  const { instrument, orderType: type, side } = input;
  const errors: TicketCheck['errors'] = {};
  const onTick = (text: string, what: string, field: TicketField): number | undefined => {
    const parsed = parseOnGrid(text, what, formatDecimal(instrument.tick), (value) => priceToTicks(instrument, value));
    if (typeof parsed === 'number') return parsed;
    errors[field] = parsed;
    return undefined;
  };
  const qty = parseOnGrid(input.qtyText, 'quantity', formatDecimal(instrument.lot), (text) => qtyToLots(instrument, text));
  if (typeof qty === 'string') errors.qty = qty;
  const lots = typeof qty === 'number' ? qty : undefined;
  const price = hasLimitPrice(type) ? onTick(input.priceText, 'price', 'price') : undefined;
  const stop = hasStopPrice(type) ? onTick(input.stopText ?? '', 'stop price', 'stopPrice') : undefined;
  const takeProfit = input.takeProfitTrigger === true && hasStopPrice(type);
  if (stop !== undefined) errors.stopPrice = stopProblem(instrument, side, stop, input.lastPrice, takeProfit);
  const trail = type === 'trailing_stop' ? checkTrail(instrument, input, errors) : {};
  if (input.postOnly === true) errors.postOnly = postOnlyProblem(type, input.tif);
  const bracket = checkBracket(input, errors, onTick, price ?? stop ?? (type === 'market' ? input.referencePrice : undefined));

  const notionalAt: TicketCheck['notionalAt'] = price !== undefined ? 'limit' : stop !== undefined ? 'stop' : 'market';
  const valuedAt = price ?? stop ?? (type === 'trailing_stop' ? (input.lastPrice ?? input.referencePrice) : input.referencePrice);
  const notionalUnits = lots !== undefined && valuedAt !== undefined ? valuedAt * lots : undefined;
  if (notionalUnits !== undefined && notionalUnits < instrument.minNotionalUnits) {
    errors.notional = `Below the minimum notional of ${instrument.minNotional} ${instrument.quote}`;
  }
  for (const field of Object.keys(errors) as TicketField[]) if (errors[field] === undefined) delete errors[field];
  const complete = lots !== undefined && (!hasLimitPrice(type) || price !== undefined) && (!hasStopPrice(type) || stop !== undefined);
  const clean = complete && Object.keys(errors).length === 0;
  return {
    errors,
    priceTicks: price,
    stopTicks: stop,
    qtyLots: lots,
    notionalUnits,
    notionalAt,
    request: clean
      ? {
          venue: instrument.venue,
          symbol: instrument.symbol,
          side,
          orderType: type,
          price: price ?? 0,
          qty: lots,
          tif: input.tif,
          ...(stop !== undefined ? { stopPrice: stop } : {}),
          ...trail,
          ...(input.postOnly === true ? { postOnly: true } : {}),
          ...(input.reduceOnly === true ? { reduceOnly: true } : {}),
          ...(takeProfit ? { trigger: 'take_profit' as const } : {}),
          ...bracket,
        }
      : undefined,
  };
}

/** A stop at or through the last trade would trigger the moment it arrives: the venue refuses it. */
function stopProblem(instrument: Instrument, side: Side, stop: number, last: number | undefined, takeProfit: boolean): string | undefined {
  if (last === undefined) return undefined;
  if (takeProfit) {
    // A take-profit triggers the other way: a sell once the price rises to it, a buy once it falls to it.
    if (side === 'sell' && stop <= last) return `A sell take-profit must be above the last trade (${formatPrice(instrument, last)})`;
    if (side === 'buy' && stop >= last) return `A buy take-profit must be below the last trade (${formatPrice(instrument, last)})`;
    return undefined;
  }
  if (side === 'buy' && stop <= last) return `A buy stop must be above the last trade (${formatPrice(instrument, last)})`;
  if (side === 'sell' && stop >= last) return `A sell stop must be below the last trade (${formatPrice(instrument, last)})`;
  return undefined;
}

function postOnlyProblem(type: OrderType, tif: TimeInForce): string | undefined {
  if (type !== 'limit') return 'Post-only needs a limit order';
  if (tif !== 'GTC') return `Post-only needs GTC: ${tif} would take liquidity`;
  return undefined;
}

/** A trailing stop's distance: exactly one of an amount on the tick grid and a percent in whole basis points. */
function checkTrail(instrument: Instrument, input: TicketInput, errors: TicketCheck['errors']): { trailAmount?: number; trailBps?: number } {
  const amountText = (input.trailAmountText ?? '').trim();
  const percentText = (input.trailPercentText ?? '').trim();
  if (amountText === '' && percentText === '') {
    errors.trail = 'Enter a trail amount or a trail percent';
    return {};
  }
  if (amountText !== '' && percentText !== '') {
    errors.trail = 'Enter a trail amount or a trail percent, not both';
    return {};
  }
  if (amountText !== '') {
    const amount = parseOnGrid(amountText, 'trail amount', formatDecimal(instrument.tick), (text) => priceToTicks(instrument, text));
    if (typeof amount === 'string') errors.trail = amount;
    return typeof amount === 'number' ? { trailAmount: amount } : {};
  }
  const bps = parseOnGrid(percentText, 'trail percent', '0.01', (text) => unitsOf(parseDecimal(text), BASIS_POINT));
  if (typeof bps === 'string') errors.trail = bps;
  else if (bps >= 10_000) errors.trail = 'Trail percent must be below 100';
  else return { trailBps: bps };
  return {};
}

/** Take-profit beyond the entry, stop-loss behind it (for a buy: above and below), never on a reduce-only order. */
function checkBracket(
  input: TicketInput,
  errors: TicketCheck['errors'],
  onTick: (text: string, what: string, field: TicketField) => number | undefined,
  entry: number | undefined,
): { takeProfit?: number; stopLoss?: number } {
  const tpText = (input.takeProfitText ?? '').trim();
  const slText = (input.stopLossText ?? '').trim();
  if (tpText === '' && slText === '') return {};
  if (input.reduceOnly === true) errors.reduceOnly = 'A reduce-only order cannot carry a take-profit or stop-loss';
  const tp = tpText === '' ? undefined : onTick(tpText, 'take-profit', 'takeProfit');
  const sl = slText === '' ? undefined : onTick(slText, 'stop-loss', 'stopLoss');
  const buy = input.side === 'buy';
  const beyond = (a: number, b: number): boolean => (buy ? a > b : a < b);
  const entryText = entry === undefined ? '' : formatPrice(input.instrument, entry);
  if (tp !== undefined && entry !== undefined && !beyond(tp, entry)) errors.takeProfit = `Take-profit must be ${buy ? 'above' : 'below'} the entry (${entryText})`;
  if (sl !== undefined && entry !== undefined && !beyond(entry, sl)) errors.stopLoss = `Stop-loss must be ${buy ? 'below' : 'above'} the entry (${entryText})`;
  if (tp !== undefined && sl !== undefined && !beyond(tp, sl) && errors.takeProfit === undefined) {
    errors.takeProfit = `Take-profit must be ${buy ? 'above' : 'below'} the stop-loss`;
  }
  return { ...(tp !== undefined ? { takeProfit: tp } : {}), ...(sl !== undefined ? { stopLoss: sl } : {}) };
}

/** The count of grid steps in `text`, or the reason it is not one. */
function parseOnGrid(text: string, what: string, step: string, toUnits: (text: string) => number | undefined): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return `Enter a ${what}`;
  if (!PLAIN_NUMBER.test(trimmed)) return `Not a ${what}: use digits and a point`;
  const units = toUnits(trimmed);
  if (units === undefined) return `${capitalise(what)} must be a multiple of ${step}`;
  if (units <= 0) return `${capitalise(what)} must be above 0`;
  if (!Number.isSafeInteger(units)) return `${capitalise(what)} is too large`;
  return units;
}

/** A price typed for an amend: ticks, or the reason it is not one. */
export function parsePrice(instrument: Instrument, text: string, what = 'price'): number | string {
  return parseOnGrid(text, what, formatDecimal(instrument.tick), (value) => priceToTicks(instrument, value));
}

/** A quantity typed for an amend: lots, or the reason it is not one. */
export function parseQty(instrument: Instrument, text: string): number | string {
  return parseOnGrid(text, 'quantity', formatDecimal(instrument.lot), (value) => qtyToLots(instrument, value));
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
