/**
 * The user's commands as the windows send them, through the real host, workers and sockets: orders by hand reach the
 * venue through risk and come back as orders, fills and positions; cancel, amend, stop orders, flatten, the kill
 * switch and strategy switches do what the trader expects. (The browser tests drive the same commands from the
 * keyboard.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FillRow, HostToRenderer, OrderRow } from '../../workers/protocol/channels.js';
import { pingStrategy, startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

describe('commands from the terminal window', () => {
  let terminal: TestTerminal;
  const orders = new Map<string, OrderRow>();
  const fills: FillRow[] = [];
  const logs: string[] = [];
  let last: Extract<HostToRenderer, { channel: 'state' }> | undefined;
  let bestBid = 0;
  let bestAsk = 0;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [{ ...pingStrategy(20), enabled: false }] });
    const take = (message: HostToRenderer): void => {
      if (message.channel === 'orders') for (const row of message.orders) orders.set(row.clientOrderId, row);
      if (message.channel === 'fills') fills.push(...message.fills);
      if (message.channel === 'state') last = message;
      if (message.channel === 'log') logs.push(message.text);
      if (message.channel === 'market') {
        const book = message.books.find((b) => b.symbol === 'BTC-USD');
        if (book?.bids[0] !== undefined && book.asks[0] !== undefined) [bestBid, bestAsk] = [book.bids[0][0], book.asks[0][0]];
      }
    };
    for (const message of terminal.host.api.current()) take(message);
    terminal.host.api.subscribe(take);
    await terminal.waitFor('a BTC book', () => bestBid > 0 && bestAsk > bestBid);
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  const manual = (): OrderRow[] => [...orders.values()].filter((o) => o.strategyId === 'manual');

  it('places a limit order below the market, shows it working, and cancels it', async () => {
    const price = bestBid - 40;
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', price, qty: 2, tif: 'GTC' });
    await terminal.waitFor('the order to work', () => manual().some((o) => o.state === 'accepted' && o.price === price));
    const working = manual().find((o) => o.price === price)!;
    expect(working).toMatchObject({ side: 'buy', qty: 2, filledQty: 0, orderType: 'limit' });
    terminal.host.api.handle({ channel: 'cancelOrder', clientOrderId: working.clientOrderId });
    await terminal.waitFor('the cancel', () => orders.get(working.clientOrderId)?.state === 'canceled');
  });

  it('buys at market, fills, and flattens the position', async () => {
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 5, tif: 'IOC' });
    await terminal.waitFor('a long position', () => last?.positions.find((p) => p.symbol === 'BTC-USD')?.qtyLots === 5);
    expect(fills.some((f) => f.strategyId === 'manual' && f.side === 'buy')).toBe(true);
    terminal.host.api.handle({ channel: 'flatten', venue: 'sim', symbol: 'BTC-USD' });
    await terminal.waitFor('a flat position', () => last?.positions.find((p) => p.symbol === 'BTC-USD')?.qtyLots === 0);
  });

  it('shows a denial with its reason when an order breaks a limit', async () => {
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', price: bestBid - 40, qty: 5_000, tif: 'GTC' });
    await terminal.waitFor('the denial', () => manual().some((o) => o.state === 'rejected' && o.reason.includes('max_order_qty')));
  });

  it('amends a working order: the same order at its new price and quantity', async () => {
    const price = bestBid - 60;
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', price, qty: 2, tif: 'GTC' });
    await terminal.waitFor('the order to work', () => manual().some((o) => o.state === 'accepted' && o.price === price));
    const original = manual().find((o) => o.price === price)!;
    terminal.host.api.handle({ channel: 'amendOrder', clientOrderId: original.clientOrderId, price: price - 10 });
    await terminal.waitFor('the order at its new price', () => orders.get(original.clientOrderId)?.price === price - 10);
    expect(orders.get(original.clientOrderId)).toMatchObject({ state: 'accepted', qty: 2, reason: 'amended' });
    terminal.host.api.handle({ channel: 'amendOrder', clientOrderId: original.clientOrderId, qty: 5 });
    await terminal.waitFor('the order with its new quantity', () => orders.get(original.clientOrderId)?.qty === 5);
    expect(manual().filter((o) => o.price === price - 10)).toHaveLength(1); // amended in place, not replaced
    terminal.host.api.handle({ channel: 'cancelOrder', clientOrderId: original.clientOrderId });
    await terminal.waitFor('the cancel', () => orders.get(original.clientOrderId)?.state === 'canceled');
  });

  it('places a stop order, moves its stop price, and shows a refused amend with its reason', async () => {
    const stopPrice = bestAsk + 80;
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'stop', price: 0, stopPrice, qty: 1, tif: 'GTC' });
    await terminal.waitFor('the stop to wait', () => manual().some((o) => o.state === 'accepted' && o.orderType === 'stop' && o.stopPrice === stopPrice));
    const stop = manual().find((o) => o.orderType === 'stop' && o.stopPrice === stopPrice)!;
    expect(stop).toMatchObject({ price: 0, triggered: false, side: 'buy' });
    terminal.host.api.handle({ channel: 'amendOrder', clientOrderId: stop.clientOrderId, stopPrice: stopPrice + 20 });
    await terminal.waitFor('the new stop price', () => orders.get(stop.clientOrderId)?.stopPrice === stopPrice + 20);
    // A buy stop below the market would trigger at once: the venue refuses the amend and the order stays as it was.
    terminal.host.api.handle({ channel: 'amendOrder', clientOrderId: stop.clientOrderId, stopPrice: bestBid - 200 });
    await terminal.waitFor('the refusal', () => orders.get(stop.clientOrderId)?.reason.startsWith('amend refused') === true);
    expect(orders.get(stop.clientOrderId)).toMatchObject({ state: 'accepted', stopPrice: stopPrice + 20 });
    await terminal.waitFor('the refusal in the log', () => logs.some((text) => text.includes(`amend of ${stop.clientOrderId} refused`)));
    // A stop has no limit price: the host says so and sends nothing.
    terminal.host.api.handle({ channel: 'amendOrder', clientOrderId: stop.clientOrderId, price: bestBid });
    await terminal.waitFor('the host refusal', () => logs.some((text) => text.includes(`amend of ${stop.clientOrderId} not sent: a stop order has no limit price`)));
    terminal.host.api.handle({ channel: 'cancelOrder', clientOrderId: stop.clientOrderId });
    await terminal.waitFor('the cancel', () => orders.get(stop.clientOrderId)?.state === 'canceled');
  });

  it('switches a strategy on and off', async () => {
    const submitted = (): number => [...orders.values()].filter((o) => o.strategyId === 'ping').length;
    expect(submitted()).toBe(0);
    terminal.host.api.handle({ channel: 'setStrategy', id: 'ping', enabled: true });
    await terminal.waitFor('strategy orders', () => submitted() >= 2);
    expect(last?.strategies.find((s) => s.id === 'ping')?.enabled).toBe(true);
    terminal.host.api.handle({ channel: 'setStrategy', id: 'ping', enabled: false });
  });

  it('kill switch: cancels working orders, flattens, and lets only reducing orders through', async () => {
    const before = new Set(orders.keys());
    const placed = (symbol: string, side: string): OrderRow | undefined => manual().find((o) => !before.has(o.clientOrderId) && o.symbol === symbol && o.side === side);
    // The position the user sees is the sum of all fills (the ping strategy's included) once it shows them.
    const position = (): number | undefined => last?.positions.find((p) => p.symbol === 'BTC-USD')?.qtyLots;
    const sumOfFills = (): number => fills.filter((f) => f.symbol === 'BTC-USD').reduce((sum, f) => sum + (f.side === 'buy' ? f.qty : -f.qty), 0);
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 3, tif: 'IOC' });
    await terminal.waitFor('the buy filled and in the position', () => placed('BTC-USD', 'buy')?.state === 'filled' && position() === sumOfFills());
    expect(position()).not.toBe(0);
    terminal.host.api.handle({ channel: 'killSwitch' });
    expect(last?.trading).toEqual({ state: 'reducing', cause: 'kill switch' });
    // At once, as a user could: an order that opens a position where nobody has one, so there is nothing it reduces.
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'ETH-USD', side: 'buy', orderType: 'market', price: 0, qty: 1, tif: 'IOC' });
    await terminal.waitFor('flat and nothing working', () =>
      position() === 0 && sumOfFills() === 0 && [...orders.values()].every((o) => !['accepted', 'pending_new', 'partially_filled'].includes(o.state)),
    );
    await terminal.waitFor('an answer to the new order', () => ['rejected', 'filled', 'canceled', 'expired'].includes(placed('ETH-USD', 'buy')?.state ?? ''));
    expect(placed('ETH-USD', 'buy')).toMatchObject({ state: 'rejected', filledQty: 0, reason: expect.stringContaining('trading_state') });
    expect(last?.trading).toEqual({ state: 'reducing', cause: 'kill switch' });
    terminal.host.api.handle({ channel: 'resumeTrading' });
    await terminal.waitFor('trading active again', () => last?.trading.state === 'active');
  });
});
