import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../../workers/core/instrument.js';
import { FuturesAccountBook, parseFuturesAccount, parsePositionRisk, positionDifferences } from '../../../../../workers/venues/binance/trade/futures-account.js';

const BTC = makeInstrument({ venue: 'binanceusdm', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', lotSize: '0.001', minNotional: '100', multiplier: 1 });
const asset = { asset: 'USDT', walletBalance: '1000.5', unrealizedProfit: '-3.2', marginBalance: '997.3', initialMargin: '30', maintMargin: '1.2', availableBalance: '967.3', updateTime: 1000 };
const row = (fields: Record<string, unknown> = {}) => ({ symbol: 'BTCUSDT', positionAmt: '0.010', entryPrice: '60000.0', markPrice: '59680.0', liquidationPrice: '57000.0', unRealizedProfit: '-3.2', leverage: '20', marginType: 'cross', positionSide: 'BOTH', updateTime: 1000, ...fields });

function book(): FuturesAccountBook {
  const b = new FuturesAccountBook(new Map([['BTCUSDT', BTC]]));
  const account = parseFuturesAccount({ assets: [asset] });
  const risk = parsePositionRisk([row(), row({ symbol: 'DOGEUSDT', positionAmt: '100' })]);
  if (typeof account === 'string' || typeof risk === 'string') throw new Error('fixture');
  b.setRest(account, risk, 5);
  return b;
}

describe('futures account book', () => {
  it('takes REST: margin as sent, positions in lots, foreign symbols left out and counted', () => {
    const b = book();
    expect(b.marginAssets()).toEqual([{ asset: 'USDT', walletBalance: '1000.5', unrealizedPnl: '-3.2', marginBalance: '997.3', initialMargin: '30', maintMargin: '1.2', availableBalance: '967.3' }]);
    expect(b.openPositions()).toEqual([{ symbol: 'BTCUSDT', qty: 10, entryPrice: '60000.0', unrealizedPnl: '-3.2', markPrice: '59680.0', liquidationPrice: '57000.0', leverage: 20, marginType: 'cross' }]);
    expect(b.counts.foreign_positions).toBe(1);
  });

  it('applies ACCOUNT_UPDATE: wallet and position move, the mark and leverage stay until REST says again', () => {
    const b = book();
    b.apply({ e: 'ACCOUNT_UPDATE', E: 2000, T: 2000, reason: 'ORDER', balances: [{ asset: 'USDT', walletBalance: '990', crossWallet: '990' }], positions: [{ symbol: 'BTCUSDT', amount: '-0.005', entryPrice: '61000', unrealizedPnl: '1.5', marginType: 'cross', positionSide: 'BOTH' }] });
    expect(b.openPositions()[0]).toMatchObject({ qty: -5, entryPrice: '61000', unrealizedPnl: '1.5', markPrice: '59680.0', leverage: 20 });
    expect(b.marginAssets()[0]).toMatchObject({ walletBalance: '990', availableBalance: '967.3' });
  });

  it('keeps what the stream said when a REST answer is older than it', () => {
    const b = book();
    b.apply({ e: 'ACCOUNT_UPDATE', E: 3000, T: 3000, reason: 'ORDER', balances: [], positions: [{ symbol: 'BTCUSDT', amount: '0.020', entryPrice: '60500', unrealizedPnl: '0', marginType: 'cross', positionSide: 'BOTH' }] });
    const account = parseFuturesAccount({ assets: [asset] });
    const risk = parsePositionRisk([row({ updateTime: 1000 })]);
    if (typeof account === 'string' || typeof risk === 'string') throw new Error('fixture');
    b.setRest(account, risk, 6);
    expect(b.openPositions()[0]).toMatchObject({ qty: 20, entryPrice: '60500' });
    const newer = parsePositionRisk([row({ updateTime: 4000, positionAmt: '0.000' })]);
    if (typeof newer === 'string') throw new Error('fixture');
    b.setRest(account, newer, 7);
    expect(b.openPositions()).toEqual([]);
  });

  it('refuses malformed answers with the reason', () => {
    expect(parseFuturesAccount({ assets: [{ ...asset, availableBalance: 'lots' }] })).toMatch(/availableBalance/);
    expect(parsePositionRisk([row({ positionAmt: 1 })])).toMatch(/positionAmt/);
    expect(parsePositionRisk({})).toMatch(/not a list/);
  });
});

describe('position reconciliation', () => {
  it('shows each symbol whose position moved unseen, for information; nothing on the first check', () => {
    expect(positionDifferences(undefined, new Map([['BTCUSDT', 10]]))).toEqual([]);
    expect(positionDifferences(new Map([['BTCUSDT', 10]]), new Map([['BTCUSDT', 10]]))).toEqual([]);
    expect(positionDifferences(new Map([['BTCUSDT', 10], ['ETHUSDT', -3]]), new Map([['BTCUSDT', 4]]))).toEqual([
      { kind: 'position', symbol: 'BTCUSDT', id: 'BTCUSDT', terminal: '10 lots', venue: '4 lots', action: "take the venue's position", blocking: false },
      { kind: 'position', symbol: 'ETHUSDT', id: 'ETHUSDT', terminal: '-3 lots', venue: '0 lots', action: "take the venue's position", blocking: false },
    ]);
  });
});
