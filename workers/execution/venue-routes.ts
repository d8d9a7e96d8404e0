/**
 * Which DEALER port of the execution worker reaches which venue. The simulated exchange is `venue` (and takes any
 * venue not named, which it refuses as an unknown instrument); Binance spot and USD-M futures share the Binance
 * gateway's orders ROUTER, on a DEALER of their own so that a gateway that is down never holds up the simulator.
 */
import type { Endpoints } from '../protocol/config.js';
import type { VenueRoutes } from './execution-engine.js';

/** Venue names the Binance gateway trades. */
export const BINANCE_VENUES = ['binance', 'binanceusdm'] as const;

/** Port of the simulated exchange (the name it has always had), and of the Binance gateway. */
export const SIM_PORT = 'venue';
export const BINANCE_PORT = 'venue-binance';
/** Port of the ccxt gateway (every ccxt venue). */
export const CCXT_PORT = 'venue-ccxt';

/** The routes and the DEALER ports they need, for the venues configured. */
export function venueRoutesOf(endpoints: Endpoints, binance: boolean, ccxtVenues: readonly string[] = []): { routes: VenueRoutes; ports: Array<{ name: string; endpoint: string }> } {
  const ports = [{ name: SIM_PORT, endpoint: endpoints.simOrders }];
  const routes: Record<string, string> = { '*': SIM_PORT };
  if (binance) {
    ports.push({ name: BINANCE_PORT, endpoint: endpoints.binanceOrders });
    for (const venue of BINANCE_VENUES) routes[venue] = BINANCE_PORT;
  }
  if (ccxtVenues.length > 0) {
    ports.push({ name: CCXT_PORT, endpoint: endpoints.ccxtOrders });
    for (const venue of ccxtVenues) routes[venue] = CCXT_PORT;
  }
  return { routes, ports };
}
