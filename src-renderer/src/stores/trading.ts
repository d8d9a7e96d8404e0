/**
 * The user's trading actions, shared by keys, buttons, the ladder and the chart: each checks what it can, asks for
 * confirmation where it must (orders above `confirmQty`, the kill switch), and sends one command.
 */
import { formatPrice, formatQty, type Instrument } from '../../../workers/core/instrument.js';
import type { OrderRequest, OrderRow } from '../../../workers/protocol/channels.js';
import type { Side } from '../../../workers/protocol/messages.js';
import { confirmThreshold, formatNotional } from '../ticket/ticket-check.js';
import type { Terminal } from './terminal.svelte.ts';

/** How an order from a key, the ladder or the ticket is priced. */
export type Pricing = { kind: 'ticket' } | { kind: 'market' } | { kind: 'at'; price: number };

export class Trading {
  readonly #terminal: Terminal;

  constructor(terminal: Terminal) {
    this.#terminal = terminal;
  }

  /**
   * Sends an order for the ticket's quantity (and TIF) on the selected instrument. A refused ticket shows its reasons
   * and sends nothing. `confirm` forces the question even below the threshold (Shift+click on the ladder).
   */
  async order(side: Side, pricing: Pricing, options: { confirm?: boolean } = {}): Promise<boolean> {
    const { ticket } = this.#terminal;
    const instrument = this.#terminal.instrument;
    if (instrument === undefined) return false;
    ticket.side = side;
    if (pricing.kind === 'market') ticket.orderType = 'market';
    else ticket.orderType = 'limit';
    if (pricing.kind === 'at') ticket.setPrice(pricing.price);
    return this.sendTicket(options);
  }

  /** Sends what the ticket says, if it passes its checks. */
  async sendTicket(options: { confirm?: boolean } = {}): Promise<boolean> {
    const { ticket } = this.#terminal;
    const instrument = this.#terminal.instrument;
    if (instrument === undefined) return false;
    ticket.attempted = true;
    const check = ticket.check;
    const request = check?.request;
    if (request === undefined) return false;
    const limit = confirmThreshold(this.#terminal.session.confirmQty, instrument);
    const large = limit !== undefined && request.qty > limit;
    if (large || options.confirm === true) {
      const ok = await this.#terminal.confirm.ask({
        title: large ? 'Large order' : 'Confirm order',
        message: `${describeOrder(instrument, request)}${check?.notionalUnits !== undefined ? `, about ${formatNotional(instrument, check.notionalUnits)}` : ''}${large ? ` — above the ${formatQty(instrument, limit)} that needs confirming` : ''}.`,
        confirmLabel: `${request.side === 'buy' ? 'Buy' : 'Sell'} ${formatQty(instrument, request.qty)}`,
        danger: large,
      });
      if (!ok) return false;
    }
    // What is sent is what was checked and confirmed, even if the fields changed while the question was open.
    ticket.attempted = false;
    return this.#terminal.send({ channel: 'submitOrder', ...request });
  }

  cancel(order: Pick<OrderRow, 'clientOrderId'>): void {
    this.#terminal.send({ channel: 'cancelOrder', clientOrderId: order.clientOrderId });
  }

  /** Cancels the selected instrument's most recently changed working order. */
  cancelNewest(): void {
    const newest = this.#workingHere()[0];
    if (newest !== undefined) this.cancel(newest);
  }

  cancelAll(): void {
    const instrument = this.#terminal.instrument;
    if (instrument !== undefined) this.#terminal.send({ channel: 'cancelAll', venue: instrument.venue, symbol: instrument.symbol });
  }

  move(order: Pick<OrderRow, 'clientOrderId' | 'price'>, price: number): void {
    if (price <= 0 || price === order.price) return;
    this.#terminal.send({ channel: 'moveOrder', clientOrderId: order.clientOrderId, price });
  }

  /** Moves the newest working limit order of the instrument by `ticks`. */
  moveNewest(ticks: number): void {
    const newest = this.#workingHere().find((order) => order.orderType === 'limit');
    if (newest !== undefined) this.move(newest, newest.price + ticks);
  }

  flatten(venue?: string, symbol?: string): void {
    const instrument = this.#terminal.instrument;
    const target = venue !== undefined && symbol !== undefined ? { venue, symbol } : instrument;
    if (target !== undefined) this.#terminal.send({ channel: 'flatten', venue: target.venue, symbol: target.symbol });
  }

  async killSwitch(): Promise<void> {
    const ok = await this.#terminal.confirm.ask({
      title: 'Kill switch',
      message: 'Cancel every working order and halt all trading? Nothing trades again until you resume.',
      confirmLabel: 'Halt trading',
      danger: true,
    });
    if (ok) this.#terminal.send({ channel: 'killSwitch' });
  }

  resume(): void {
    this.#terminal.send({ channel: 'resumeTrading' });
  }

  setStrategy(id: string, enabled: boolean): void {
    this.#terminal.send({ channel: 'setStrategy', id, enabled });
  }

  #workingHere(): OrderRow[] {
    const instrument = this.#terminal.instrument;
    return instrument === undefined ? [] : this.#terminal.orders.workingOf(instrument.venue, instrument.symbol);
  }
}

/** "Buy 0.010 BTC-USD at 64000.5 (limit, GTC)". */
export function describeOrder(instrument: Instrument, request: OrderRequest): string {
  const side = request.side === 'buy' ? 'Buy' : 'Sell';
  const price = request.orderType === 'limit' ? `at ${formatPrice(instrument, request.price)}` : 'at market';
  return `${side} ${formatQty(instrument, request.qty)} ${request.symbol} ${price} (${request.orderType}, ${request.tif})`;
}
