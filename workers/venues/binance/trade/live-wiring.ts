/**
 * Builds the Binance gateway's live order router from its configuration and the keys its host put in its
 * environment: what the gateway's entry file calls, so that wiring live trading in takes a few lines there.
 */
import type { Instrument } from '../../../core/instrument.js';
import type { Emit } from '../../../core/worker-core.js';
import type { BinanceConfig } from '../../../protocol/config.js';
import { BinanceLiveOrders } from './binance-live-orders.js';
import { sessionTagOf } from './client-order-id.js';
import { BINANCE_SPOT_HOSTS, takeVenueCredentials } from './venue-credentials.js';

/** Bus venue of Binance spot, the market live routing covers. */
const SPOT_VENUE = 'binance';

export interface LiveWiring {
  binance: BinanceConfig;
  /** Instruments in `live` mode (any market: those this router cannot trade are refused with the reason). */
  instruments: readonly Instrument[];
  /** The session's run folder: names the session in client order ids. */
  runDir: string;
  emit: Emit;
  /** Port of the orders ROUTER. */
  reportsPort: string;
  log: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** The live router, or undefined (with the reason logged) when trading is not configured or no key was given. */
export function liveOrdersFor(wiring: LiveWiring): BinanceLiveOrders | undefined {
  const credentials = takeVenueCredentials(wiring.env);
  const trading = wiring.binance.trading;
  if (trading === undefined) return undefined;
  const key = credentials.get(trading.account);
  if (key === undefined || key.network !== trading.network) {
    wiring.log(`live trading off: no ${trading.network} key for account ${trading.account} was handed to the gateway`);
    return undefined;
  }
  const hosts = BINANCE_SPOT_HOSTS[trading.network];
  return new BinanceLiveOrders(
    {
      venue: SPOT_VENUE,
      account: trading.account,
      instruments: wiring.instruments.filter((i) => i.venue === SPOT_VENUE),
      sessionTag: sessionTagOf(wiring.runDir),
      defaultPeer: 'terminal',
      reportsPort: wiring.reportsPort,
      restUrl: trading.restUrl ?? hosts.restUrl,
      wsUrl: trading.wsUrl ?? hosts.wsUrl,
      credentials: { apiKey: key.apiKey, secret: key.secret },
      tickMs: 0,
      log: wiring.log,
    },
    wiring.emit,
  );
}
