/**
 * The gateway's side of src-main/host/key-env.ts: the API keys its host put in its environment, read once and removed
 * from the environment at once (its own children never inherit them). Kept in memory only; never logged.
 */

/** The variable's name, the same as the host's `CREDENTIALS_ENV`. */
export const CREDENTIALS_ENV = 'TERMINAL_VENUE_CREDENTIALS';

export interface AccountCredentials {
  apiKey: string;
  secret: string;
  network: 'testnet' | 'live';
}

/** The keys by account name (empty when none were given), and the variable removed from `env`. */
export function takeVenueCredentials(env: NodeJS.ProcessEnv = process.env): Map<string, AccountCredentials> {
  const text = env[CREDENTIALS_ENV];
  delete env[CREDENTIALS_ENV];
  const out = new Map<string, AccountCredentials>();
  if (text === undefined || text === '') return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${CREDENTIALS_ENV} is not JSON`); // the message never repeats the value
  }
  for (const [account, value] of Object.entries(parsed as Record<string, Partial<AccountCredentials>>)) {
    if (typeof value?.apiKey !== 'string' || typeof value.secret !== 'string' || (value.network !== 'testnet' && value.network !== 'live')) {
      throw new Error(`${CREDENTIALS_ENV}: account ${account} has no usable key pair`);
    }
    out.set(account, { apiKey: value.apiKey, secret: value.secret, network: value.network });
  }
  return out;
}

/** Binance spot's REST and WebSocket hosts for each network (the testnet is Binance's "Spot Test Network"). */
export const BINANCE_SPOT_HOSTS = {
  live: { restUrl: 'https://api.binance.com', wsUrl: 'wss://stream.binance.com:9443' },
  testnet: { restUrl: 'https://testnet.binance.vision', wsUrl: 'wss://stream.testnet.binance.vision' },
} as const;

/** Binance USD-M futures' REST and WebSocket hosts for each network (the testnet is Binance's futures testnet). */
export const BINANCE_FUTURES_HOSTS = {
  live: { restUrl: 'https://fapi.binance.com', wsUrl: 'wss://fstream.binance.com' },
  testnet: { restUrl: 'https://testnet.binancefuture.com', wsUrl: 'wss://fstream.binancefuture.com' },
} as const;
