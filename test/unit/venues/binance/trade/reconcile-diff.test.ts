/** The reconciliation diff: every kind of difference, which ones block trading, and what is done about each. */
import { describe, expect, it } from 'vitest';
import { reconcile, type BelievedOrder, type ListedOrder } from '../../../../../workers/venues/binance/trade/reconcile-diff.js';

const believed = (venueId: string, fields: Partial<BelievedOrder> = {}): BelievedOrder => ({ venueId, busId: venueId.slice(3), symbol: 'BTCUSDT', venueOrderId: `v-${venueId}`, open: true, filledLots: 0, ...fields });
const listed = (venueId: string, fields: Partial<ListedOrder> = {}): ListedOrder => ({ venueId, symbol: 'BTCUSDT', venueOrderId: `v-${venueId}`, filledLots: 0, ours: true, busId: venueId.slice(3), ...fields });
const empty = { believedOrders: [], seenFills: new Set<string>(), believedBalances: [], listedOrders: [], listedFills: [], balances: [] };

describe('reconcile', () => {
  it('passes when belief and venue agree', () => {
    const result = reconcile({ ...empty, believedOrders: [believed('tt_a')], listedOrders: [listed('tt_a')], seenFills: new Set(['BTCUSDT:7']), listedFills: [{ symbol: 'BTCUSDT', tradeId: '7', venueOrderId: 'v-tt_a' }] });
    expect(result).toEqual({ differences: [], actions: [] });
  });

  it('fetches an order we think open that the venue no longer lists, and publishes its missed fill', () => {
    const result = reconcile({ ...empty, believedOrders: [believed('tt_a')], listedFills: [{ symbol: 'BTCUSDT', tradeId: '9', venueOrderId: 'v-tt_a' }] });
    expect(result.differences.map((d) => [d.kind, d.blocking])).toEqual([['order_missing', true], ['fill_missed', true]]);
    expect(result.actions).toEqual([{ kind: 'fetch_order', venueId: 'tt_a' }, { kind: 'publish_fill', fill: { symbol: 'BTCUSDT', tradeId: '9', venueOrderId: 'v-tt_a' } }]);
  });

  it('adopts an open order of ours it did not know, and only shows orders and fills of other programs', () => {
    const result = reconcile({
      ...empty,
      listedOrders: [listed('tt_b', { filledLots: 3 }), listed('web_1', { ours: false, busId: undefined })],
      listedFills: [{ symbol: 'BTCUSDT', tradeId: '11', venueOrderId: 'v-tt_b' }, { symbol: 'BTCUSDT', tradeId: '12', venueOrderId: 'v-web_1' }],
    });
    expect(result.differences.map((d) => `${d.kind} ${d.id} ${d.blocking}`)).toEqual(['order_unknown b true', 'order_foreign web_1 false', 'fill_missed 11 true', 'fill_foreign 12 false']);
    expect(result.actions.map((a) => a.kind)).toEqual(['adopt', 'publish_fill']);
  });

  it('reports a filled quantity that disagrees', () => {
    const result = reconcile({ ...empty, believedOrders: [believed('tt_a', { filledLots: 1 })], listedOrders: [listed('tt_a', { filledLots: 4 })] });
    expect(result.differences).toEqual([expect.objectContaining({ kind: 'order_qty', terminal: '1 lots filled', venue: '4 lots filled', blocking: true })]);
  });

  it("shows changed balances without blocking and takes the venue's; equal decimals are equal", () => {
    const result = reconcile({
      ...empty,
      believedBalances: [{ asset: 'USDT', free: '100.5', locked: '0' }, { asset: 'BTC', free: '1', locked: '0' }],
      balances: [{ asset: 'USDT', free: '100.50000000', locked: '0.00000000' }, { asset: 'BTC', free: '0.9', locked: '0.1' }],
    });
    expect(result.differences).toEqual([expect.objectContaining({ kind: 'balance', id: 'BTC', terminal: 'free 1, locked 0', venue: 'free 0.9, locked 0.1', blocking: false })]);
    expect(result.actions).toEqual([{ kind: 'publish_balances' }]);
  });
});
