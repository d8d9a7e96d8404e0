/**
 * The order ticket's fields and their check. The check is derived, so a reason appears next to its field as the
 * user types; "required" reasons (an empty field) wait until the user tries to send.
 */
import { formatPrice, formatQty, type Instrument } from '../../../workers/core/instrument.js';
import type { Side, TimeInForce } from '../../../workers/protocol/messages.js';
import { checkTicket, stepPrice, stepQty, type TicketCheck, type TicketField } from '../ticket/ticket-check.js';

/** What the ticket needs from the rest of the terminal. */
export interface TicketContext {
  instrument(): Instrument | undefined;
  /** Best bid and ask of the selected instrument, ticks. */
  touch(): { bid: number | undefined; ask: number | undefined };
  /** Last trade price of the selected instrument, ticks. */
  last(): number | undefined;
}

export type OrderKind = 'market' | 'limit';

export class TicketStore {
  side = $state<Side>('buy');
  orderType = $state<OrderKind>('limit');
  priceText = $state('');
  qtyText = $state('');
  tif = $state<TimeInForce>('GTC');
  /** Lots per quantity step (+ and -). */
  stepLots = $state(1);
  /** Counts quantity steps by key, so the field can select its text: digits typed next replace the quantity. */
  qtyStepped = $state(0);
  /** Set when the user tried to send: from then on empty fields say so too. */
  attempted = $state(false);

  readonly #context: TicketContext;

  constructor(context: TicketContext) {
    this.#context = context;
  }

  /** The check of the fields as they stand; undefined until the instrument is known. */
  readonly check: TicketCheck | undefined = $derived.by(() => {
    const instrument = this.#context.instrument();
    if (instrument === undefined) return undefined;
    const touch = this.#context.touch();
    return checkTicket({
      instrument,
      side: this.side,
      orderType: this.orderType,
      priceText: this.priceText,
      qtyText: this.qtyText,
      tif: this.tif,
      referencePrice: (this.side === 'buy' ? touch.ask : touch.bid) ?? this.#context.last(),
    });
  });

  /** The reason to show next to `field`, if any. */
  errorFor(field: TicketField): string | undefined {
    const error = this.check?.errors[field];
    if (error === undefined) return undefined;
    const empty = field === 'price' ? this.priceText.trim() === '' : field === 'qty' ? this.qtyText.trim() === '' : false;
    return empty && !this.attempted ? undefined : error;
  }

  /** Starts afresh for a newly selected instrument: one step of quantity, the price at the touch when known. */
  reset(instrument: Instrument): void {
    this.qtyText = formatQty(instrument, this.stepLots);
    this.priceText = '';
    this.attempted = false;
    this.fillPriceIfEmpty();
  }

  /** Puts the touch (bid for a buy, ask for a sell) into an empty price field. */
  fillPriceIfEmpty(): void {
    if (this.priceText !== '') return;
    const instrument = this.#context.instrument();
    const touch = this.#context.touch();
    const price = (this.side === 'buy' ? touch.bid : touch.ask) ?? touch.bid ?? touch.ask ?? this.#context.last();
    if (instrument !== undefined && price !== undefined) this.priceText = formatPrice(instrument, price);
  }

  setPrice(ticks: number): void {
    const instrument = this.#context.instrument();
    if (instrument !== undefined && ticks > 0) this.priceText = formatPrice(instrument, ticks);
  }

  /** Moves the price `ticks` ticks (from the touch if the field is empty or unreadable). */
  stepPrice(ticks: number): void {
    const instrument = this.#context.instrument();
    if (instrument === undefined) return;
    const touch = this.#context.touch();
    const fallback = (this.side === 'buy' ? touch.bid : touch.ask) ?? touch.bid ?? touch.ask ?? this.#context.last();
    const next = stepPrice(instrument, this.priceText, ticks, fallback);
    if (next !== undefined) this.setPrice(next);
  }

  priceToTouch(which: 'bid' | 'ask'): void {
    const price = this.#context.touch()[which];
    if (price !== undefined) this.setPrice(price);
  }

  stepQty(steps: number): void {
    const instrument = this.#context.instrument();
    if (instrument === undefined) return;
    this.qtyText = formatQty(instrument, stepQty(instrument, this.qtyText, steps, Math.max(1, this.stepLots)));
    this.qtyStepped += 1;
  }
}
