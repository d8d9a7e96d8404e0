import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../workers/core/instrument.js';
import { SCHEMA_VERSION, type SubmitOrder, type VenueAccount } from '../../../workers/protocol/messages.js';
import { checkVenueFunds, floorUnits, VenueAccounts } from '../../../workers/risk/venue-accounts.js';

const FUT = makeInstrument({ venue: 'binanceusdm', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', lotSize: '0.001', minNotional: '100', multiplier: 1 });
const SPOT = makeInstrument({ venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });
const envelope = { v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1, type: 'VenueAccount' as const, updateTime: 1 };
const order = (fields: Partial<SubmitOrder>): SubmitOrder => ({ ...envelope, type: 'SubmitOrder', venue: 'binanceusdm', symbol: 'BTCUSDT', src: 't', clientOrderId: 'c', strategyId: 'manual', side: 'buy', orderType: 'limit', price: 600_000, qty: 10, tif: 'GTC', causeTs: 0, ...fields });
const margin = (available: string) => ({ asset: 'USDT', walletBalance: '100', unrealizedPnl: '0', marginBalance: '100', initialMargin: '0', maintMargin: '0', availableBalance: available });
const position = (qty: number) => ({ symbol: 'BTCUSDT', qty, entryPrice: '60000', unrealizedPnl: '0', markPrice: '60000', liquidationPrice: '', leverage: 20, marginType: 'cross' });

function accounts(...messages: VenueAccount[]): VenueAccounts {
  const out = new VenueAccounts();
  for (const m of messages) out.apply(m);
  return out;
}

describe("risk's view of venue accounts", () => {
  it('denies a futures order above the available margin at the position leverage; closing and reduce-only pass', () => {
    const view = accounts({ ...envelope, venue: 'binanceusdm', account: 'f', source: 'stream', balances: [], positions: [position(-5)], margin: [margin('20')] }).forOrder('binanceusdm', undefined);
    // 0.010 BTC at 60,000 = 600 USDT: 30 USDT of margin at 20×, 15 for the 5 lots that do not close the short.
    expect(checkVenueFunds(order({}), FUT, view, 600_000)).toBeUndefined();
    expect(checkVenueFunds(order({ qty: 20 }), FUT, view, 600_000)).toMatchObject({ rule: 'venue_margin', limit: 200_000, value: 450_000 });
    expect(checkVenueFunds(order({ qty: 5 }), FUT, view, 600_000)).toBeUndefined();
    expect(checkVenueFunds(order({ qty: 50, reduceOnly: true }), FUT, view, 600_000)).toBeUndefined();
    const broke = accounts({ ...envelope, venue: 'binanceusdm', account: 'f', source: 'rest', balances: [], positions: [], margin: [margin('-1.5')] }).forOrder('binanceusdm', 'f');
    expect(checkVenueFunds(order({}), FUT, broke, 600_000)?.reason).toMatch(/has 0.00 USDT of margin available/);
  });

  it('denies a spot buy above the free quote and a sell above the free base, merging stream updates', () => {
    const book = accounts(
      { ...envelope, venue: 'binance', account: 'main', source: 'rest', balances: [{ asset: 'USDT', free: '100', locked: '0' }, { asset: 'BTC', free: '0.001', locked: '0' }] },
      { ...envelope, venue: 'binance', account: 'main', source: 'stream', balances: [{ asset: 'USDT', free: '50', locked: '50' }] },
    );
    const view = book.forOrder('binance', 'main');
    const spot = (fields: Partial<SubmitOrder>) => order({ venue: 'binance', ...fields });
    expect(checkVenueFunds(spot({ price: 5_000_000, qty: 101 }), SPOT, view, 5_000_000)).toMatchObject({ rule: 'venue_balance' }); // 50.5 USDT of 50 free
    expect(checkVenueFunds(spot({ price: 5_000_000, qty: 100 }), SPOT, view, 5_000_000)).toBeUndefined(); // exactly the 50 free
    expect(checkVenueFunds(spot({ price: 4_000_000, qty: 100 }), SPOT, view, 4_000_000)).toBeUndefined();
    expect(checkVenueFunds(spot({ side: 'sell', qty: 101 }), SPOT, view, 0)).toMatchObject({ rule: 'venue_balance', limit: 100, value: 101 });
    expect(checkVenueFunds(spot({ side: 'sell', qty: 100 }), SPOT, view, 0)).toBeUndefined();
  });

  it('knows no account for a venue with several when the order names none', () => {
    const book = accounts(
      { ...envelope, venue: 'binance', account: 'a', source: 'rest', balances: [] },
      { ...envelope, venue: 'binance', account: 'b', source: 'rest', balances: [] },
    );
    expect(book.forOrder('binance', undefined)).toBeUndefined();
    expect(book.forOrder('binance', 'b')?.account).toBe('b');
  });

  it('rounds venue money down to the grid', () => {
    expect(floorUnits('967.30000001', FUT.moneyUnit)).toBe(9_673_000);
    expect(floorUnits('-0.00005', FUT.moneyUnit)).toBe(-1);
  });
});
