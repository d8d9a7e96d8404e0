/**
 * The risk worker's view of live venue accounts (`VenueAccount` from execution's `exec`, validated by the shell where
 * it enters): spot balances (a stream update names only the assets that changed, so it is merged), and a futures
 * account's margin and positions (sent whole each time). And the check it makes possible: an order for a live venue
 * account is denied when the venue says the money is not there — on futures, less available margin than the order's
 * initial margin (notional ÷ the position's leverage, when the venue has told it; otherwise none available at all);
 * on spot, a buy above the free quote balance or a sell above the free base balance. Reduce-only orders always pass.
 * The venue stays the final word: this only spares it orders it would refuse. Pure.
 */
import { parseDecimal, type Decimal } from '../core/fixed-point.js';
import type { Instrument } from '../core/instrument.js';
import { deny, type Denial } from '../core/risk-denial.js';
import type { AssetBalance, SubmitOrder, VenueAccount, VenueMargin, VenuePosition } from '../protocol/messages.js';

/** One venue account as last heard. */
export interface VenueAccountView {
  venue: string;
  account: string;
  balances: Map<string, AssetBalance>;
  positions: VenuePosition[];
  margin: VenueMargin[];
  updateTime: number;
}

export class VenueAccounts {
  private readonly accounts = new Map<string, VenueAccountView>();

  apply(message: VenueAccount): void {
    const key = `${message.venue}:${message.account}`;
    const view = this.accounts.get(key) ?? { venue: message.venue, account: message.account, balances: new Map(), positions: [], margin: [], updateTime: 0 };
    if (message.source === 'rest') view.balances.clear();
    for (const balance of message.balances) view.balances.set(balance.asset, balance);
    if (message.positions !== undefined) view.positions = message.positions;
    if (message.margin !== undefined) view.margin = message.margin;
    view.updateTime = message.updateTime;
    this.accounts.set(key, view);
  }

  /** The account an order goes to: the one it names, else the venue's only one (several and none named: unknown). */
  forOrder(venue: string, account: string | undefined): VenueAccountView | undefined {
    if (account !== undefined) return this.accounts.get(`${venue}:${account}`);
    const ofVenue = [...this.accounts.values()].filter((a) => a.venue === venue);
    return ofVenue.length === 1 ? ofVenue[0] : undefined;
  }

  all(): VenueAccountView[] {
    return [...this.accounts.values()];
  }
}

/** `text` in whole `unit`s, rounded down (money the venue sends has more decimals than our grid). */
export function floorUnits(text: string, unit: Decimal): number {
  const value = parseDecimal(text);
  const exponent = Math.min(value.exponent, unit.exponent);
  const a = value.mantissa * 10n ** BigInt(value.exponent - exponent);
  const b = unit.mantissa * 10n ** BigInt(unit.exponent - exponent);
  const q = a / b - (a % b !== 0n && a < 0n ? 1n : 0n);
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(q > max ? max : q < -max ? -max : q);
}

/** Denies an order the venue account cannot pay for; `valuedAt` is the price (ticks) to value it at, 0 unknown. */
export function checkVenueFunds(command: SubmitOrder, instrument: Instrument, view: VenueAccountView | undefined, valuedAt: number): Denial | undefined {
  if (view === undefined || command.reduceOnly === true) return undefined;
  const notional = valuedAt * command.qty; // ticks × lots: money units of the instrument
  const name = `${view.venue} account ${view.account}`;
  const money = (units: number) => `${(units * Number(instrument.moneyUnit.mantissa) * 10 ** instrument.moneyUnit.exponent).toFixed(2)} ${instrument.quote}`;
  if (view.margin.length > 0) {
    const asset = view.margin.find((m) => m.asset === instrument.quote);
    if (asset === undefined) return undefined;
    const available = floorUnits(asset.availableBalance, instrument.moneyUnit);
    const position = view.positions.find((p) => p.symbol === command.symbol);
    // Closing part of an opposite position needs no margin.
    const closing = position === undefined || (command.side === 'buy') === position.qty > 0 ? 0 : Math.min(command.qty, Math.abs(position.qty));
    const leverage = position?.leverage ?? 0;
    const needed = leverage > 0 ? Math.ceil((valuedAt * (command.qty - closing)) / leverage) : 0;
    if (closing === command.qty) return undefined;
    if (available <= 0 || needed > available) {
      return deny('venue_margin', `${name} has ${money(Math.max(0, available))} of margin available${needed > 0 ? `, the order needs ${money(needed)}` : ''} (as the venue last said)`, Math.max(0, available), needed);
    }
    return undefined;
  }
  if (view.balances.size === 0) return undefined;
  if (command.side === 'buy') {
    if (notional <= 0) return undefined;
    const free = floorUnits(view.balances.get(instrument.quote)?.free ?? '0', instrument.moneyUnit);
    if (notional > free) return deny('venue_balance', `${name} has ${money(free)} free, the order needs ${money(notional)} (as the venue last said)`, free, notional);
    return undefined;
  }
  const freeLots = floorUnits(view.balances.get(instrument.base)?.free ?? '0', instrument.lot);
  if (command.qty > freeLots) return deny('venue_balance', `${name} has ${freeLots} lots of ${instrument.base} free, the order sells ${command.qty} (as the venue last said)`, freeLots, command.qty);
  return undefined;
}
