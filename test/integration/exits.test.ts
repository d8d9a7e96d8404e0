/**
 * Exits through the real host, workers and sockets, as the user drives them from the window: a bracket template saved
 * in the Risk panel and picked in the ticket protects the order's position as soon as it fills (a reduce-only stop for
 * the whole position and split targets, working at the venue at once); dragging the stop moves the stop order; Clear
 * drops the plan and its orders but keeps the position; a plan set on a position ends when the position is flattened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExitRow, HostToRenderer, OrderRow } from '../../workers/protocol/channels.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

describe('exit plans from the terminal window', () => {
  let terminal: TestTerminal;
  const orders = new Map<string, OrderRow>();
  let last: Extract<HostToRenderer, { channel: 'state' }> | undefined;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [] });
    const take = (message: HostToRenderer): void => {
      if (message.channel === 'orders') for (const row of message.orders) orders.set(row.clientOrderId, row);
      if (message.channel === 'state') last = message;
    };
    for (const message of terminal.host.api.current()) take(message);
    terminal.host.api.subscribe(take);
    await terminal.waitFor('the exits worker and a market', () => last?.workers.find((w) => w.name === 'exits')?.state === 'running' && (last?.positions !== undefined));
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  const position = (): number => last?.positions.find((p) => p.symbol === 'BTC-USD')?.qtyLots ?? 0;
  const plan = (): ExitRow | undefined => last?.exits.find((e) => e.symbol === 'BTC-USD' && e.owner === 'manual' && e.phase !== 'done');
  const working = (): OrderRow[] => [...orders.values()].filter((o) => o.strategyId === 'exits:manual' && (o.state === 'accepted' || o.state === 'partially_filled' || o.state === 'pending_new'));
  const stopOrder = (): OrderRow | undefined => working().find((o) => o.orderType === 'stop');

  it('saves a bracket template the ticket can pick', async () => {
    terminal.host.api.handle({ channel: 'saveBracket', template: { name: 'Guard', stopLoss: 2_000, targets: [{ distance: 3_000, share: 40 }, { distance: 6_000, share: 60 }] } });
    await terminal.waitFor('the template in the state', () => last?.brackets.some((t) => t.name === 'Guard') === true);
  });

  it('protects a market buy with the bracket the moment it fills: a stop for all of it and split targets', async () => {
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 5, tif: 'IOC', bracket: 'Guard' });
    await terminal.waitFor('a long position', () => position() === 5);
    await terminal.waitFor('an active plan with a stop and two targets', () => plan()?.phase === 'active' && plan()!.stopPrice > 0 && plan()!.targets.length === 2);
    const exit = plan()!;
    expect(exit.entryPrice - exit.stopPrice).toBe(2_000);
    expect(exit.targets.map(([price, qty]) => [price - exit.entryPrice, qty])).toEqual([
      [3_000, 2],
      [6_000, 3],
    ]);
    await terminal.waitFor('the stop and both targets working at the venue', () => working().length === 3);
    expect(stopOrder()).toMatchObject({ side: 'sell', qty: 5, stopPrice: exit.stopPrice });
    expect(working().filter((o) => o.orderType === 'limit').map((o) => [o.side, o.price, o.qty]).sort()).toEqual(exit.targets.map(([price, qty]) => ['sell', price, qty]).sort());
  });

  it('moves the stop order when its line is dropped at a new price', async () => {
    const to = plan()!.stopPrice - 500;
    terminal.host.api.handle({ channel: 'moveExitStop', venue: 'sim', symbol: 'BTC-USD', owner: 'manual', stopPrice: to });
    await terminal.waitFor('the plan and its stop order at the new price', () => plan()?.stopPrice === to && stopOrder()?.stopPrice === to);
    expect(plan()?.targets).toHaveLength(2);
  });

  it('clears the plan: its orders are canceled and the position stays', async () => {
    terminal.host.api.handle({ channel: 'clearExitPlan', venue: 'sim', symbol: 'BTC-USD', owner: 'manual' });
    await terminal.waitFor('no exit orders working', () => working().length === 0 && plan() === undefined);
    expect(position()).toBe(5);
  });

  it('protects the open position from the Positions panel, and the plan ends when the position is flattened', async () => {
    terminal.host.api.handle({ channel: 'setExitPlan', venue: 'sim', symbol: 'BTC-USD', owner: 'manual', plan: { stopDistance: 1_500 } });
    await terminal.waitFor('a stop working for the position', () => stopOrder()?.qty === 5);
    terminal.host.api.handle({ channel: 'flatten', venue: 'sim', symbol: 'BTC-USD' });
    await terminal.waitFor('flat, with the plan ended and its stop canceled', () => position() === 0 && plan() === undefined && working().length === 0);
  });
});
