/**
 * Binance client order ids from the bus's: ours, unique, and always the same for the same bus id, so that an order
 * whose answer was lost can be found again by its id (even by a gateway that restarted and never saw it sent).
 *
 * Binance allows 1–36 characters of `A-Za-z0-9-_` (`^[a-zA-Z0-9-_]{1,36}$`). Ours are `tt` + a session tag + `_` +
 * the bus id when it fits and uses only those characters, else `tt` + tag + `h` + a 64-bit FNV-1a hash of it. The
 * session tag keeps the ids of one terminal session apart from an earlier one's that reused the same counters.
 */

/** Binance's rule for client order ids. */
export const BINANCE_CLIENT_ID = /^[a-zA-Z0-9_-]{1,36}$/;
const MAX_LENGTH = 36;
const PREFIX = 'tt';

/** Derives and recognises our Binance client order ids. */
export class ClientOrderIds {
  private readonly head: string;

  /** `sessionTag`: a few characters of `A-Za-z0-9` naming the terminal session (see {@link sessionTagOf}). */
  constructor(sessionTag: string) {
    if (!/^[a-zA-Z0-9]{1,8}$/.test(sessionTag)) throw new Error(`session tag ${JSON.stringify(sessionTag)} must be 1-8 letters or digits`);
    this.head = `${PREFIX}${sessionTag}`;
  }

  /** The Binance id of the bus order `busId`. */
  toVenue(busId: string): string {
    const plain = `${this.head}_${busId}`;
    if (plain.length <= MAX_LENGTH && BINANCE_CLIENT_ID.test(plain)) return plain;
    return `${this.head}h${fnv1a64(busId)}`;
  }

  /** The bus id back from a Binance id, when it was derived without hashing; undefined for hashed or foreign ids. */
  toBus(venueId: string): string | undefined {
    return venueId.startsWith(`${this.head}_`) ? venueId.slice(this.head.length + 1) : undefined;
  }

  /** True if the id was made by this terminal session (orders of other sessions or other programs are not ours). */
  isOurs(venueId: string): boolean {
    return venueId.startsWith(`${this.head}_`) || venueId.startsWith(`${this.head}h`);
  }
}

/** A short tag from any text that names the session (its run folder, say): base-36 of its hash, 6 characters. */
export function sessionTagOf(text: string): string {
  return BigInt.asUintN(31, BigInt(`0x${fnv1a64(text)}`)).toString(36).padStart(6, '0').slice(-6);
}

/** FNV-1a, 64 bits, as 16 hex digits: deterministic and spread well enough for ids (not a security hash). */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = BigInt.asUintN(64, hash * 0x100000001b3n);
  }
  return hash.toString(16).padStart(16, '0');
}
