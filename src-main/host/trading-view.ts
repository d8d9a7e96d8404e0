/**
 * What execution's and risk's streams say about trading, kept as the latest of each: order totals, positions (overall
 * and per owner), risk's trading state, its account, live venue accounts and their reconciliations. Pure: the bus
 * monitor feeds it live, the session player feeds it from a recording.
 */
import { instrumentKey } from '../../workers/core/instrument.js';
import { mergeVenueAccount } from './account-view.js';
import type { OrderTotals } from '../../workers/protocol/channels.js';
import type { AccountStatus, Message, OwnerPosition, PositionChanged, ReconcileReport, TradingStatus, VenueAccount } from '../../workers/protocol/messages.js';

const TOTAL_OF: Partial<Record<Message['type'], keyof OrderTotals>> = {
  OrderSubmitted: 'submitted',
  OrderAccepted: 'accepted',
  OrderRejected: 'rejected',
  OrderDenied: 'denied',
  OrderCanceled: 'canceled',
  OrderExpired: 'expired',
  OrderAmended: 'amended',
  OrderFilled: 'fills',
};

/** The latest trading state from the streams. */
export class TradingView {
  readonly totals: OrderTotals = { submitted: 0, accepted: 0, rejected: 0, denied: 0, canceled: 0, expired: 0, amended: 0, filled: 0, fills: 0 };
  readonly positions = new Map<string, PositionChanged>();
  /** Risk's latest trading state (`status.risk`), once it has said one. */
  riskStatus: TradingStatus | undefined;
  /** Positions per owner, keyed `<owner>|<venue>:<symbol>`. */
  readonly owners = new Map<string, OwnerPosition>();
  /** Live venue accounts' balances and their latest reconciliation, by `<venue>:<account>`. */
  readonly venueAccounts = new Map<string, VenueAccount>();
  readonly reconciliations = new Map<string, ReconcileReport>();
  /** Risk's trading account, as last published. */
  account: AccountStatus | undefined;

  /** Takes one message from execution's or risk's stream (each once, in order); others are ignored. */
  take(message: Message): void {
    if (message.type === 'PositionChanged') {
      this.positions.set(instrumentKey(message.venue, message.symbol), message);
    } else if (message.type === 'TradingStatus') {
      this.riskStatus = message;
    } else if (message.type === 'AccountStatus') {
      this.account = message;
    } else if (message.type === 'VenueAccount') {
      const key = `${message.venue}:${message.account}`;
      this.venueAccounts.set(key, mergeVenueAccount(this.venueAccounts.get(key), message));
    } else if (message.type === 'ReconcileReport') {
      this.reconciliations.set(`${message.venue}:${message.account}`, message);
    } else if (message.type === 'OwnerPosition') {
      this.owners.set(`${message.owner}|${instrumentKey(message.venue, message.symbol)}`, message);
    } else {
      const total = TOTAL_OF[message.type];
      if (total === undefined) return;
      this.totals[total] += 1;
      if (message.type === 'OrderFilled' && message.state === 'filled') this.totals.filled += 1;
    }
  }
}
