/**
 * The order ticket's fields and their check. The check is derived, so a reason appears next to its field as the
 * user types; "required" reasons (an empty field) wait until the user tries to send.
 */
import { formatPrice, formatQty, type Instrument } from '../../../workers/core/instrument.js';
import type { OrderType, Side, TimeInForce } from '../../../workers/protocol/messages.js';
import { checkTicket, hasLimitPrice, ORDER_TYPES, stepPrice, stepQty, type TicketCheck, type TicketField } from '../ticket/ticket-check.js';

/** What the ticket needs from the rest of the terminal. */
export interface TicketContext {
  instrument(): Instrument | undefined;
  /** Best bid and ask of the selected instrument, ticks. */
  touch(): { bid: number | undefined; ask: number | undefined };
  /** Last trade price of the selected instrument, ticks. */
  last(): number | undefined;
  /** The venue accounts the selected instrument can trade in (a live one's configured accounts; none otherwise). */
  accounts(): readonly string[];
}

export type OrderKind = OrderType;

/** The price field the price keys move: the limit price, or a stop's trigger price. */
export type PriceField = 'price' | 'stop';

export class TicketStore {
  side = $state<Side>('buy');
  orderType = $state<OrderKind>('limit');
  priceText = $state('');
  stopText = $state('');
  trailAmountText = $state('');
  trailPercentText = $state('');
  qtyText = $state('');
  tif = $state<TimeInForce>('GTC');
  postOnly = $state(false);
  reduceOnly = $state(false);
  takeProfitText = $state('');
  stopLossText = $state('');
  /** A saved bracket template whose exits arm on the order's fill; '' for none. Kept after sending, like the TIF. */
  exitTemplate = $state('');
  /** Lots per quantity step (+ and -). */
  stepLots = $state(1);
  /** Counts quantity steps by key, so the field can select its text: digits typed next replace the quantity. */
  qtyStepped = $state(0);
  /** Set when the user tried to send: from then on empty fields say so too. */
  attempted = $state(false);
  /** The venue account picked for live instruments; '' or a name no longer configured means the default (first). */
  account = $state('');
  /** A stop triggering the other way (take-profit): offered, and sent, for live instruments only. */
  takeProfitTrigger = $state(false);

  readonly #context: TicketContext;

  constructor(context: TicketContext) {
    this.#context = context;
  }

  /** The check of the fields as they stand; undefined until the instrument is known. */
  readonly check: TicketCheck | undefined = $derived.by(() => {
    const instrument = this.#context.instrument();
    if (instrument === undefined) return undefined;
    const touch = this.#context.touch();
    const last = this.#context.last();
    return checkTicket({
      instrument,
      side: this.side,
      orderType: this.orderType,
      priceText: this.priceText,
      qtyText: this.qtyText,
      tif: this.tif,
      stopText: this.stopText,
      trailAmountText: this.trailAmountText,
      trailPercentText: this.trailPercentText,
      postOnly: this.postOnly,
      reduceOnly: this.reduceOnly,
      takeProfitText: this.takeProfitText,
      stopLossText: this.stopLossText,
      referencePrice: (this.side === 'buy' ? touch.ask : touch.bid) ?? last,
      lastPrice: last,
      takeProfitTrigger: this.takeProfitTrigger && this.#context.accounts().length > 0,
    });
  });

  /** The field the price keys and the ladder's cursor follow, if the order type has one. */
  get priceField(): PriceField | undefined {
    if (hasLimitPrice(this.orderType)) return 'price';
    return this.orderType === 'stop' ? 'stop' : undefined;
  }

  /** The price (ticks) of `priceField` as it parses, for the ladder's cursor. */
  get cursorPrice(): number | undefined {
    const field = this.priceField;
    return field === 'price' ? this.check?.priceTicks : field === 'stop' ? this.check?.stopTicks : undefined;
  }

  /** The reason to show next to `field`, if any. */
  errorFor(field: TicketField): string | undefined {
    const error = this.check?.errors[field];
    if (error === undefined) return undefined;
    return this.#isEmpty(field) && !this.attempted ? undefined : error;
  }

  /** Starts afresh for a newly selected instrument: one step of quantity, the price at the touch when known. */
  reset(instrument: Instrument): void {
    this.qtyText = formatQty(instrument, this.stepLots);
    this.priceText = '';
    this.stopText = '';
    this.trailAmountText = '';
    this.trailPercentText = '';
    this.clearBracket();
    this.attempted = false;
    this.fillPriceIfEmpty();
  }

  /** Forgets the take-profit and stop-loss: they belong to one order, never silently to the next. */
  clearBracket(): void {
    this.takeProfitText = '';
    this.stopLossText = '';
  }

  /** The account a live order goes to, or undefined for an instrument without venue accounts (sim, paper). */
  get venueAccount(): string | undefined {
    const accounts = this.#context.accounts();
    if (accounts.length === 0) return undefined;
    return accounts.includes(this.account) ? this.account : accounts[0];
  }

  /** The next (or, with -1, previous) venue account; nothing for an instrument without several. */
  cycleAccount(direction: 1 | -1): void {
    const accounts = this.#context.accounts();
    if (accounts.length < 2) return;
    const index = Math.max(0, accounts.indexOf(this.venueAccount ?? ''));
    this.account = accounts[(index + direction + accounts.length) % accounts.length] ?? '';
  }

  /** The next (or, with -1, previous) order type. */
  cycleType(direction: 1 | -1): void {
    const index = ORDER_TYPES.indexOf(this.orderType);
    this.orderType = ORDER_TYPES[(index + direction + ORDER_TYPES.length) % ORDER_TYPES.length] ?? 'limit';
  }

  /** Puts the touch (bid for a buy, ask for a sell) into an empty price field. */
  fillPriceIfEmpty(): void {
    if (this.priceText !== '') return;
    const instrument = this.#context.instrument();
    const price = this.#touchOrLast();
    if (instrument !== undefined && price !== undefined) this.priceText = formatPrice(instrument, price);
  }

  setPrice(ticks: number): void {
    const instrument = this.#context.instrument();
    if (instrument !== undefined && ticks > 0) this.priceText = formatPrice(instrument, ticks);
  }

  setStopPrice(ticks: number): void {
    const instrument = this.#context.instrument();
    if (instrument !== undefined && ticks > 0) this.stopText = formatPrice(instrument, ticks);
  }

  /** Moves the price the keys follow `ticks` ticks (from the touch if the field is empty or unreadable). */
  stepPrice(ticks: number): void {
    const instrument = this.#context.instrument();
    const field = this.priceField ?? 'price';
    if (instrument === undefined) return;
    const next = stepPrice(instrument, field === 'stop' ? this.stopText : this.priceText, ticks, this.#touchOrLast());
    if (next === undefined) return;
    if (field === 'stop') this.setStopPrice(next);
    else this.setPrice(next);
  }

  priceToTouch(which: 'bid' | 'ask'): void {
    const price = this.#context.touch()[which];
    if (price === undefined) return;
    if (this.priceField === 'stop') this.setStopPrice(price);
    else this.setPrice(price);
  }

  stepQty(steps: number): void {
    const instrument = this.#context.instrument();
    if (instrument === undefined) return;
    this.qtyText = formatQty(instrument, stepQty(instrument, this.qtyText, steps, Math.max(1, this.stepLots)));
    this.qtyStepped += 1;
  }

  /** Bid for a buy, ask for a sell, else the other side, else the last trade. */
  #touchOrLast(): number | undefined {
    const touch = this.#context.touch();
    return (this.side === 'buy' ? touch.bid : touch.ask) ?? touch.bid ?? touch.ask ?? this.#context.last();
  }

  /** True if the field's reason is only that it is empty (shown once the user tried to send). */
  #isEmpty(field: TicketField): boolean {
    switch (field) {
      case 'price':
        return this.priceText.trim() === '';
      case 'stopPrice':
        return this.stopText.trim() === '';
      case 'qty':
        return this.qtyText.trim() === '';
      case 'trail':
        return this.trailAmountText.trim() === '' && this.trailPercentText.trim() === '';
      default:
        return false;
    }
  }
}
