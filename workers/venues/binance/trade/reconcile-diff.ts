/**
 * The reconciliation diff, pure: what the terminal believes about a venue account against what the venue says, as
 * differences a person can read (published before anything is done about them) and the actions that resolve them.
 *
 * Blocking (trading waits): an order we think open that the venue does not list (its end is fetched), an open order
 * of ours we do not know (adopted), a fill of one of our orders we never saw (published), a filled quantity that
 * disagrees. Informational: orders and fills of other programs on the account, balance changes (the venue's wins).
 */
import type { AssetBalance, ReconcileDifference } from '../../../protocol/messages.js';

/** An order as the gateway believes it. */
export interface BelievedOrder {
  venueId: string;
  busId: string;
  symbol: string;
  venueOrderId: string;
  /** True while it may still trade (accepted, partially filled, or its status unknown). */
  open: boolean;
  filledLots: number;
}

/** An open order as the venue lists it, quantities already in lots. */
export interface ListedOrder {
  venueId: string;
  symbol: string;
  venueOrderId: string;
  filledLots: number;
  /** Made by this terminal session (see ClientOrderIds.isOurs). */
  ours: boolean;
  /** The bus id, when it can be read back from the venue id. */
  busId: string | undefined;
}

/** A fill as the venue lists it (myTrades). */
export interface ListedFill {
  symbol: string;
  tradeId: string;
  venueOrderId: string;
}

export interface ReconcileInput {
  believedOrders: readonly BelievedOrder[];
  /** Fill ids already published, as `symbol:tradeId`. */
  seenFills: ReadonlySet<string>;
  believedBalances: readonly AssetBalance[] | undefined;
  listedOrders: readonly ListedOrder[];
  listedFills: readonly ListedFill[];
  balances: readonly AssetBalance[];
}

/** What resolving the differences takes. */
export type ReconcileAction =
  | { kind: 'fetch_order'; venueId: string }
  | { kind: 'adopt'; order: ListedOrder }
  | { kind: 'publish_fill'; fill: ListedFill }
  | { kind: 'publish_balances' };

export interface ReconcileResult {
  differences: ReconcileDifference[];
  actions: ReconcileAction[];
}

/** Compares belief with the venue. */
export function reconcile(input: ReconcileInput): ReconcileResult {
  const differences: ReconcileDifference[] = [];
  const actions: ReconcileAction[] = [];
  const listed = new Map(input.listedOrders.map((o) => [o.venueId, o]));
  const believed = new Map(input.believedOrders.map((o) => [o.venueId, o]));
  const ourOrderIds = new Set(input.believedOrders.map((o) => o.venueOrderId).filter((id) => id !== ''));

  for (const order of input.believedOrders) {
    if (!order.open) continue;
    const there = listed.get(order.venueId);
    if (there === undefined) {
      differences.push(diff('order_missing', order.symbol, order.busId, 'open', 'not open', 'fetch the order and apply how it ended', true));
      actions.push({ kind: 'fetch_order', venueId: order.venueId });
    } else if (there.filledLots !== order.filledLots) {
      differences.push(diff('order_qty', order.symbol, order.busId, `${order.filledLots} lots filled`, `${there.filledLots} lots filled`, 'publish the missed fills', true));
    }
  }
  for (const order of input.listedOrders) {
    if (believed.has(order.venueId)) continue;
    if (order.ours && order.busId !== undefined) {
      differences.push(diff('order_unknown', order.symbol, order.busId, 'not known', `open, ${order.filledLots} lots filled`, 'adopt it and report it', true));
      actions.push({ kind: 'adopt', order });
      ourOrderIds.add(order.venueOrderId);
    } else {
      differences.push(diff('order_foreign', order.symbol, order.venueId, 'not ours', 'open', 'shown only: the terminal does not manage it', false));
    }
  }
  for (const fill of input.listedFills) {
    if (input.seenFills.has(`${fill.symbol}:${fill.tradeId}`)) continue;
    if (ourOrderIds.has(fill.venueOrderId)) {
      differences.push(diff('fill_missed', fill.symbol, fill.tradeId, 'not seen', `fill of order ${fill.venueOrderId}`, 'publish the fill', true));
      actions.push({ kind: 'publish_fill', fill });
    } else {
      differences.push(diff('fill_foreign', fill.symbol, fill.tradeId, 'not ours', `fill of order ${fill.venueOrderId}`, 'shown only', false));
    }
  }
  const balanceDiffs = compareBalances(input.believedBalances, input.balances);
  differences.push(...balanceDiffs);
  if (input.believedBalances === undefined || balanceDiffs.length > 0) actions.push({ kind: 'publish_balances' });
  return { differences, actions };
}

function compareBalances(believed: readonly AssetBalance[] | undefined, actual: readonly AssetBalance[]): ReconcileDifference[] {
  if (believed === undefined) return [];
  const out: ReconcileDifference[] = [];
  const before = new Map(believed.map((b) => [b.asset, b]));
  const now = new Map(actual.map((b) => [b.asset, b]));
  for (const asset of new Set([...before.keys(), ...now.keys()])) {
    const a = before.get(asset);
    const b = now.get(asset);
    if (a !== undefined && b !== undefined && sameAmount(a.free, b.free) && sameAmount(a.locked, b.locked)) continue;
    out.push(diff('balance', '', asset, describe(a), describe(b), "take the venue's balance", false));
  }
  return out;
}

function describe(balance: AssetBalance | undefined): string {
  return balance === undefined ? 'none' : `free ${balance.free}, locked ${balance.locked}`;
}

/** Equal decimals however many trailing zeros they carry ("1.50000000" = "1.5"). */
function sameAmount(a: string, b: string): boolean {
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s).replace(/^0+(?=\d)/, '');
  return trim(a) === trim(b);
}

function diff(kind: string, symbol: string, id: string, terminal: string, venue: string, action: string, blocking: boolean): ReconcileDifference {
  return { kind, symbol, id, terminal, venue, action, blocking };
}
