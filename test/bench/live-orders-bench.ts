/**
 * `npm run bench -- --only live-orders`: the cost of live order routing to Binance on our side. (a) The live-orders
 * core alone, in one process, with a transport that answers at once: order life cycles (submit → place → accepted →
 * cancel → canceled) per second, and the core's time per command (its own work: id, limits, parameters, the report).
 * (b) Context: a place's round trip over real HTTP to the fake exchange on 127.0.0.1 — signing, fetch, the fake's
 * work — one order at a time. Both for Binance spot and for USD-M futures (its dialect: `/fapi` parameters, its
 * answers checked where they enter, its rate limits). Saved to bench-results/live-orders-latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeInstrument } from '../../workers/core/instrument.js';
import { LatencyHistogram } from '../../workers/core/latency-histogram.js';
import { SCHEMA_VERSION, type Message } from '../../workers/protocol/messages.js';
import { BinanceRest } from '../../workers/venues/binance/trade/binance-rest.js';
import { FUTURES_DIALECT } from '../../workers/venues/binance/trade/futures-dialect.js';
import { LiveOrdersCore } from '../../workers/venues/binance/trade/live-orders-core.js';
import type { IssuedRequest, TradeOutcome } from '../../workers/venues/binance/trade/trade-requests.js';
import { FakeBinanceFutures } from '../fakes/binance/futures-server.js';
import { FakeBinanceTrading } from '../fakes/binance/trading-server.js';

const BTC = makeInstrument({ venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 });
const BTC_PERP = makeInstrument({ venue: 'binanceusdm', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', lotSize: '0.001', minNotional: '100', multiplier: 1 });
type Market = 'spot' | 'usdm';
const KEY = { apiKey: 'benchkey0123456789', secret: 'benchsecret0123456789' };

export interface LiveOrdersBenchResult {
  startedAt: string;
  core: CoreFigures;
  http: HttpFigures;
  futuresCore: CoreFigures;
  futuresHttp: HttpFigures;
  notes: string[];
}

interface CoreFigures {
  lifecyclesPerSecond: number;
  rounds: number[];
  submitP50Us: number;
  submitP99Us: number;
}

interface HttpFigures {
  orders: number;
  p50Us: number;
  p99Us: number;
}

function body(request: IssuedRequest, orderId: number, market: Market): unknown {
  if (request.kind === 'time') return { serverTime: 1_700_000_000_000 };
  if (request.kind === 'openOrders' || request.kind === 'myTrades' || request.kind === 'positions') return [];
  if (request.kind === 'account') return market === 'spot' ? { updateTime: 1, canTrade: true, balances: [] } : { assets: [], positions: [] };
  const cancel = request.kind === 'cancel';
  return {
    symbol: 'BTCUSDT', orderId, clientOrderId: request.kind === 'place' ? request.clientId : 'x', price: '60000.00', origQty: '0.00100',
    executedQty: '0', cummulativeQuoteQty: '0', status: cancel ? 'CANCELED' : 'NEW', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY',
  };
}

/** The core with a transport that answers each request at once (as the next event, not inside the call). */
function runCore(orders: number, rounds: number, market: Market): CoreFigures {
  const instrument = market === 'spot' ? BTC : BTC_PERP;
  const venue = instrument.venue;
  const price = market === 'spot' ? 6_000_000 : 600_000;
  const qty = market === 'spot' ? 100 : 10;
  const results: number[] = [];
  const submit = new LatencyHistogram();
  for (let round = 0; round < rounds; round++) {
    const queue: IssuedRequest[] = [];
    let now = 1_700_000_000_000_000;
    let reports = 0;
    const core = new LiveOrdersCore(
      { venue, account: 'bench', instruments: [instrument], sessionTag: 'bench1', defaultPeer: 'terminal', reportsPort: 'orders', ...(market === 'usdm' ? { dialect: FUTURES_DIALECT } : {}) },
      () => void reports++,
      { send: (request) => queue.push(request) },
    );
    const drain = () => {
      while (queue.length > 0) {
        const request = queue.shift()!;
        const outcome: TradeOutcome = { kind: 'ok', body: body(request, request.id, market) };
        core.onOutcome(request.id, outcome, {}, now);
      }
    };
    core.start(now);
    core.onStreamState(true, now);
    drain();
    const started = process.hrtime.bigint();
    for (let i = 0; i < orders; i++) {
      // A new second now and then keeps the order-count limit (100 per 10 s, less headroom) from holding the run back:
      // the figure is the core's work, not Binance's allowance.
      now += 200_000;
      const id = `b${round}-${i}`;
      const t0 = process.hrtime.bigint();
      core.onCommand('terminal', { v: SCHEMA_VERSION, seq: i + 1, ts: now, rts: now, type: 'SubmitOrder', venue, symbol: 'BTCUSDT', src: 'bench', clientOrderId: id, strategyId: 'bench', side: 'buy', orderType: 'limit', price, qty, tif: 'GTC', causeTs: 0 } as Message, now);
      drain();
      if (round === rounds - 1) submit.record(Number(process.hrtime.bigint() - t0) / 1000);
      core.onCommand('terminal', { v: SCHEMA_VERSION, seq: i + 1, ts: now, rts: now, type: 'CancelOrder', venue, symbol: 'BTCUSDT', src: 'bench', clientOrderId: id, strategyId: 'bench' } as Message, now);
      drain();
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (reports < orders * 2) throw new Error(`live-orders bench: ${reports} reports for ${orders} orders`);
    results.push(Math.round(orders / seconds));
  }
  const sorted = [...results].sort((a, b) => a - b);
  return { lifecyclesPerSecond: sorted[Math.floor(sorted.length / 2)]!, rounds: results, submitP50Us: submit.percentile(50), submitP99Us: submit.percentile(99) };
}

/** Sequential places over HTTP to the fake exchange. */
async function runHttp(orders: number, market: Market): Promise<HttpFigures> {
  const fake = market === 'spot' ? new FakeBinanceTrading({ ...KEY, balances: { USDT: '100000000', BTC: '100' } }) : new FakeBinanceFutures({ ...KEY, wallet: '100000000' });
  const { restUrl } = await fake.start();
  try {
    const rest = new BinanceRest({ baseUrl: restUrl, credentials: KEY, ...(market === 'usdm' ? { dialect: FUTURES_DIALECT } : {}) }, () => undefined);
    const terms = market === 'spot' ? { quantity: '0.00100', price: '60000.00' } : { quantity: '0.010', price: '60000.0' };
    const histogram = new LatencyHistogram();
    for (let i = 0; i < orders; i++) {
      const request: IssuedRequest = { kind: 'place', id: i, offsetMs: 0, symbol: 'BTCUSDT', clientId: `bench${i}`, params: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', ...terms, newClientOrderId: `bench${i}`, newOrderRespType: 'RESULT' } };
      const t0 = process.hrtime.bigint();
      const { outcome } = await rest.perform(request);
      if (outcome.kind !== 'ok') throw new Error(`live-orders bench: the fake refused an order (${JSON.stringify(outcome)})`);
      if (i >= 20) histogram.record(Number(process.hrtime.bigint() - t0) / 1000);
    }
    return { orders: histogram.count, p50Us: histogram.percentile(50), p99Us: histogram.percentile(99) };
  } finally {
    await fake.stop();
  }
}

export async function runLiveOrdersBench(resultsDir: string, quick: boolean, progress: (text: string) => void): Promise<LiveOrdersBenchResult> {
  const startedAt = new Date().toISOString();
  progress('live-orders: the Binance live-orders core alone…');
  const core = runCore(quick ? 20_000 : 100_000, quick ? 3 : 5, 'spot');
  progress('live-orders: the same core on USD-M futures…');
  const futuresCore = runCore(quick ? 20_000 : 100_000, quick ? 3 : 5, 'usdm');
  progress('live-orders: place round trips over HTTP to the fake exchanges…');
  const http = await runHttp(quick ? 200 : 1_000, 'spot');
  const futuresHttp = await runHttp(quick ? 200 : 1_000, 'usdm');
  const result: LiveOrdersBenchResult = {
    startedAt, core, http, futuresCore, futuresHttp,
    notes: [
      'Core: one Node process; each life cycle is SubmitOrder → place request → NEW answer → OrderAccepted → CancelOrder → cancel request → CANCELED answer → OrderCanceled, the transport answering at once; rounds of fresh cores, the median reported. Submit time is onCommand plus the answer, per order, µs.',
      'HTTP: one order at a time, signed, over fetch to the fake exchange on 127.0.0.1 in the same process (its work included); the first 20 are warm-up. Context for the core figure: Binance itself is milliseconds away.',
    ],
  };
  mkdirSync(resultsDir, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(join(resultsDir, `live-orders-${startedAt.replace(/[:.]/g, '-')}.json`), text);
  writeFileSync(join(resultsDir, 'live-orders-latest.json'), text);
  progress(`live-orders: core ${core.lifecyclesPerSecond.toLocaleString('en-US')} order life cycles/s; submit p50 ${core.submitP50Us} µs, p99 ${core.submitP99Us} µs`);
  progress(`live-orders: place over HTTP to the fake, p50 ${http.p50Us} µs, p99 ${http.p99Us} µs (${http.orders} orders)`);
  progress(`live-orders: futures core ${futuresCore.lifecyclesPerSecond.toLocaleString('en-US')} order life cycles/s; submit p50 ${futuresCore.submitP50Us} µs, p99 ${futuresCore.submitP99Us} µs`);
  progress(`live-orders: futures place over HTTP to the fake, p50 ${futuresHttp.p50Us} µs, p99 ${futuresHttp.p99Us} µs (${futuresHttp.orders} orders)`);
  return result;
}
