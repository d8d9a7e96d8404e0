/**
 * The account as the window shows it: exact money at two decimals of its currency, and an equity line that samples
 * at most every few seconds and keeps a bounded history; the renderer's sparkline scales it into its box.
 */
import { describe, expect, it } from 'vitest';
import { accountRow, EquitySeries } from '../../../src-main/host/account-view.js';
import { sparklinePoints } from '../../../src-renderer/src/model/sparkline.js';
import { SCHEMA_VERSION, type AccountStatus } from '../../../workers/protocol/messages.js';

function status(equity: number): AccountStatus {
  return { type: 'AccountStatus', v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1, account: 'sim-1', currency: 'USD', leverage: 5, balance: 100_000_012_345_678, equity, margin: 5, available: 49_999_999, buyingPower: 249_999_995 };
}

describe('account view', () => {
  it('formats the money exactly, rounding half away from zero at the cent', () => {
    expect(accountRow(status(99_999_999_500_000))).toEqual({
      account: 'sim-1',
      currency: 'USD',
      leverage: 5,
      balance: '1000000.12',
      equity: '1000000.00',
      margin: '0.00',
      available: '0.50',
      buyingPower: '2.50',
    });
  });

  it('samples equity at most every interval and keeps only the newest points', () => {
    const series = new EquitySeries(5_000, 3);
    expect(series.sample(undefined, 0)).toBe(false);
    expect(series.sample(status(100_000_000), 0)).toBe(true);
    expect(series.sample(status(200_000_000), 4_999)).toBe(false);
    for (const [at, equity] of [[5_000, 2], [10_000, 3], [15_000, 4]] as const) series.sample(status(equity * 100_000_000), at);
    expect(series.all()).toEqual([
      [5_000_000, 2],
      [10_000_000, 3],
      [15_000_000, 4],
    ]);
  });

  it('draws the series across its box, highest at the top, a flat one in the middle', () => {
    expect(sparklinePoints([[0, 10], [5, 20], [10, 15]], 100, 20)).toBe('0,20 50,0 100,10');
    expect(sparklinePoints([[0, 7], [1, 7]], 100, 20)).toBe('0,10 100,10');
    expect(sparklinePoints([], 100, 20)).toBe('');
  });
});

describe('venue accounts', () => {
  it('joins balances and the latest reconciliation per account, with every difference for the user', async () => {
    const { venueAccountRows } = await import('../../../src-main/host/account-view.js');
    const envelope = { v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1 } as const;
    const balances = new Map([['binance:main', { ...envelope, type: 'VenueAccount' as const, venue: 'binance', account: 'main', source: 'rest' as const, balances: [{ asset: 'USDT', free: '1000.50', locked: '0' }], updateTime: 1 }]]);
    const difference = { kind: 'order_unknown', symbol: 'BTCUSDT', id: 'tt1_7', terminal: 'working', venue: 'absent', action: 'reported canceled', blocking: true };
    const reports = new Map([
      ['binance:main', { ...envelope, type: 'ReconcileReport' as const, venue: 'binance', account: 'main', state: 'differences' as const, reason: '1 difference', differences: [difference] }],
      ['binance:sub', { ...envelope, type: 'ReconcileReport' as const, venue: 'binance', account: 'sub', state: 'passed' as const, reason: '', differences: [] }],
    ]);
    expect(venueAccountRows(balances, reports)).toEqual([
      { venue: 'binance', account: 'main', balances: [{ asset: 'USDT', free: '1000.50', locked: '0' }], reconcile: 'differences', reason: '1 difference', differences: [difference], positions: [], margin: [] },
      { venue: 'binance', account: 'sub', balances: [], reconcile: 'passed', reason: '', differences: [], positions: [], margin: [] },
    ]);
  });

  it("shows a futures account's margin and positions, quantities in the instrument's units", async () => {
    const { venueAccountRows } = await import('../../../src-main/host/account-view.js');
    const envelope = { v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1 } as const;
    const margin = { asset: 'USDT', walletBalance: '1000', unrealizedPnl: '-2.5', marginBalance: '997.5', initialMargin: '30', maintMargin: '1.2', availableBalance: '967.5' };
    const position = { symbol: 'BTCUSDT', qty: -10, entryPrice: '60000', unrealizedPnl: '-2.5', markPrice: '60250', liquidationPrice: '63000', leverage: 20, marginType: 'cross' };
    const accounts = new Map([['binanceusdm:futures', { ...envelope, type: 'VenueAccount' as const, venue: 'binanceusdm', account: 'futures', source: 'stream' as const, balances: [], updateTime: 1, positions: [position], margin: [margin] }]]);
    const [row] = venueAccountRows(accounts, new Map(), (_venue, _symbol, lots) => (lots / 1000).toFixed(3));
    expect(row).toMatchObject({ margin: [{ asset: 'USDT', availableBalance: '967.5', marginBalance: '997.5' }], positions: [{ symbol: 'BTCUSDT', qty: '-0.010', entryPrice: '60000', leverage: 20 }] });
  });

  it('merges a spot stream update (the assets that changed) into what was known; REST replaces', async () => {
    const { mergeVenueAccount } = await import('../../../src-main/host/account-view.js');
    const base = { v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1, type: 'VenueAccount' as const, venue: 'binance', account: 'main', updateTime: 1 };
    const rest = { ...base, source: 'rest' as const, balances: [{ asset: 'USDT', free: '100', locked: '0' }, { asset: 'BTC', free: '1', locked: '0' }] };
    const stream = { ...base, source: 'stream' as const, balances: [{ asset: 'BTC', free: '0.5', locked: '0.5' }] };
    expect(mergeVenueAccount(rest, stream).balances).toEqual([{ asset: 'USDT', free: '100', locked: '0' }, { asset: 'BTC', free: '0.5', locked: '0.5' }]);
    expect(mergeVenueAccount(stream, rest).balances).toHaveLength(2);
  });
});
