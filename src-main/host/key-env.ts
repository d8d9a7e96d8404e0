/**
 * How a stored API key reaches the Binance gateway: in one environment variable of the gateway process only, set when
 * the supervisor spawns it — never in the configuration (which every worker gets and the journal may record), never
 * on disk, never in a message on the bus, never logged. The gateway reads it once at start and removes it from its
 * own environment (workers/venues/binance/trade/venue-credentials.ts), so processes it might start do not inherit it.
 * (A process's environment is readable by the same OS user, as is its memory: the key is as safe as the user's
 * session, and never safer than in the keychain itself.)
 */
import type { Credentials, KeyNetwork, KeyStore } from './key-store.js';

/** The variable's name; the gateway reads the same one. */
export const CREDENTIALS_ENV = 'TERMINAL_VENUE_CREDENTIALS';

/** One account the gateway trades with. */
export interface AccountKeyRef {
  account: string;
  network: KeyNetwork;
}

/**
 * The extra environment for the gateway: the decrypted keys of `accounts`, or the reason they are not available (no
 * key stored for one of them, or no key store on this system). Never put into logs or config.
 */
export function credentialsEnv(store: KeyStore, accounts: readonly AccountKeyRef[]): { env: Record<string, string> } | { reason: string } {
  const problem = store.problem();
  if (problem !== undefined) return { reason: problem };
  const keys: Record<string, Credentials & { network: KeyNetwork }> = {};
  for (const { account, network } of accounts) {
    const credentials = store.credentialsFor(account, network);
    if (credentials === undefined) return { reason: `no ${network} key stored for account ${account}: add one in Settings → Accounts` };
    keys[account] = { ...credentials, network };
  }
  return { env: { [CREDENTIALS_ENV]: JSON.stringify(keys) } };
}

/**
 * The gateway's environment for several accounts side by side: the keys of every account that has one stored, and
 * for each that has none (or when there is no key store) the reason — the others still trade.
 */
export function credentialsEnvOf(store: KeyStore, accounts: readonly AccountKeyRef[]): { env: Record<string, string>; refused: string[] } {
  const keys: Record<string, unknown> = {};
  const refused: string[] = [];
  for (const account of accounts) {
    const result = credentialsEnv(store, [account]);
    if ('reason' in result) refused.push(`account ${account.account}: ${result.reason}`);
    else Object.assign(keys, JSON.parse(result.env[CREDENTIALS_ENV]!) as Record<string, unknown>);
  }
  return { env: Object.keys(keys).length === 0 ? {} : { [CREDENTIALS_ENV]: JSON.stringify(keys) }, refused };
}
