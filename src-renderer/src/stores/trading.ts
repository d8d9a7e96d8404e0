/**
 * The user's trading actions, shared by keys, buttons, the ladder and the chart: each checks what it can, asks for
 * confirmation where it must (orders above `confirmQty`, the kill switch), and sends one command.
 */
import { formatQty, type Instrument } from '../../../workers/core/instrument.js';
import { templateFields, type BracketTemplate } from '../../../workers/core/exits/templates.js';
import type { AmendRequest, ExitRow, OrderRow } from '../../../workers/protocol/channels.js';
import type { ParamValue, Side } from '../../../workers/protocol/messages.js';
import { levelOf, moveTo } from '../model/order-level.js';
import { describeOrder } from '../model/describe-order.ts';
import { confirmThreshold, formatNotional, type TicketField } from '../ticket/ticket-check.js';
import type { Terminal } from './terminal.svelte.ts';

/**
 * How an order from a key, the ladder or the ticket is priced: as the ticket says (a market ticket becomes a limit
 * one), at market, a limit at a price, or a stop triggering at a price.
 */
export type Pricing = { kind: 'ticket' } | { kind: 'market' } | { kind: 'at'; price: number } | { kind: 'stopAt'; price: number };

/** How long a move waits for the host's word before the next move starts from the order's shown price again. */
const MOVE_MEMORY_MS = 2_000;
/** The order in which a refused ticket's reasons are reported (the first one goes to the log). */
const FIELD_ORDER: readonly TicketField[] = ['qty', 'price', 'stopPrice', 'trail', 'postOnly', 'reduceOnly', 'takeProfit', 'stopLoss', 'notional'];

export class Trading {
  readonly #terminal: Terminal;
  /** The level each order was last moved to and when: repeated moves build on it before the host has answered. */
  readonly #moves = new Map<string, { price: number; at: number }>();

  constructor(terminal: Terminal) {
    this.#terminal = terminal;
  }

  /**
   * Sends an order for the ticket's quantity (and TIF, flags, bracket) on the selected instrument. A refused ticket
   * shows its reasons and sends nothing. `confirm` forces the question even below the threshold.
   */
  async order(side: Side, pricing: Pricing, options: { confirm?: boolean } = {}): Promise<boolean> {
    const { ticket } = this.#terminal;
    const instrument = this.#terminal.instrument;
    if (instrument === undefined) return false;
    ticket.side = side;
    if (pricing.kind === 'market') ticket.orderType = 'market';
    else if (pricing.kind === 'at') {
      ticket.orderType = 'limit';
      ticket.setPrice(pricing.price);
    } else if (pricing.kind === 'stopAt') {
      ticket.orderType = 'stop';
      ticket.setStopPrice(pricing.price);
    } else if (ticket.orderType === 'market') ticket.orderType = 'limit';
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
    if (request === undefined) {
      // The ticket shows why next to each field; the log says it too, for orders sent from the ladder or a key.
      const reason = FIELD_ORDER.map((field) => ticket.errorFor(field)).find((text) => text !== undefined);
      if (reason !== undefined) this.#terminal.log.append('ui', 'warn', `order not sent: ${reason}`);
      return false;
    }
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
    const bracket = ticket.exitTemplate === '' ? undefined : ticket.exitTemplate;
    // A live instrument's order names the venue account the ticket shows; sim and paper orders have none.
    const account = ticket.venueAccount;
    const order = account === undefined ? request : { ...request, account };
    const sent = this.#terminal.send(bracket === undefined ? { channel: 'submitOrder', ...order } : { channel: 'submitOrder', ...order, bracket });
    if (sent && (request.takeProfit !== undefined || request.stopLoss !== undefined)) ticket.clearBracket();
    return sent;
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

  /** Moves a working order's level (limit price, or a waiting stop's trigger) to `price`, by an amend. */
  move(order: OrderRow, price: number): void {
    const amend = moveTo(order, price);
    if (amend === undefined) return;
    const now = Date.now();
    for (const [id, moved] of this.#moves) if (now - moved.at >= MOVE_MEMORY_MS) this.#moves.delete(id);
    this.#moves.set(order.clientOrderId, { price, at: now });
    this.amend(amend);
  }

  /** Moves the newest working order of the instrument that has a level by `ticks`. */
  moveNewest(ticks: number): void {
    for (const order of this.#workingHere()) {
      const level = levelOf(order);
      if (level === undefined) continue;
      // Keys pressed faster than the host answers build on the level asked for, not the one still shown.
      const moved = this.#moves.get(order.clientOrderId);
      const from = moved !== undefined && Date.now() - moved.at < MOVE_MEMORY_MS ? moved.price : level.price;
      this.move(order, from + ticks);
      return;
    }
  }

  /** Opens the Orders panel's editor on the instrument's newest working order. */
  editNewest(): void {
    const newest = this.#workingHere()[0];
    if (newest !== undefined) this.#terminal.orders.editing = newest.clientOrderId;
  }

  /** Changes a working order: new limit price, total quantity or trigger price. */
  amend(request: AmendRequest): boolean {
    return this.#terminal.send({ channel: 'amendOrder', ...request });
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

  /** Re-arms the circuit breaker after a trip: the user, not a machine, decides the danger has passed. */
  rearmBreaker(): void {
    this.#terminal.send({ channel: 'rearmBreaker' });
  }

  /** Protects the position of `owner` (`manual`: the user's) in the instrument with a saved template's exits. */
  protect(venue: string, symbol: string, owner: string, template: BracketTemplate): boolean {
    return this.#terminal.send({ channel: 'setExitPlan', venue, symbol, owner, plan: templateFields(template) });
  }

  /** Moves an exit plan's stop to `price` ticks (its line dragged on the chart). */
  moveExitStop(exit: Pick<ExitRow, 'venue' | 'symbol' | 'owner'>, price: number): boolean {
    return this.#terminal.send({ channel: 'moveExitStop', venue: exit.venue, symbol: exit.symbol, owner: exit.owner, stopPrice: price });
  }

  /** Drops an owner's exit plan in the instrument and cancels its exit orders; the position stays. */
  clearExits(exit: Pick<ExitRow, 'venue' | 'symbol' | 'owner'>): boolean {
    return this.#terminal.send({ channel: 'clearExitPlan', venue: exit.venue, symbol: exit.symbol, owner: exit.owner });
  }

  /** Sends a venue API key to the host once (it goes to the OS key store; the window keeps no copy). */
  saveKey(key: { account: string; network: 'testnet' | 'live'; apiKey: string; secret: string; confirmLive?: boolean }): boolean {
    return this.#terminal.send({ channel: 'saveKey', ...key });
  }

  deleteKey(account: string, network: 'testnet' | 'live'): boolean {
    return this.#terminal.send({ channel: 'deleteKey', account, network });
  }

  saveBracket(template: BracketTemplate): boolean {
    return this.#terminal.send({ channel: 'saveBracket', template });
  }

  deleteBracket(name: string): boolean {
    return this.#terminal.send({ channel: 'deleteBracket', name });
  }

  setStrategy(id: string, enabled: boolean): void {
    this.#terminal.send({ channel: 'setStrategy', id, enabled });
  }

  /** Runs, pauses (orders and state kept, no data seen) or stops (orders canceled) a strategy instance. */
  setStrategyState(id: string, state: 'running' | 'paused' | 'stopped'): boolean {
    return this.#terminal.send({ channel: 'setStrategyState', id, state });
  }

  /** Sends new values of some of a strategy's parameters (already checked against its schema by the editor). */
  setStrategyParams(id: string, params: Record<string, ParamValue>): boolean {
    return this.#terminal.send({ channel: 'setStrategyParams', id, params });
  }

  #workingHere(): OrderRow[] {
    const instrument = this.#terminal.instrument;
    return instrument === undefined ? [] : this.#terminal.orders.workingOf(instrument.venue, instrument.symbol);
  }
}
