/**
 * The Binance gateway's live order routing over several routers — one per (account, market): spot (`binance`) and
 * USD-M futures (`binanceusdm`) of each configured account — shaped as the gateway core's `LiveOrderRouter`. A new
 * order goes to the router of its venue and account (`SubmitOrder.account`, or the default account); a cancel or an
 * amend to the router that took the order (remembered by client order id, also while the gateway replays its journal,
 * so a restarted gateway still knows). An order for an account or venue with no router is refused with the reason.
 */
import type { Emit } from '../../../core/worker-core.js';
import type { Message, OrderCommand } from '../../../protocol/messages.js';
import type { LiveOrderRouter } from '../gateway-core.js';
import { nowMicros } from '../../../runtime/clock.js';

/** One router and what it serves. */
export interface RouteEntry {
  venue: string;
  account: string;
  router: LiveOrderRouter & { stop(): void; cancelAll?(symbol: string, now?: number): void };
}

export class LiveRouters implements LiveOrderRouter {
  private readonly byKey = new Map<string, RouteEntry>();
  /** Which router took each client order id. */
  private readonly owners = new Map<string, RouteEntry>();
  private refused = 0;

  constructor(
    entries: readonly RouteEntry[],
    /** The account of orders that name none. */
    readonly defaultAccount: string,
    private readonly emit: Emit,
    private readonly reportsPort: string,
    /** Why an order for a venue/account without a router is refused (no key handed over, say). */
    private readonly missing: (venue: string, account: string) => string,
    /** The account of orders that name none, where a venue has its own (each ccxt venue has one account). */
    private readonly venueDefaults: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const entry of entries) this.byKey.set(`${entry.venue}|${entry.account}`, entry);
  }

  /** The routers (for tests and counters). */
  entries(): RouteEntry[] {
    return [...this.byKey.values()];
  }

  router(venue: string, account = this.accountOf(venue)): RouteEntry | undefined {
    return this.byKey.get(`${venue}|${account}`);
  }

  /** The account of `venue`'s orders that name none. */
  accountOf(venue: string): string {
    return this.venueDefaults.get(venue) ?? this.defaultAccount;
  }

  onCommand(peer: string, command: OrderCommand, now: number): void {
    let entry = this.owners.get(command.clientOrderId);
    if (entry === undefined && command.type === 'SubmitOrder') {
      const account = command.account ?? this.accountOf(command.venue);
      entry = this.router(command.venue, account);
      if (entry === undefined) return this.refuse(peer, command, this.missing(command.venue, account), now);
      this.owners.set(command.clientOrderId, entry);
    }
    // A cancel or amend of an order no router took: the default one answers "unknown order".
    entry ??= this.router(command.venue);
    if (entry === undefined) return this.refuse(peer, command, this.missing(command.venue, this.accountOf(command.venue)), now);
    entry.router.onCommand(peer, command, now);
  }

  onTimer(now: number): void {
    for (const entry of this.byKey.values()) entry.router.onTimer?.(now);
  }

  onRecovered(now: number): void {
    for (const entry of this.byKey.values()) entry.router.onRecovered?.(now);
  }

  counters(): Record<string, number> {
    const out: Record<string, number> = { live_refused_no_account: this.refused };
    // Summed over routers: the gateway's heartbeat has one flat counter map.
    for (const entry of this.byKey.values()) {
      for (const [name, value] of Object.entries(entry.router.counters?.() ?? {})) out[name] = (out[name] ?? 0) + value;
    }
    return out;
  }

  /** Cancels every open order of `symbol` on `venue` for `account` in one request. */
  cancelAll(venue: string, symbol: string, account = this.accountOf(venue), now = nowMicros()): void {
    this.router(venue, account)?.router.cancelAll?.(symbol, now);
  }

  stop(): void {
    for (const entry of this.byKey.values()) entry.router.stop();
  }

  private refuse(peer: string, command: OrderCommand, reason: string, now: number): void {
    this.refused++;
    const { venue, symbol, clientOrderId, strategyId } = command;
    const message: Message | Record<string, unknown> = command.type === 'SubmitOrder'
      ? { type: 'OrderRejected', venue, symbol, clientOrderId, strategyId, side: command.side, state: 'rejected', reason, ts: now, rts: now }
      : { type: 'RequestRejected', venue, symbol, clientOrderId, strategyId, request: command.type === 'CancelOrder' ? 'cancel' : 'amend', reason, ts: now, rts: now };
    this.emit(this.reportsPort, peer, message as never);
  }
}
