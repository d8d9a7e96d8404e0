/**
 * `kill -9` of each worker in turn while the system trades: the supervisor restarts it, trading resumes, no client
 * order id is used for two orders and no fill is counted twice — the worker rebuilt its state from its journal and
 * caught up on what it missed from the streams' owners.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../workers/protocol/messages.js';
import { journalMessages } from './helpers/journal-reader.js';
import { pingStrategy, startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const VICTIMS = ['feed', 'strategy', 'risk', 'execution'];

describe('crash recovery', () => {
  let terminal: TestTerminal;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [pingStrategy(5)], sim: { seed: 7, ratePerSecond: 400, startPrices: { 'BTC-USD': '65000', 'ETH-USD': '3200' }, depth: 20, timerMs: 20 } });
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  it.each(VICTIMS)('restarts %s after kill -9 and trading resumes', async (victim) => {
    await terminal.waitFor('trading', () => terminal.summary().orders.fills >= 3);
    const before = terminal.summary().workers[victim]!;
    expect(before.state).toBe('running');
    process.kill(before.pid, 'SIGKILL');
    await terminal.waitFor(`${victim} restarted`, () => {
      const now = terminal.summary().workers[victim]!;
      return now.restarts === before.restarts + 1 && now.state === 'running' && now.pid !== before.pid;
    });
    const fills = terminal.summary().orders.fills;
    await terminal.waitFor('fills after the restart', () => terminal.summary().orders.fills >= fills + 3);
  });

  it('used every client order id once and counted every fill once', async () => {
    await terminal.host.supervisor.stop('strategy');
    const exec = (): Message[] => journalMessages(terminal.runDir, 'exec');
    // Settled: no working orders left at execution, and risk's position agrees with the distinct fills.
    await terminal.waitFor('risk position to match the fills', () => {
      const position = terminal.summary().positions['sim:BTC-USD'];
      return position !== undefined && lots(position.qty) === signedFillQty(exec());
    });
    const submitted = new Map<string, number>();
    for (const m of exec()) if (m.type === 'OrderSubmitted') submitted.set(m.clientOrderId, (submitted.get(m.clientOrderId) ?? 0) + 1);
    expect(submitted.size).toBeGreaterThan(10);
    expect([...submitted.values()].every((count) => count === 1)).toBe(true);
    const fillIds = exec().filter((m) => m.type === 'OrderFilled').map((m) => (m.type === 'OrderFilled' ? m.fillId : ''));
    expect(new Set(fillIds).size).toBe(fillIds.length);
    for (const victim of VICTIMS) expect(terminal.summary().workers[victim]!.restarts).toBe(1);
  });
});

/** Signed filled quantity over distinct fill ids, in lots. */
function signedFillQty(messages: Message[]): number {
  const seen = new Set<string>();
  let qty = 0;
  for (const m of messages) {
    if (m.type !== 'OrderFilled' || m.symbol !== 'BTC-USD' || seen.has(m.fillId)) continue;
    seen.add(m.fillId);
    qty += m.side === 'buy' ? m.qty : -m.qty;
  }
  return qty;
}

/** A BTC quantity string (lot 0.001) in lots. */
function lots(qty: string): number {
  return Math.round(Number(qty) * 1000);
}
