/** The one-pass depth reader agrees with the careful path on every frame it accepts, and gives up on anything odd. */
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../../../workers/core/fixed-point.js';
import { gridStep, toGridUnits } from '../../../../workers/venues/binance/decimal-units.js';
import { scanDepth } from '../../../../workers/venues/binance/depth-scanner.js';
import { parseFrame, type RawDepth } from '../../../../workers/venues/binance/binance-frames.js';
import { FakeBook } from '../../../fakes/binance/fake-book.js';
import { FUTURES_SYMBOLS, SPOT_SYMBOLS } from '../../../fakes/binance/fake-symbols.js';

const grids = (tick: string, lot: string) => ({ prices: gridStep(parseDecimal(tick)), qtys: gridStep(parseDecimal(lot)) });

describe('depth frame scanner', () => {
  for (const [name, spec, futures] of [['spot', SPOT_SYMBOLS[0]!, false], ['futures', FUTURES_SYMBOLS[0]!, true]] as const) {
    it(`reads ${name} frames exactly as JSON.parse and the grid parser do, raw and combined`, () => {
      const book = new FakeBook(spec, futures, 3);
      const g = grids(spec.tickSize, spec.stepSize);
      for (let i = 0; i < 300; i++) {
        const event = book.step(1 + (i % 25), 1_700_000_000_000 + i);
        const text = i % 2 === 0 ? JSON.stringify(event) : JSON.stringify({ stream: 'btcusdt@depth@100ms', data: event });
        const careful = parseFrame(text) as RawDepth;
        const scanned = scanDepth(text, (s) => (s === spec.symbol ? g : undefined));
        expect(scanned).toEqual({
          symbol: careful.symbol, eventTime: careful.eventTime, firstId: careful.firstId, lastId: careful.lastId, prevLastId: careful.prevLastId,
          bids: careful.bids.map(([p, q]) => [toGridUnits(p, g.prices), toGridUnits(q, g.qtys)]),
          asks: careful.asks.map(([p, q]) => [toGridUnits(p, g.prices), toGridUnits(q, g.qtys)]),
        });
      }
    });
  }

  it('gives up on what it does not expect, leaving it to the careful path', () => {
    const g = grids('0.01', '0.001');
    const of = (s: string) => (s === 'BTCUSDT' ? g : undefined);
    const ok = '{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":5,"u":6,"b":[["1.00","2.000"]],"a":[]}';
    expect(scanDepth(ok, of)).toMatchObject({ firstId: 5, lastId: 6, bids: [[100, 2000]], asks: [] });
    expect(scanDepth(ok.replace('1.00', '1.001'), of)).toBeUndefined(); // off the tick
    expect(scanDepth(ok.replace('BTCUSDT', 'ETHUSDT'), of)).toBeUndefined(); // not followed
    expect(scanDepth(ok.replace('depthUpdate', 'trade'), of)).toBeUndefined();
    expect(scanDepth(ok.replace('"U":5', '"U":"5"'), of)).toBeUndefined();
    expect(scanDepth(ok.slice(0, -1), of)).toBeUndefined(); // truncated
    expect(scanDepth('{"b":[["1.00","2"]],"e":"depthUpdate","E":1,"s":"BTCUSDT","U":5,"u":6,"a":[]}', of)).toBeUndefined(); // levels first
    expect(scanDepth('{"e":"depthUpdate","E":1,"s":"BTC\\u0055SDT","U":5,"u":6,"b":[],"a":[]}', of)).toBeUndefined(); // an escape
  });
});
