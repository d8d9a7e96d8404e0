/**
 * Amends of live orders, one at a time per order, as each market does them. Spot: a cancel-replace (order-replace.ts)
 * — a new Binance order under a new client id that takes over from the old one. USD-M futures: `PUT /fapi/v1/order`
 * — the same order, its price and quantity changed in place (limit orders only). Either way the order keeps its id on
 * the bus, and a lost answer is never sent again: the order's status becomes unknown and a query (and the user
 * stream) tells whether the amend took effect. Pure; requests and reports leave through the host.
 */
import type { Outgoing } from '../../../core/worker-core.js';
import type { AmendOrder } from '../../../protocol/messages.js';
import type { BinanceOrder } from './binance-trade-types.js';
import type { ClientOrderIds } from './client-order-id.js';
import { futuresModify } from './futures-order-params.js';
import type { LiveOrder } from './live-order.js';
import type { OrderLedger } from './order-ledger.js';
import { REPLACE_HALF_DONE, replacementOf } from './order-replace.js';
import type { TradeDialect } from './trade-dialect.js';
import type { TradeOutcome, TradeRequest } from './trade-requests.js';
import { refusalText, statusReport } from './venue-reports.js';
import { parseOrder } from './wire-parse.js';

/** What amends need of the live-orders core. */
export interface AmendHost {
  readonly ids: ClientOrderIds;
  readonly dialect: TradeDialect;
  readonly counts: { amends: number; amends_refused: number };
  request(request: TradeRequest, busId: string | undefined, now: number): void;
  /** Sends a `RequestRejected` of an amend to `peer`. */
  refuse(peer: string, order: { venue: string; symbol: string; clientOrderId: string; strategyId: string }, reason: string, now: number): void;
  markUnknown(order: LiveOrder, request: 'amend', reason: string, now: number): void;
  /** Next query of an order whose status is unknown, µs. */
  readonly checkEveryUs: number;
}

function why(outcome: Exclude<TradeOutcome, { kind: 'ok' }>): string {
  return outcome.kind === 'unknown' ? outcome.reason : outcome.msg;
}

export class OrderAmends {
  constructor(
    private readonly host: AmendHost,
    private readonly ledger: OrderLedger,
  ) {}

  /** An AmendOrder for `order` (undefined: not known here). */
  amend(peer: string, order: LiveOrder | undefined, command: AmendOrder, now: number): void {
    const refuse = (reason: string) => {
      this.host.counts.amends_refused++;
      this.host.refuse(peer, command, reason, now);
    };
    if (order === undefined) return refuse('unknown order');
    if (this.host.dialect.amendRefusal !== undefined) return refuse(this.host.dialect.amendRefusal);
    if (order.phase === 'done') return refuse('the order is done');
    if (order.phase !== 'open' && order.phase !== 'held') return refuse('the order is not confirmed by Binance yet: try again in a moment');
    if (order.replacing !== undefined || order.modifying !== undefined) return refuse('an amend of this order is under way');
    if (this.host.dialect.amend === 'modify') return this.modify(order, command, refuse, now);
    const replacement = replacementOf(order, command, order.instrument, this.host.ids);
    if (typeof replacement === 'string') return refuse(replacement);
    if (order.phase === 'held') return this.amendHeld(order, replacement.command.price, replacement.command.qty, replacement.command.stopPrice, refuse, now);
    this.host.counts.amends++;
    order.replacing = replacement;
    this.ledger.alias(replacement.venueId, order);
    this.host.request({ kind: 'replace', symbol: order.command.symbol, clientId: replacement.venueId, params: replacement.params }, order.busId, now);
  }

  private modify(order: LiveOrder, command: AmendOrder, refuse: (reason: string) => void, now: number): void {
    const terms = futuresModify(order, command, order.instrument);
    if (typeof terms === 'string') return refuse(terms);
    if (order.phase === 'held') return this.amendHeld(order, terms.price, terms.qty, undefined, refuse, now);
    this.host.counts.amends++;
    order.modifying = { price: terms.price, qty: terms.qty };
    this.host.request({ kind: 'modify', symbol: order.command.symbol, clientId: order.venueId, params: terms.params }, order.busId, now);
  }

  /** Not sent yet: it simply leaves with its new terms. */
  private amendHeld(order: LiveOrder, price: number, qty: number, stopPrice: number | undefined, refuse: (reason: string) => void, now: number): void {
    const command = { ...order.command, price, qty, ...(stopPrice !== undefined && stopPrice > 0 ? { stopPrice } : {}) };
    const params = this.host.dialect.newOrderParams(command, order.instrument, order.venueId);
    if (typeof params === 'string') return refuse(params);
    order.command = command;
    order.params = params;
    order.bus = { ...order.bus, qty };
    this.ledger.reportAmended(order, 'amended before it was sent', now);
  }

  /** Futures: the answer to a modify. */
  onModified(order: LiveOrder, outcome: TradeOutcome, now: number): void {
    const terms = order.modifying;
    if (outcome.kind === 'ok') {
      const listed = parseOrder(outcome.body);
      if (typeof listed === 'string') return this.host.markUnknown(order, 'amend', `an answer that could not be read (${listed})`, now);
      if (terms !== undefined) this.ledger.applyModified(order, listed.price, listed.origQty, now);
      return this.ledger.applyOrder(order, listed, now);
    }
    if (terms === undefined) return; // the stream settled it first
    if (outcome.kind === 'refused') {
      order.modifying = undefined;
      return this.host.refuse(order.peer, order.bus, refusalText(this.host.dialect.refusedBy ?? 'Binance', outcome.code, outcome.msg), now);
    }
    this.host.markUnknown(order, 'amend', why(outcome), now);
  }

  /** Futures: a query of an order whose modify's answer was lost. The venue's terms say whether it took effect. */
  onModifyQueried(order: LiveOrder, listed: BinanceOrder, now: number): void {
    if (order.modifying === undefined) return;
    if (this.ledger.applyModified(order, listed.price, listed.origQty, now)) return;
    order.modifying = undefined;
    this.host.refuse(order.peer, order.bus, `the amend did not reach ${this.host.dialect.name}; the order is as it was`, now);
  }

  /** Spot: the answer to a cancel-replace. */
  onReplaced(order: LiveOrder, outcome: TradeOutcome, now: number): void {
    if (outcome.kind === 'ok') {
      const placed = parseOrder((outcome.body as { newOrderResponse?: unknown }).newOrderResponse);
      if (typeof placed === 'string') return;
      this.ledger.completeReplace(order, String(placed.orderId), now);
      return this.ledger.applyOrder(order, placed, now);
    }
    const replacement = order.replacing;
    if (replacement === undefined) return; // the stream settled it first
    if (outcome.kind === 'refused' && outcome.code === REPLACE_HALF_DONE) {
      // Canceled, not replaced: the order has ended.
      order.replacing = undefined;
      order.phase = 'done';
      return this.ledger.report(order, statusReport(order.bus, order.venueOrderId, 'canceled', order.filledLots, `amend failed after the cancel: ${outcome.msg}`, now) as Outgoing);
    }
    if (outcome.kind === 'refused') {
      order.replacing = undefined;
      this.ledger.alias(replacement.venueId, undefined);
      return this.host.refuse(order.peer, order.bus, refusalText(this.host.dialect.refusedBy ?? 'Binance', outcome.code, outcome.msg), now);
    }
    // The old order may be canceled and the new one placed: found out by query and stream, never sent again.
    this.host.markUnknown(order, 'amend', why(outcome), now);
  }

  /** Spot: a cancel-replace whose answer was lost. Is the new order there? If not, the old one tells how things stand. */
  onReplacementQueried(order: LiveOrder, outcome: TradeOutcome, now: number): void {
    order.checking = false;
    if (outcome.kind === 'ok') {
      const listed = parseOrder(outcome.body);
      if (typeof listed !== 'string') {
        this.ledger.completeReplace(order, String(listed.orderId), now);
        return this.ledger.applyOrder(order, listed, now);
      }
    }
    if (outcome.kind === 'refused' && outcome.code === -2013) {
      // No new order: Binance cancels first and stops on failure, so the replace did not happen.
      const replacement = order.replacing!;
      order.replacing = undefined;
      this.ledger.alias(replacement.venueId, undefined);
      this.host.refuse(order.peer, order.bus, 'the amend did not reach Binance; the order is as it was', now);
    }
    order.nextCheckAt = now + this.host.checkEveryUs; // the old order is queried next (or the new one again, on no answer)
  }
}
