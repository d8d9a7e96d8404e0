import { describe, expect, it } from 'vitest';
import { parseFuturesEvent } from '../../../../../workers/venues/binance/trade/futures-events.js';

/** ORDER_TRADE_UPDATE as Binance's USD-M documentation shows it (a partial fill of a limit buy). */
const tradeUpdate = (o: Record<string, unknown> = {}) => ({
  e: 'ORDER_TRADE_UPDATE', E: 1568879465651, T: 1568879465650,
  o: {
    s: 'BTCUSDT', c: 'ttabc_o1', S: 'BUY', o: 'LIMIT', f: 'GTC', q: '0.010', p: '60000.0', ap: '60000.0', sp: '0', x: 'TRADE', X: 'PARTIALLY_FILLED',
    i: 8886774, l: '0.004', z: '0.004', L: '60000.0', N: 'USDT', n: '0.04800000', T: 1568879465650, t: 777, b: '0', a: '0', m: true, R: false,
    wt: 'CONTRACT_PRICE', ot: 'LIMIT', ps: 'BOTH', cp: false, rp: '0', pP: false, si: 0, ss: 0, V: 'EXPIRE_MAKER', pm: 'NONE', gtd: 0, ...o,
  },
});

describe('futures user-stream events', () => {
  it('reads ORDER_TRADE_UPDATE as an execution report the ledger knows', () => {
    expect(parseFuturesEvent(tradeUpdate())).toMatchObject({
      e: 'executionReport', s: 'BTCUSDT', c: 'ttabc_o1', C: '', S: 'BUY', x: 'TRADE', X: 'PARTIALLY_FILLED', i: 8886774, l: '0.004', z: '0.004',
      L: '60000.0', n: '0.04800000', N: 'USDT', t: 777, m: true, q: '0.010', p: '60000.0', P: '0',
    });
  });

  it('keeps the order client id on a cancel and reads an amendment, a commission absent on non-trades', () => {
    expect(parseFuturesEvent(tradeUpdate({ x: 'CANCELED', X: 'CANCELED', l: '0', L: '0', t: 0, N: undefined, n: undefined }))).toMatchObject({ c: 'ttabc_o1', C: '', x: 'CANCELED', n: '0', N: null });
    expect(parseFuturesEvent(tradeUpdate({ x: 'AMENDMENT', X: 'NEW', p: '59990.0', q: '0.020' }))).toMatchObject({ x: 'AMENDMENT', p: '59990.0', q: '0.020' });
  });

  it('reads ACCOUNT_UPDATE balances and positions', () => {
    const event = {
      e: 'ACCOUNT_UPDATE', E: 1564745798939, T: 1564745798938,
      a: {
        m: 'ORDER',
        B: [{ a: 'USDT', wb: '122624.12345678', cw: '100.12345678', bc: '50.12345678' }],
        P: [{ s: 'BTCUSDT', pa: '-0.020', ep: '6563.66500', bep: '6563.6', cr: '0', up: '-2850.21200000', mt: 'isolated', iw: '13200.70726908', ps: 'BOTH' }],
      },
    };
    expect(parseFuturesEvent(event)).toEqual({
      e: 'ACCOUNT_UPDATE', E: 1564745798939, T: 1564745798938, reason: 'ORDER',
      balances: [{ asset: 'USDT', walletBalance: '122624.12345678', crossWallet: '100.12345678' }],
      positions: [{ symbol: 'BTCUSDT', amount: '-0.020', entryPrice: '6563.66500', unrealizedPnl: '-2850.21200000', marginType: 'isolated', positionSide: 'BOTH' }],
    });
  });

  it('passes listenKeyExpired, ignores events it does not act on, refuses malformed ones with the reason', () => {
    expect(parseFuturesEvent({ e: 'listenKeyExpired', E: 1, listenKey: 'k' })).toEqual({ e: 'listenKeyExpired', E: 1 });
    expect(parseFuturesEvent({ e: 'MARGIN_CALL', E: 1 })).toBeUndefined();
    expect(parseFuturesEvent({ e: 'ORDER_TRADE_UPDATE' })).toMatch(/event time/);
    expect(parseFuturesEvent(tradeUpdate({ l: 'NaN' }))).toMatch(/l is not a decimal/);
    expect(parseFuturesEvent(tradeUpdate({ x: 'BOGUS' }))).toMatch(/execution BOGUS/);
    expect(parseFuturesEvent({ e: 'ACCOUNT_UPDATE', E: 1, a: { m: 'ORDER', B: [{ a: 'USDT', wb: 'x', cw: '0' }] } })).toMatch(/malformed balance/);
    expect(parseFuturesEvent([1, 2])).toMatch(/without an event type/);
  });
});
