/**
 * The orders the UI knows, from the host's upserts (keyed by clientOrderId): every working order, and the newest
 * finished ones up to a bound, so memory stays flat however many orders a session makes.
 */
import type { OrderRow } from '../../../workers/protocol/channels.js';
import type { OrderState } from '../../../workers/protocol/messages.js';

/** Finished orders kept for the Orders panel. */
export const FINISHED_LIMIT = 200;

const WORKING: ReadonlySet<OrderState> = new Set<OrderState>(['pending_new', 'accepted', 'partially_filled']);

/** True while the order can still fill or be canceled. */
export function isWorking(order: Pick<OrderRow, 'state'>): boolean {
  return WORKING.has(order.state);
}

/** Working and recently finished orders. */
export class OrderLedger {
  readonly #working = new Map<string, OrderRow>();
  /** Newest first. */
  #finished: OrderRow[] = [];
  readonly #limit: number;

  constructor(limit = FINISHED_LIMIT) {
    this.#limit = limit;
  }

  /** Takes the host's rows; returns true if anything changed. An update older than what is known is ignored. */
  upsert(rows: readonly OrderRow[]): boolean {
    let changed = false;
    for (const row of rows) changed = this.#upsertOne(row) || changed;
    return changed;
  }

  /** Working orders, newest (last changed) first. */
  working(): OrderRow[] {
    return [...this.#working.values()].sort((a, b) => b.updated - a.updated);
  }

  /** Finished orders, newest first, at most the limit. */
  finished(): OrderRow[] {
    return this.#finished;
  }

  get(clientOrderId: string): OrderRow | undefined {
    return this.#working.get(clientOrderId) ?? this.#finished.find((row) => row.clientOrderId === clientOrderId);
  }

  #upsertOne(row: OrderRow): boolean {
    const known = this.#working.get(row.clientOrderId);
    if (known !== undefined && known.updated > row.updated) return false;
    if (isWorking(row)) {
      if (known === undefined && this.#finished.some((old) => old.clientOrderId === row.clientOrderId)) return false;
      this.#working.set(row.clientOrderId, row);
      return true;
    }
    this.#working.delete(row.clientOrderId);
    const rest = this.#finished.filter((old) => old.clientOrderId !== row.clientOrderId);
    this.#finished = [row, ...rest].slice(0, this.#limit);
    return true;
  }
}
