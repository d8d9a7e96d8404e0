/**
 * The risk worker's recovery, with real processes: after `kill -9` it comes back with the same position, P&L per owner
 * and account figures it had (rebuilt from its journal), its limits still hold, and an order sent while it was down
 * waits for it and is checked — never passed unchecked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostToRenderer, OrderRow } from '../../workers/protocol/channels.js';
import type { AccountStatus, Message, OwnerPosition, PositionChanged } from '../../workers/protocol/messages.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';
import { requestSnapshot } from './helpers/snapshot-client.js';

const RISK = { maxOrderQty: { '*': 1000 }, maxPosition: { 'BTC-USD': 10, '*': 1000 }, maxOpenOrders: 50, account: { id: 'acct', currency: 'USD', balance: '100000', leverage: 2 } };

/** What risk knows, as it answers a late joiner: positions, owners and the account, without the stream counters. */
function essence(messages: Message[]): unknown {
  // The answer holds the stream's history too: the last message per topic is the state.
  const latest = new Map<string, Message>();
  for (const m of messages) latest.set(m.type === 'PositionChanged' ? `p|${m.symbol}` : m.type === 'OwnerPosition' ? `o|${m.owner}|${m.symbol}` : m.type, m);
  const pick = <T extends Message>(type: T['type']) => [...latest.values()].filter((m): m is T => m.type === type);
  return {
    positions: pick<PositionChanged>('PositionChanged').map(({ venue, symbol, qty, cost, realized, fees }) => ({ venue, symbol, qty, cost, realized, fees })),
    owners: pick<OwnerPosition>('OwnerPosition').map(({ owner, symbol, qty, cost, realized, fees }) => ({ owner, symbol, qty, cost, realized, fees })),
    balance: pick<AccountStatus>('AccountStatus').map(({ account, balance }) => ({ account, balance })),
  };
}

describe('risk recovery', () => {
  let terminal: TestTerminal;
  const orders = new Map<string, OrderRow>();
  let last: Extract<HostToRenderer, { channel: 'state' }> | undefined;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [], risk: RISK });
    const take = (message: HostToRenderer): void => {
      if (message.channel === 'orders') for (const row of message.orders) orders.set(row.clientOrderId, row);
      if (message.channel === 'state') last = message;
    };
    for (const message of terminal.host.api.current()) take(message);
    terminal.host.api.subscribe(take);
    await terminal.waitFor('risk running', () => last?.workers.find((w) => w.name === 'risk')?.state === 'running');
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  const position = (): number => last?.positions.find((p) => p.symbol === 'BTC-USD')?.qtyLots ?? 0;
  const risk = () => terminal.summary().workers.risk!;

  it('comes back from kill -9 with the same positions, P&L per owner and account balance', async () => {
    const buy = (qty: number) => terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty, tif: 'IOC' });
    buy(4);
    await terminal.waitFor('long 4', () => position() === 4);
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'sell', orderType: 'market', price: 0, qty: 1, tif: 'IOC' });
    buy(3);
    await terminal.waitFor('long 6', () => position() === 6);
    const before = essence(await requestSnapshot(terminal.config.endpoints.riskSnap));
    expect(before).toMatchObject({ positions: [{ symbol: 'BTC-USD', qty: 6 }], owners: [{ owner: 'manual', qty: 6 }], balance: [{ account: 'acct' }] });

    const { pid, restarts } = risk();
    process.kill(pid, 'SIGKILL');
    await terminal.waitFor('risk restarted', () => risk().restarts === restarts + 1 && risk().state === 'running' && risk().pid !== pid);
    expect(essence(await requestSnapshot(terminal.config.endpoints.riskSnap))).toEqual(before);
  });

  it('still holds its limits after the restart: long 6 of at most 10, a buy of 5 is denied', async () => {
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 5, tif: 'IOC' });
    await terminal.waitFor('the denial', () => [...orders.values()].some((o) => o.state === 'rejected' && o.reason.startsWith('position after the fill would be long 11 lots, beyond the limit of ±10 lots')));
    expect(position()).toBe(6);
  });

  it('checks an order that was sent while it was down once it is back', async () => {
    await terminal.host.supervisor.stop('risk');
    await terminal.waitFor('risk stopped', () => risk().state === 'stopped');
    const denied = [...orders.values()].filter((o) => o.state === 'rejected').length;
    terminal.host.api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 7, tif: 'IOC' });
    await terminal.host.supervisor.start('risk');
    await terminal.waitFor('the waiting order denied', () => [...orders.values()].filter((o) => o.state === 'rejected').length === denied + 1);
    expect([...orders.values()].filter((o) => o.state === 'rejected').at(-1)?.reason).toMatch(/^position after the fill would be long 13 lots, beyond the limit of ±10 lots/);
    expect(position()).toBe(6);
  });
});
