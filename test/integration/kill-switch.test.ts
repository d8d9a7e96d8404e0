/**
 * The kill switch from outside the window and the circuit breaker, on the real terminal: `npm run kill` (the built
 * CLI) engages it over the host's control channel and prints the host's report once everything is canceled and flat;
 * a breaker with a tiny daily loss limit trips on a losing round trip, the host shows the state with its cause, and
 * the user's re-arm makes trading active again.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostToRenderer, OrderRow } from '../../workers/protocol/channels.js';
import type { KillSwitchReport } from '../../workers/protocol/messages.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const CLI = fileURLToPath(new URL('../../dist/src-main/cli/kill.js', import.meta.url));
const RISK = { maxOrderQty: { '*': 1000 }, maxPosition: { '*': 5000 }, maxOpenOrders: 200 };
const WORKING = new Set(['pending_new', 'accepted', 'partially_filled']);

/** Runs the CLI without blocking this process (the host runs here). */
function runKill(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/** A terminal with its state, orders and logs followed as a window would. */
async function follow(terminal: TestTerminal) {
  const seen = {
    orders: new Map<string, OrderRow>(),
    logs: [] as string[],
    last: undefined as Extract<HostToRenderer, { channel: 'state' }> | undefined,
    bestBid: 0,
  };
  const take = (message: HostToRenderer): void => {
    if (message.channel === 'orders') for (const row of message.orders) seen.orders.set(row.clientOrderId, row);
    if (message.channel === 'state') seen.last = message;
    if (message.channel === 'log') seen.logs.push(message.text);
    if (message.channel === 'market') {
      const bid = message.books.find((b) => b.symbol === 'BTC-USD')?.bids[0]?.[0];
      if (bid !== undefined) seen.bestBid = bid;
    }
  };
  for (const message of terminal.host.api.current()) take(message);
  terminal.host.api.subscribe(take);
  await terminal.waitFor('a BTC book', () => seen.bestBid > 0);
  return seen;
}

const btc = (seen: Awaited<ReturnType<typeof follow>>): number => seen.last?.positions.find((p) => p.symbol === 'BTC-USD')?.qtyLots ?? 0;

describe('npm run kill', () => {
  let terminal: TestTerminal;
  let seen: Awaited<ReturnType<typeof follow>>;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [] });
    seen = await follow(terminal);
  });
  afterAll(async () => {
    await terminal?.stop();
  });

  it('cancels every working order, flattens every position, and prints the report', async () => {
    const { api } = terminal.host;
    api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 4, tif: 'IOC' });
    await terminal.waitFor('a long position', () => btc(seen) === 4);
    for (const offset of [40, 60]) {
      api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', price: seen.bestBid - offset, qty: 1, tif: 'GTC' });
    }
    await terminal.waitFor('two working orders', () => [...seen.orders.values()].filter((o) => o.state === 'accepted').length === 2);

    const json = await runKill('--ctl', terminal.config.endpoints.ctl, '--json', '--reason', 'test');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as KillSwitchReport;
    expect(report).toMatchObject({ type: 'KillSwitchReport', canceled: 2, flattened: [{ venue: 'sim', symbol: 'BTC-USD', qty: 4 }], state: 'reducing', workingLeft: 0, openLeft: 0 });

    await terminal.waitFor('flat in the window', () => btc(seen) === 0);
    expect([...seen.orders.values()].filter((o) => WORKING.has(o.state))).toEqual([]);
    expect(seen.logs.some((line) => line.startsWith('kill switch: 2 orders canceled, flattened sim:BTC-USD +4'))).toBe(true);

    // Engaged again with nothing left, by run folder and for people: nothing to do, still reported.
    const text = await runKill('--run-dir', terminal.runDir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('orders canceled:    0');
    expect(text.stdout).toContain('everything is canceled and flat');
    terminal.host.api.handle({ channel: 'resumeTrading' });
    await terminal.waitFor('trading active again', () => seen.last?.trading.state === 'active');
  });

  it('says so when no terminal answers', async () => {
    const out = await runKill('--ctl', 'tcp://127.0.0.1:1', '--timeout', '500');
    expect(out.code).toBe(3);
    expect(out.stderr).toContain('no answer');
  });

  it('refuses bad usage', async () => {
    const out = await runKill();
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--run-dir <dir> or --ctl <endpoint>');
  });
});

describe('circuit breaker on the simulated market', () => {
  let terminal: TestTerminal;
  let seen: Awaited<ReturnType<typeof follow>>;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [], risk: { ...RISK, breaker: { dailyLoss: { limit: '0.01', action: 'reducing' } } } });
    seen = await follow(terminal);
  });
  afterAll(async () => {
    await terminal?.stop();
  });

  it('trips on a losing trade, shows the state with its cause, and the re-arm makes trading active', async () => {
    const { api } = terminal.host;
    expect(seen.last?.trading.state).toBe('active');
    // A round trip at market loses the spread and the fees.
    api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 5, tif: 'IOC' });
    await terminal.waitFor('a long position', () => btc(seen) === 5);
    api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'sell', orderType: 'market', price: 0, qty: 5, tif: 'IOC', reduceOnly: true });
    await terminal.waitFor('flat again', () => btc(seen) === 0);
    await terminal.waitFor('the breaker to trip', () => seen.last?.trading.breaker !== undefined);
    const trading = seen.last!.trading;
    expect(trading.state).toBe('reducing');
    expect(trading.breaker?.rule).toBe('daily_loss');
    expect(trading.cause).toMatch(/^daily_loss: loss today \d+\.\d\d reached the limit 0\.01$/);
    expect(seen.logs.some((line) => line.includes('circuit breaker tripped, trading reducing: daily_loss'))).toBe(true);

    api.handle({ channel: 'rearmBreaker' });
    await terminal.waitFor('trading active after the re-arm', () => seen.last?.trading.state === 'active' && seen.last.trading.breaker === undefined);
  });
});
