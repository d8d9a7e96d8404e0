/**
 * ccxt's unified orders, trades and balances as the live-orders core's records, and those records through the core's
 * own checks (wire-parse.ts) and its ledger: ids ccxt gives as text, decimals read back exactly, a malformed answer
 * refused rather than read as zeros, and each fill published once per venue trade id.
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../workers/core/instrument.js';
import type { Outgoing } from '../../../../workers/core/worker-core.js';
import { SCHEMA_VERSION, type SubmitOrder } from '../../../../workers/protocol/messages.js';
import { ClientOrderIds } from '../../../../workers/venues/binance/trade/client-order-id.js';
import { LiveOrder } from '../../../../workers/venues/binance/trade/live-order.js';
import { OrderLedger } from '../../../../workers/venues/binance/trade/order-ledger.js';
import { parseOrder, parseTrades } from '../../../../workers/venues/binance/trade/wire-parse.js';
import { statusOf, venueAccountOf, venueOrderOf, venueTradeOf } from '../../../../workers/venues/ccxt/ccxt-order-map.js';

const BTC = makeInstrument({ venue: 'kraken', symbol: 'BTC-USD', base: 'BTC', quote: 'USD', tickSize: '0.1', lotSize: '0.0001', minNotional: '1', multiplier: 1 });

describe('ccxt orders as the core’s records', () => {
  it('maps a resting limit order: text ids, exact decimals, open → NEW', () => {
    const order = venueOrderOf({ id: 'OQCLML-BW3P3-BUCMWZ', clientOrderId: 'ttabc123_o1', symbol: 'BTC/USD', type: 'limit', side: 'buy', status: 'open', price: 64000.1, amount: 0.0012, filled: 0, timestamp: 1_700_000_000_000 }, 'BTC-USD');
    expect(order).toMatchObject({ symbol: 'BTC-USD', orderId: 'OQCLML-BW3P3-BUCMWZ', clientOrderId: 'ttabc123_o1', price: '64000.1', origQty: '0.0012', executedQty: '0', status: 'NEW', type: 'LIMIT', side: 'BUY', time: 1_700_000_000_000 });
    expect(parseOrder(order)).toMatchObject({ orderId: 'OQCLML-BW3P3-BUCMWZ' });
  });

  it('maps each ccxt status, and a partly filled open order', () => {
    expect(['closed', 'canceled', 'expired', 'rejected', 'open', undefined].map((s) => statusOf(s, 0))).toEqual(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED', 'NEW', 'NEW']);
    expect(statusOf('open', 0.5)).toBe('PARTIALLY_FILLED');
  });

  it('keeps the fills of an answer that names them (a market order), with their trade ids and fees', () => {
    const order = venueOrderOf({
      id: '1001', clientOrderId: 'ttabc123_m1', type: 'market', side: 'sell', status: 'closed', price: 65000, amount: 0.001, filled: 0.001,
      trades: [{ id: '5000', price: 65000, amount: 0.001, fee: { cost: 0.065, currency: 'USD' } }, { price: 65000, amount: 0 }],
    }, 'BTC-USD');
    // A market order's price is not a limit; a fill without an id cannot be counted once and is left to the trade list.
    expect(order).toMatchObject({ price: '0', executedQty: '0.001', status: 'FILLED', side: 'SELL', type: 'MARKET' });
    expect(order.fills).toEqual([{ price: '65000', qty: '0.001', commission: '0.065', commissionAsset: 'USD', tradeId: '5000' }]);
    expect(parseOrder(order)).not.toBeTypeOf('string');
  });

  it('leaves out what ccxt did not give, so the core refuses the answer instead of reading zeros', () => {
    expect(parseOrder(venueOrderOf({ clientOrderId: 'x', type: 'limit', side: 'buy', status: 'open', price: 1, amount: 1 }, 'BTC-USD'))).toBe('an order without an orderId');
    expect(parseOrder(venueOrderOf({ id: '1', clientOrderId: 'x', type: 'limit', side: 'buy', status: 'open', price: Number.NaN, amount: 1 }, 'BTC-USD'))).toBe('an order whose price is not a decimal');
  });

  it('maps trades and balances', () => {
    const trade = venueTradeOf({ id: 'T-9', order: 'O-1', side: 'buy', takerOrMaker: 'maker', price: 64000.1, amount: 1e-4, cost: 6.40001, timestamp: 5, fee: { cost: 1e-7, currency: 'BTC' } }, 'BTC-USD');
    expect(trade).toEqual({ symbol: 'BTC-USD', id: 'T-9', orderId: 'O-1', price: '64000.1', qty: '0.0001', quoteQty: '6.40001', commission: '0.0000001', commissionAsset: 'BTC', time: 5, isBuyer: true, isMaker: true });
    expect(parseTrades([trade])).toEqual([trade]);
    expect(venueAccountOf({ free: { USD: 100.5, BTC: 0, ETH: -1 }, used: { USD: 1e-8 } }, 42)).toEqual({
      updateTime: 42, canTrade: true,
      // A negative amount is not a balance the core could compare: left out.
      balances: [{ asset: 'BTC', free: '0', locked: '0' }, { asset: 'USD', free: '100.5', locked: '0.00000001' }],
    });
  });
});

describe('ccxt records through the core’s ledger', () => {
  it('publishes a fill once, whether it came in the order’s answer or in the trade list', () => {
    const reports: Outgoing[] = [];
    const ids = new ClientOrderIds('abc123');
    const ledger = new OrderLedger(ids, (_port, _peer, message) => reports.push(message), 'orders');
    const command: SubmitOrder = {
      v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1, type: 'SubmitOrder', venue: 'kraken', symbol: 'BTC-USD', src: 'test', clientOrderId: 'm1', strategyId: 's',
      side: 'buy', orderType: 'market', price: 0, qty: 10, tif: 'IOC', causeTs: 0,
    };
    const order = new LiveOrder('m1', ids.toVenue('m1'), 'peer', command, BTC, 'placing');
    ledger.track(order);
    const answer = parseOrder(venueOrderOf({ id: 'O-1', clientOrderId: ids.toVenue('m1'), type: 'market', side: 'buy', status: 'closed', amount: 0.001, filled: 0.001, trades: [{ id: 'T-1', price: 64000, amount: 0.001, fee: { cost: 0.064, currency: 'USD' } }] }, 'BTC-USD'));
    if (typeof answer === 'string') throw new Error(answer);
    ledger.applyOrder(order, answer, 10);
    ledger.applyTrade(venueTradeOf({ id: 'T-1', order: 'O-1', side: 'buy', takerOrMaker: 'taker', price: 64000, amount: 0.001, fee: { cost: 0.064, currency: 'USD' } }, 'BTC-USD'), 20);
    expect(reports.map((r) => r.type)).toEqual(['OrderAccepted', 'OrderFilled']);
    expect(reports[1]).toMatchObject({ clientOrderId: 'm1', price: 640_000, qty: 10, fillId: 'T-1', fee: 6_400_000 });
    expect(ledger.counts).toMatchObject({ fills: 1, duplicate_fills: 1 });
  });
});
