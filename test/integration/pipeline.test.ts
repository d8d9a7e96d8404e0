/**
 * The spine end to end: the simulated exchange's market moves, the feed publishes it, a strategy trades it through
 * risk and execution, and positions come back — with every worker a real process on real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalMessages } from './helpers/journal-reader.js';
import { pingStrategy, startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

describe('the terminal on the simulated exchange', () => {
  let terminal: TestTerminal;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [pingStrategy(10)] });
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  it('trades end to end and reports positions from fills', async () => {
    await terminal.waitFor('five fills', () => terminal.summary().orders.fills >= 5);
    await terminal.waitFor('a BTC position report', () => terminal.summary().positions['sim:BTC-USD'] !== undefined);
    // Worker counters arrive with heartbeats, a little after the events themselves.
    await terminal.waitFor('the strategy to report its orders', () => (terminal.summary().workers.strategy?.counters.intents ?? 0) >= 5);
    const summary = terminal.summary();
    for (const name of ['sim', 'execution', 'risk', 'feed', 'strategy', 'journal']) {
      expect(summary.workers[name]?.state, name).toBe('running');
      expect(summary.workers[name]?.pid, name).toBeGreaterThan(0);
      expect(summary.workers[name]?.refused, name).toBe(0);
    }
    expect(summary.workers.feed!.counters.trades).toBeGreaterThan(0);
    expect(summary.orders.submitted).toBeGreaterThanOrEqual(5);
    expect(summary.orders.denied).toBe(0);
  });

  it('journals the market-data, risk and execution streams', async () => {
    await terminal.waitFor('fills in the journal', () => journalMessages(terminal.runDir, 'exec').some((m) => m.type === 'OrderFilled'));
    expect(journalMessages(terminal.runDir, 'md').some((m) => m.type === 'Trade')).toBe(true);
    expect(journalMessages(terminal.runDir, 'risk').some((m) => m.type === 'PositionChanged')).toBe(true);
  });

  it('stops a worker on command and starts it again', async () => {
    await terminal.host.supervisor.stop('strategy');
    const stopped = terminal.summary();
    expect(stopped.workers.strategy!.state).toBe('stopped');
    const submittedWhileStopped = stopped.orders.submitted;
    await terminal.host.supervisor.start('strategy');
    await terminal.waitFor('orders after the restart', () => terminal.summary().orders.submitted > submittedWhileStopped + 2);
    expect(terminal.summary().workers.strategy!.restarts).toBe(0);
  });
});
