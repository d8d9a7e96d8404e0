/**
 * Every built-in strategy trades on the simulated exchange when the trader switches it on: each starts off, is
 * toggled on through the host as the Workers panel does, and its own orders fill. Periods are short so each trades
 * within seconds on 1s bars; the support-resistance condition is set from the live price, as a trader would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FillRow, HostToRenderer } from '../../workers/protocol/channels.js';
import type { StrategyConfig } from '../../workers/protocol/config.js';
import { startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

const on = { venue: 'sim', symbol: 'BTC-USD', enabled: false } as const;
const STRATEGIES: StrategyConfig[] = [
  { id: 't-sma', kind: 'sma-cross', ...on, params: { fast: 1, slow: 2, tf: '1s', qty: 1, allowShort: true } },
  { id: 't-rsi', kind: 'rsi-reversion', ...on, params: { rsiPeriod: 2, oversold: 49, overbought: 51, bandPeriod: 2, tf: '1s', qty: 1, allowShort: true } },
  { id: 't-brk', kind: 'breakout', ...on, params: { period: 2, atrPeriod: 1, atrMultiple: 1, tf: '1s', qty: 1, allowShort: true } },
  { id: 't-sr', kind: 'support-resistance', ...on, params: { conditions: [] } },
];

describe('built-in strategies on the simulated exchange', () => {
  let terminal: TestTerminal;
  const fills: FillRow[] = [];
  let bestBid = 0;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: STRATEGIES });
    const take = (message: HostToRenderer): void => {
      if (message.channel === 'fills') fills.push(...message.fills);
      if (message.channel === 'market') {
        const bid = message.books.find((b) => b.symbol === 'BTC-USD')?.bids[0]?.[0];
        if (bid !== undefined) bestBid = bid;
      }
    };
    for (const message of terminal.host.api.current()) take(message);
    terminal.host.api.subscribe(take);
    await terminal.waitFor('a BTC book', () => bestBid > 0);
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  it('trades each one after it is switched on, and none while off', async () => {
    expect(fills.filter((f) => f.strategyId.startsWith('t-'))).toHaveLength(0);
    // Armed at once (every trade is at or below a trigger far above the market), buys on the first 1-tick uptick.
    terminal.host.api.handle({ channel: 'setStrategyParams', id: 't-sr', params: { conditions: [{ side: 'buy', trigger: bestBid + 10_000, turn: 1, qty: 1, repeat: true }] } });
    for (const { id } of STRATEGIES) terminal.host.api.handle({ channel: 'setStrategy', id, enabled: true });
    for (const { id } of STRATEGIES) {
      await terminal.waitFor(`a fill of ${id}`, () => fills.some((f) => f.strategyId === id), 90_000);
    }
  }, 120_000);
});
