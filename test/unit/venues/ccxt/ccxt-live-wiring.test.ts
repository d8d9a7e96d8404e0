/**
 * The ccxt gateway's live routing from its configuration and the keys handed over in its environment: a router per
 * venue with a `trading` account and a key, each venue's orders to its own account, and every venue that cannot
 * trade refusing with the reason. Nothing here talks to an exchange (routers start only when the gateway is live).
 */
import { describe, expect, it } from 'vitest';
import { makeInstrument } from '../../../../workers/core/instrument.js';
import type { Outgoing } from '../../../../workers/core/worker-core.js';
import { ccxtConfigsOf, ccxtTradingAccountsOf } from '../../../../workers/protocol/config.js';
import { SCHEMA_VERSION, type OrderCommand } from '../../../../workers/protocol/messages.js';
import { CREDENTIALS_ENV } from '../../../../workers/venues/binance/trade/venue-credentials.js';
import { ccxtLiveOrdersFor } from '../../../../workers/venues/ccxt/ccxt-live-wiring.js';

const venues = ccxtConfigsOf({
  venues: {
    ccxt: [
      { exchange: 'binance', venue: 'bn', symbols: [{ symbol: 'BTC/USDT', mode: 'live' }], trading: { account: 'main', network: 'testnet' } },
      // ccxt has no sandbox for kraken: its testnet cannot be honoured.
      { exchange: 'kraken', symbols: [{ symbol: 'BTC/USD', mode: 'live' }], trading: { account: 'kr', network: 'testnet' } },
      { exchange: 'okx', symbols: [{ symbol: 'BTC/USDT', mode: 'live' }], trading: { account: 'nokey', network: 'live' } },
      { exchange: 'bitstamp', symbols: [{ symbol: 'BTC/USD', mode: 'paper' }] },
    ],
  },
});
const instrument = (venue: string, symbol: string, quote: string) => makeInstrument({ venue, symbol, base: 'BTC', quote, tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });
const instruments = [instrument('bn', 'BTC-USDT', 'USDT'), instrument('kraken', 'BTC-USD', 'USD'), instrument('okx', 'BTC-USDT', 'USDT')];
const keys = { main: { apiKey: 'k'.repeat(20), secret: 's'.repeat(20), network: 'testnet' }, kr: { apiKey: 'q'.repeat(20), secret: 'w'.repeat(20), network: 'testnet' } };
const submit = (venue: string, symbol: string, account?: string): OrderCommand => ({
  v: SCHEMA_VERSION, seq: 1, ts: 1, rts: 1, type: 'SubmitOrder', venue, symbol, src: 'execution', strategyId: 'manual', clientOrderId: `${venue}-1`,
  side: 'buy', orderType: 'limit', price: 1, qty: 1, tif: 'GTC', causeTs: 0, ...(account === undefined ? {} : { account }),
});

describe('ccxt live routing from configuration and keys', () => {
  it('lists each trading account once, for the host to hand its key over', () => {
    expect(ccxtTradingAccountsOf(venues)).toEqual([{ account: 'main', network: 'testnet' }, { account: 'kr', network: 'testnet' }, { account: 'nokey', network: 'live' }]);
  });

  it('builds a router per venue that can trade, reads the keys once, and refuses the others with the reason', () => {
    const env: NodeJS.ProcessEnv = { [CREDENTIALS_ENV]: JSON.stringify(keys) };
    const logs: string[] = [];
    const out: Outgoing[] = [];
    const live = ccxtLiveOrdersFor({ venues, instruments, runDir: '/tmp/session-1', emit: (_port, _peer, m) => void out.push(m), reportsPort: 'orders', log: (t) => logs.push(t), env });
    expect(live).toBeDefined();
    // The key left the environment at once; nothing logged names it.
    expect(env[CREDENTIALS_ENV]).toBeUndefined();
    expect(logs.join('\n')).not.toMatch(/kkkk|ssss|qqqq|wwww/);
    expect(live!.entries().map((e) => `${e.venue}|${e.account}`)).toEqual(['bn|main']);
    live!.onCommand('terminal', submit('kraken', 'BTC-USD'), 1);
    live!.onCommand('terminal', submit('okx', 'BTC-USDT'), 1);
    live!.onCommand('terminal', submit('bn', 'BTC-USDT', 'other'), 1);
    expect(out.map((m) => (m as { reason?: string }).reason)).toEqual([
      'ccxt has no test network (sandbox) for kraken',
      'no live key for account nokey was handed to the ccxt gateway',
      'no trading account named other is configured for bn',
    ]);
    expect(live!.router('bn')?.account).toBe('main');
    live!.stop();
  });

  it('has nothing to route when no entry names a trading account', () => {
    expect(ccxtLiveOrdersFor({ venues: ccxtConfigsOf({ venues: { ccxt: [{ exchange: 'kraken', symbols: [{ symbol: 'BTC/USD', mode: 'live' }] }] } }), instruments, runDir: '/tmp/s', emit: () => undefined, reportsPort: 'orders', log: () => undefined, env: {} })).toBeUndefined();
  });
});
