/**
 * `npm run fake-binance`: the fake Binance (spot and USD-M futures) on 127.0.0.1 with a moving market, so the
 * terminal can be run against it by configuration alone. Prints the `venues.binance` section to put in a config file.
 *
 *   npm run fake-binance -- [--spot-port 18080] [--futures-port 18081] [--interval-ms 100] [--levels 20]
 */
import { FakeMarketServer } from './market-server.js';
import { FUTURES_SYMBOLS, SPOT_SYMBOLS } from './fake-symbols.js';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? undefined : Number(process.argv[index + 1]);
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new Error(`--${name} needs a whole number`);
  return value ?? fallback;
}

async function main(): Promise<void> {
  const interval = flag('interval-ms', 100);
  const levels = flag('levels', 6);
  const spot = new FakeMarketServer({ market: 'spot', symbols: SPOT_SYMBOLS, port: flag('spot-port', 18080), pingMs: 20_000 });
  const futures = new FakeMarketServer({ market: 'usdm', symbols: FUTURES_SYMBOLS, port: flag('futures-port', 18081), pingMs: 20_000 });
  await spot.start();
  await futures.start();
  spot.run(interval, levels);
  futures.run(interval, levels);
  const section = {
    venues: {
      binance: {
        restUrl: spot.restUrl,
        wsUrl: spot.wsUrl,
        futuresRestUrl: futures.restUrl,
        futuresWsUrl: futures.wsUrl,
        symbols: [
          { symbol: 'BTCUSDT', market: 'spot', mode: 'paper' },
          { symbol: 'BTCUSDT', market: 'usdm', mode: 'paper' },
        ],
      },
    },
  };
  process.stdout.write(`Fake Binance: spot ${spot.restUrl}, USD-M futures ${futures.restUrl}. A config for the terminal:\n`);
  process.stdout.write(`${JSON.stringify(section, null, 2)}\n`);
  const stop = (): void => {
    void Promise.all([spot.stop(), futures.stop()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((error: unknown) => {
  process.stderr.write(`fake-binance: ${(error as Error).message}\n`);
  process.exit(1);
});
