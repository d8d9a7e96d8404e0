/** One order of the live-orders core: its bus identity, its Binance ids and where it is in its life. */
import type { Instrument } from '../../../core/instrument.js';
import type { Outgoing } from '../../../core/worker-core.js';
import type { OrderState, SubmitOrder } from '../../../protocol/messages.js';
import type { NewOrderParams } from './order-params.js';
import type { Replacement } from './order-replace.js';
import type { BusOrder } from './venue-reports.js';

/**
 * `held`: waiting for reconciliation to pass; `checking`: looked up before placing (it may have been sent before a
 * restart); `placing`: sent, no answer yet; `unknown`: the answer was lost; `open`: the venue has it; `done`: ended.
 */
export type OrderPhase = 'held' | 'checking' | 'placing' | 'unknown' | 'open' | 'done';

export class LiveOrder {
  bus: BusOrder;
  params: NewOrderParams | undefined;
  venueOrderId = '';
  accepted = false;
  /** Lots filled by the fills published. */
  filledLots = 0;
  /** Lots filled as the venue's order status said (fills may still be on their way). */
  filledFromStatus = 0;
  sentAt = 0;
  /** When to query an order whose status is unknown, µs; and whether a query is out. */
  nextCheckAt = 0;
  checking = false;
  /** Times the venue said "no such order" for it, µs. */
  readonly notFound: number[] = [];
  /** The last report sent, repeated to a client that resends the command. */
  lastReport: Outgoing | undefined;
  /** An amend under way (spot: cancel-replace), and how many were made. */
  replacing: Replacement | undefined;
  /** An amend under way (futures: modified in place): the new terms, ticks and lots. */
  modifying: { price: number; qty: number } | undefined;
  generation = 0;
  /** Binance ids this order had before amends: their cancel events are not the order's end. */
  readonly retired = new Set<string>();

  constructor(
    readonly busId: string,
    public venueId: string,
    readonly peer: string,
    public command: SubmitOrder,
    readonly instrument: Instrument,
    public phase: OrderPhase,
  ) {
    const { venue, symbol, clientOrderId, strategyId, side, qty } = command;
    this.bus = { venue, symbol, clientOrderId, strategyId, side, qty };
  }

  /** The state as the bus last heard it. */
  state(): OrderState {
    if (!this.accepted) return 'pending_new';
    return this.filledLots > 0 ? 'partially_filled' : 'accepted';
  }
}
