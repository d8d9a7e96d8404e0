/**
 * The matching engine's conformance table: each scenario is orders in, events out, written from how exchanges
 * document the rule it checks (Binance spot/futures and CME Globex wording, summarised in `rule`). Events are
 * compared as short lines: `<id> accepted`, `<id> filled <qty>@<price> <maker|taker>`, `<id> canceled <qty>`,
 * `<id> expired <qty>`, `<id> amended <price>x<qty> stop=<stop> leaves=<leaves>`, `<id> triggered @<price>`,
 * `<id> rejected`.
 */
import { describe, expect, it } from 'vitest';
import { FeeSchedule } from '../../../workers/core/fees.js';
import { MatchingEngine, type AmendRequest, type EngineOrderEvent, type EngineRules, type OrderRequest } from '../../../workers/core/matching-engine.js';

type Op =
  | { submit: Partial<OrderRequest> & Pick<OrderRequest, 'owner' | 'clientOrderId' | 'side'> }
  | { cancel: [owner: string, id: string]; expect?: boolean }
  | { amend: [owner: string, id: string, changes: AmendRequest]; refused?: RegExp };

interface Scenario {
  name: string;
  rule: string;
  rules?: EngineRules;
  /** Orders placed before the scenario; their events are not compared. */
  given?: Op[];
  when: Op[];
  events: string[];
  /** Reasons of rejections, cancels, expiries and amends by order id. */
  reasons?: Record<string, RegExp>;
  book?: { bids: Array<[number, number]>; asks: Array<[number, number]> };
}

const lim = (owner: string, id: string, side: 'buy' | 'sell', price: number, qty: number, extra: Partial<OrderRequest> = {}): Op => ({
  submit: { owner, clientOrderId: id, side, type: 'limit', price, qty, tif: 'GTC', ...extra },
});
const mkt = (owner: string, id: string, side: 'buy' | 'sell', qty: number, extra: Partial<OrderRequest> = {}): Op => ({
  submit: { owner, clientOrderId: id, side, type: 'market', price: 0, qty, tif: 'IOC', ...extra },
});
const stop = (owner: string, id: string, side: 'buy' | 'sell', stopPrice: number, qty: number, extra: Partial<OrderRequest> = {}): Op => ({
  submit: { owner, clientOrderId: id, side, type: 'stop', price: 0, stopPrice, qty, tif: 'GTC', ...extra },
});
/** A two-sided book: asks 101×2, 102×3, 103×5 and bids 99×2, 98×3, 97×5, owned by `mm`. */
const BOOK: Op[] = [
  lim('mm', 'a101', 'sell', 101, 2),
  lim('mm', 'a102', 'sell', 102, 3),
  lim('mm', 'a103', 'sell', 103, 5),
  lim('mm', 'b99', 'buy', 99, 2),
  lim('mm', 'b98', 'buy', 98, 3),
  lim('mm', 'b97', 'buy', 97, 5),
];
/** Prints a trade at `price` (1 lot between two outsiders), so stops have a last price. */
const print = (price: number, n: number): Op[] => [lim('x', `px${n}`, 'sell', price, 1), mkt('y', `py${n}`, 'buy', 1)];

const SCENARIOS: Scenario[] = [
  {
    name: 'a GTC limit that does not cross rests',
    rule: 'A limit order that cannot execute rests on the book at its price until filled or canceled.',
    when: [lim('a', 'o1', 'buy', 100, 5)],
    events: ['o1 accepted'],
    book: { bids: [[100, 5]], asks: [] },
  },
  {
    name: 'price priority, then time priority within a price',
    rule: 'Orders at a better price fill first; at one price, in the order they arrived (FIFO).',
    given: [lim('m1', 'first', 'sell', 101, 3), lim('m2', 'second', 'sell', 101, 3), lim('m3', 'better', 'sell', 100, 1)],
    when: [mkt('t', 'tk', 'buy', 5)],
    events: ['tk accepted', 'better filled 1@100 maker', 'tk filled 1@100 taker', 'first filled 3@101 maker', 'tk filled 3@101 taker', 'second filled 1@101 maker', 'tk filled 1@101 taker'],
    book: { bids: [], asks: [[101, 2]] },
  },
  {
    name: 'a partially filled maker keeps its place',
    rule: 'A partial execution does not change a resting order’s time priority.',
    given: [lim('m1', 'first', 'sell', 101, 3), lim('m2', 'second', 'sell', 101, 3), mkt('t', 'tk1', 'buy', 1)],
    when: [mkt('t', 'tk2', 'buy', 3)],
    events: ['tk2 accepted', 'first filled 2@101 maker', 'tk2 filled 2@101 taker', 'second filled 1@101 maker', 'tk2 filled 1@101 taker'],
  },
  {
    name: 'a marketable limit trades at the resting prices and rests its remainder',
    rule: 'An incoming limit executes at the resting orders’ prices up to its limit; the rest rests (GTC).',
    given: BOOK,
    when: [lim('t', 'o1', 'buy', 102, 7)],
    events: ['o1 accepted', 'a101 filled 2@101 maker', 'o1 filled 2@101 taker', 'a102 filled 3@102 maker', 'o1 filled 3@102 taker'],
    book: { bids: [[102, 2], [99, 2], [98, 3], [97, 5]], asks: [[103, 5]] },
  },
  {
    name: 'a market order walks the book, pays the spread, and its unfilled rest expires',
    rule: 'Binance: a MARKET order the book cannot fill ends EXPIRED; it never rests.',
    given: [lim('mm', 'a101', 'sell', 101, 2), lim('mm', 'a102', 'sell', 102, 1)],
    when: [mkt('t', 'm1', 'buy', 5)],
    events: ['m1 accepted', 'a101 filled 2@101 maker', 'm1 filled 2@101 taker', 'a102 filled 1@102 maker', 'm1 filled 1@102 taker', 'm1 expired 2'],
    book: { bids: [], asks: [] },
  },
  {
    name: 'a market order into an empty side is rejected',
    rule: 'With no liquidity on the other side a market order cannot execute at all and is refused.',
    given: [lim('mm', 'b99', 'buy', 99, 2)],
    when: [mkt('t', 'm1', 'buy', 1)],
    events: ['m1 rejected'],
    reasons: { m1: /no liquidity/ },
  },
  {
    name: 'IOC fills what it can now and expires the rest',
    rule: 'Immediate-or-cancel: execute immediately what is available, expire the remainder.',
    given: BOOK,
    when: [lim('t', 'ioc', 'buy', 101, 5, { tif: 'IOC' })],
    events: ['ioc accepted', 'a101 filled 2@101 maker', 'ioc filled 2@101 taker', 'ioc expired 3'],
    book: { bids: [[99, 2], [98, 3], [97, 5]], asks: [[102, 3], [103, 5]] },
  },
  {
    name: 'FOK that cannot fill completely expires without trading',
    rule: 'Fill-or-kill: the whole quantity executes at once or none of it does.',
    given: BOOK,
    when: [lim('t', 'fok', 'buy', 102, 6, { tif: 'FOK' })],
    events: ['fok accepted', 'fok expired 6'],
    book: { bids: [[99, 2], [98, 3], [97, 5]], asks: [[101, 2], [102, 3], [103, 5]] },
  },
  {
    name: 'FOK that can fill completely fills',
    rule: 'Fill-or-kill with enough liquidity within its limit executes in full.',
    given: BOOK,
    when: [lim('t', 'fok', 'buy', 102, 5, { tif: 'FOK' })],
    events: ['fok accepted', 'a101 filled 2@101 maker', 'fok filled 2@101 taker', 'a102 filled 3@102 maker', 'fok filled 3@102 taker'],
  },
  {
    name: 'post-only that would take is rejected; one that would not rests',
    rule: 'Binance LIMIT_MAKER / post-only: rejected if it would immediately match and trade as a taker.',
    given: BOOK,
    when: [lim('t', 'po1', 'buy', 101, 1, { postOnly: true }), lim('t', 'po2', 'buy', 100, 1, { postOnly: true })],
    events: ['po1 rejected', 'po2 accepted'],
    reasons: { po1: /post-only/ },
    book: { bids: [[100, 1], [99, 2], [98, 3], [97, 5]], asks: [[101, 2], [102, 3], [103, 5]] },
  },
  {
    name: 'a stop waits off the book and becomes a market order when the last trade reaches it',
    rule: 'A buy stop triggers when the last trade price is at or above its stop price, then executes as a market order.',
    given: [...BOOK, lim('x', 'x1', 'sell', 100, 1)],
    when: [stop('t', 's1', 'buy', 100, 3), mkt('y', 'y1', 'buy', 1)],
    events: ['s1 accepted', 'y1 accepted', 'x1 filled 1@100 maker', 'y1 filled 1@100 taker', 's1 triggered @100', 'a101 filled 2@101 maker', 's1 filled 2@101 taker', 'a102 filled 1@102 maker', 's1 filled 1@102 taker'],
    book: { bids: [[99, 2], [98, 3], [97, 5]], asks: [[102, 2], [103, 5]] },
  },
  {
    name: 'a stop that would trigger at once is rejected',
    rule: 'Binance futures: "Order would immediately trigger" — a stop already through the last price is refused.',
    given: [...BOOK, ...print(100, 1)],
    when: [stop('t', 's1', 'buy', 100, 1), stop('t', 's2', 'sell', 101, 1)],
    events: ['s1 rejected', 's2 rejected'],
    reasons: { s1: /trigger at once/, s2: /trigger at once/ },
  },
  {
    name: 'a sell stop-limit triggers into a limit order and rests what it cannot fill',
    rule: 'A stop-limit becomes a limit order at its limit price once triggered; it does not trade beyond that price.',
    given: [...BOOK, ...print(100, 1)],
    when: [{ submit: { owner: 't', clientOrderId: 'sl', side: 'sell', type: 'stop_limit', stopPrice: 99, price: 98, qty: 8, tif: 'GTC' } }, mkt('z', 'z1', 'sell', 1)],
    events: ['sl accepted', 'z1 accepted', 'b99 filled 1@99 maker', 'z1 filled 1@99 taker', 'sl triggered @99', 'b99 filled 1@99 maker', 'sl filled 1@99 taker', 'b98 filled 3@98 maker', 'sl filled 3@98 taker'],
    book: { bids: [[97, 5]], asks: [[98, 4], [101, 2], [102, 3], [103, 5]] },
  },
  {
    name: 'a trailing stop by amount follows the best price and triggers on the pull-back',
    rule: 'A sell trailing stop sits a fixed distance below the highest trade since it was placed and only moves up.',
    given: [...print(100, 1)],
    when: [
      { submit: { owner: 't', clientOrderId: 'tr', side: 'sell', type: 'trailing_stop', price: 0, trailAmount: 3, qty: 1, tif: 'GTC' } },
      ...print(104, 2),
      ...print(102, 3),
      lim('mm', 'b100', 'buy', 100, 5),
      lim('x', 'px4', 'buy', 101, 1),
      mkt('y', 'py4', 'sell', 1),
    ],
    events: [
      'tr accepted',
      'px2 accepted', 'py2 accepted', 'px2 filled 1@104 maker', 'py2 filled 1@104 taker', 'tr amended 0x1 stop=101 leaves=1',
      'px3 accepted', 'py3 accepted', 'px3 filled 1@102 maker', 'py3 filled 1@102 taker',
      'b100 accepted', 'px4 accepted', 'py4 accepted', 'px4 filled 1@101 maker', 'py4 filled 1@101 taker',
      'tr triggered @101', 'b100 filled 1@100 maker', 'tr filled 1@100 taker',
    ],
  },
  {
    name: 'a trailing stop by percent',
    rule: 'The distance is a percentage of the best price, rounded up to a whole tick.',
    given: [...print(1000, 1)],
    when: [{ submit: { owner: 't', clientOrderId: 'tr', side: 'buy', type: 'trailing_stop', price: 0, trailBps: 100, qty: 1, tif: 'GTC' } }, ...print(950, 2)],
    events: ['tr accepted', 'px2 accepted', 'py2 accepted', 'px2 filled 1@950 maker', 'py2 filled 1@950 taker', 'tr amended 0x1 stop=960 leaves=1'],
  },
  {
    name: 'lowering the quantity keeps the order’s place in the queue',
    rule: 'CME/Binance: reducing quantity does not lose priority.',
    given: [lim('m1', 'first', 'sell', 101, 5), lim('m2', 'second', 'sell', 101, 5)],
    when: [{ amend: ['m1', 'first', { qty: 2 }] }, mkt('t', 'tk', 'buy', 2)],
    events: ['first amended 101x2 stop=0 leaves=2', 'tk accepted', 'first filled 2@101 maker', 'tk filled 2@101 taker'],
    book: { bids: [], asks: [[101, 5]] },
  },
  {
    name: 'raising the quantity loses the order’s place',
    rule: 'CME/Binance: increasing quantity sends the order to the back of the queue.',
    given: [lim('m1', 'first', 'sell', 101, 2), lim('m2', 'second', 'sell', 101, 2)],
    when: [{ amend: ['m1', 'first', { qty: 3 }] }, mkt('t', 'tk', 'buy', 2)],
    events: ['first amended 101x3 stop=0 leaves=3', 'tk accepted', 'second filled 2@101 maker', 'tk filled 2@101 taker'],
  },
  {
    name: 'a new price loses the place; a crossing price trades at once',
    rule: 'A price change is a new order for priority; if it crosses, it executes as an incoming order.',
    given: BOOK.concat([lim('a', 'o1', 'buy', 100, 3)]),
    when: [{ amend: ['a', 'o1', { price: 101 }] }],
    events: ['o1 amended 101x3 stop=0 leaves=3', 'a101 filled 2@101 maker', 'o1 filled 2@101 taker'],
    book: { bids: [[101, 1], [99, 2], [98, 3], [97, 5]], asks: [[102, 3], [103, 5]] },
  },
  {
    name: 'amends that cannot be taken are refused and change nothing',
    rule: 'A post-only amend may not take; a quantity may not drop to or below what has filled; filled orders cannot change.',
    given: BOOK.concat([lim('a', 'o2', 'sell', 99, 3), lim('a', 'po', 'buy', 97, 3, { postOnly: true })]),
    when: [
      { amend: ['a', 'po', { price: 99 }], refused: /post-only/ },
      { amend: ['a', 'o2', { qty: 2 }], refused: /filled/ },
      { amend: ['a', 'nope', { qty: 2 }], refused: /unknown/ },
    ],
    events: [],
  },
  {
    name: 'cancel removes a working order once; canceling a finished order does nothing',
    rule: 'A cancel of an unknown or finished order is rejected by the venue (Binance: "Unknown order sent").',
    given: [lim('a', 'o1', 'buy', 100, 3)],
    when: [{ cancel: ['a', 'o1'], expect: true }, { cancel: ['a', 'o1'], expect: false }],
    events: ['o1 canceled 3'],
    book: { bids: [], asks: [] },
  },
  {
    name: 'a bracket: the entry fills, its legs go in, the take-profit fills and the stop-loss is canceled',
    rule: 'Bracket (OTOCO): once the entry is done, a take-profit limit and a stop-loss stop cover its fill, one cancels the other.',
    given: BOOK,
    when: [lim('a', 'e', 'buy', 101, 2, { takeProfit: 104, stopLoss: 95 }), lim('x', 'x1', 'buy', 104, 10)],
    events: [
      'e accepted', 'a101 filled 2@101 maker', 'e filled 2@101 taker',
      'e:tp accepted', 'e:sl accepted',
      'x1 accepted', 'a102 filled 3@102 maker', 'x1 filled 3@102 taker', 'a103 filled 5@103 maker', 'x1 filled 5@103 taker',
      'e:tp filled 2@104 maker', 'e:sl canceled 2', 'x1 filled 2@104 taker',
    ],
    reasons: { 'e:sl': /position is closed/ },
  },
  {
    name: 'bracket legs: the take-profit trades and the stop-loss goes',
    rule: 'When one leg of a bracket executes, the other leg is reduced by as much and canceled once nothing is open.',
    given: [lim('a', 'e', 'buy', 100, 2, { takeProfit: 105, stopLoss: 95 }), mkt('x', 'x0', 'sell', 2)],
    when: [mkt('y', 'y1', 'buy', 1), mkt('y', 'y2', 'buy', 1)],
    events: [
      'y1 accepted', 'e:tp filled 1@105 maker', 'e:sl amended 0x1 stop=95 leaves=1', 'y1 filled 1@105 taker',
      'y2 accepted', 'e:tp filled 1@105 maker', 'e:sl canceled 1', 'y2 filled 1@105 taker',
    ],
    reasons: { 'e:sl': /position is closed/ },
  },
  {
    name: 'bracket legs: the stop-loss triggers and the take-profit goes',
    rule: 'If the stop-loss fires, the take-profit is canceled.',
    given: [lim('a', 'e', 'buy', 100, 2, { takeProfit: 105, stopLoss: 95 }), mkt('x', 'x0', 'sell', 2)],
    when: [lim('mm', 'b90', 'buy', 90, 5), ...print(95, 1)],
    events: [
      'b90 accepted', 'px1 accepted', 'py1 accepted', 'px1 filled 1@95 maker', 'py1 filled 1@95 taker',
      'e:sl triggered @95', 'b90 filled 2@90 maker', 'e:sl filled 2@90 taker', 'e:tp canceled 2',
    ],
    book: { bids: [[90, 3]], asks: [] },
  },
  {
    name: 'a partly filled bracket entry that is canceled protects what filled',
    rule: 'Legs cover the entry’s filled quantity once the entry is done, however it ended.',
    given: [lim('mm', 'a101', 'sell', 101, 1), lim('a', 'e', 'buy', 101, 3, { takeProfit: 110 })],
    when: [{ cancel: ['a', 'e'], expect: true }],
    events: ['e canceled 2', 'e:tp accepted'],
    book: { bids: [], asks: [[110, 1]] },
  },
  {
    name: 'OCO: the first fill of one order cancels the other',
    rule: 'Binance OCO: if either order executes, fully or partially, the other is canceled.',
    given: [lim('a', 'tp', 'sell', 105, 2), stop('a', 'sl', 'sell', 95, 2, { ocoWith: 'tp' })],
    when: [mkt('y', 'y1', 'buy', 1)],
    events: ['y1 accepted', 'tp filled 1@105 maker', 'sl canceled 2', 'y1 filled 1@105 taker'],
    reasons: { sl: /OCO/ },
  },
  {
    name: 'OCO: canceling one order cancels the other',
    rule: 'Binance OCO: canceling either order cancels the whole list.',
    given: [lim('a', 'l1', 'sell', 105, 2), lim('a', 'l2', 'sell', 106, 2, { ocoWith: 'l1' })],
    when: [{ cancel: ['a', 'l2'], expect: true }],
    events: ['l2 canceled 2', 'l1 canceled 2'],
    book: { bids: [], asks: [] },
  },
  {
    name: 'self-trade prevention, expire maker (default)',
    rule: 'Binance STP EXPIRE_MAKER: the resting order of the same account expires and matching continues.',
    given: [lim('a', 'own', 'sell', 101, 2), lim('m', 'other', 'sell', 101, 2)],
    when: [mkt('a', 't1', 'buy', 3)],
    events: ['t1 accepted', 'own expired 2', 'other filled 2@101 maker', 't1 filled 2@101 taker', 't1 expired 1'],
    reasons: { own: /self-trade/ },
  },
  {
    name: 'self-trade prevention, expire taker',
    rule: 'Binance STP EXPIRE_TAKER: the incoming order expires when it meets its own account.',
    given: [lim('m', 'other', 'sell', 101, 1), lim('a', 'own', 'sell', 101, 2)],
    when: [lim('a', 't1', 'buy', 101, 3, { stp: 'expire_taker' })],
    events: ['t1 accepted', 'other filled 1@101 maker', 't1 filled 1@101 taker', 't1 expired 2'],
    book: { bids: [], asks: [[101, 2]] },
  },
  {
    name: 'self-trade prevention, expire both',
    rule: 'Binance STP EXPIRE_BOTH: both orders expire.',
    given: [lim('a', 'own', 'sell', 101, 2)],
    when: [lim('a', 't1', 'buy', 101, 3, { stp: 'expire_both' })],
    events: ['t1 accepted', 'own expired 2', 't1 expired 3'],
    book: { bids: [], asks: [] },
  },
  {
    name: 'reduce-only: refused with no position, capped at the position, canceled once it is closed',
    rule: 'Binance futures reduceOnly: an order may only reduce the current position.',
    given: [lim('mm', 'a101', 'sell', 101, 10), lim('mm', 'b99', 'buy', 99, 10)],
    when: [
      lim('a', 'r0', 'sell', 120, 1, { reduceOnly: true }),
      mkt('a', 'buy2', 'buy', 2),
      lim('a', 'r1', 'sell', 120, 5, { reduceOnly: true }),
      mkt('a', 'r2', 'sell', 2, { reduceOnly: true }),
    ],
    events: [
      'r0 rejected',
      'buy2 accepted', 'a101 filled 2@101 maker', 'buy2 filled 2@101 taker',
      'r1 accepted', 'r1 amended 120x2 stop=0 leaves=2',
      'r2 accepted', 'b99 filled 2@99 maker', 'r2 filled 2@99 taker', 'r1 canceled 2',
    ],
    reasons: { r0: /no position/, r1: /position is closed/ },
  },
  {
    name: 'price band: a limit outside is rejected; a market order stops at the band',
    rule: 'Binance PERCENT_PRICE filter / CME price banding: prices too far from the last trade are refused.',
    rules: { bandBps: 200 },
    given: [lim('mm', 'a100', 'sell', 100, 1), lim('mm', 'a102', 'sell', 102, 1), lim('mm', 'a103', 'sell', 103, 1), mkt('y', 'y0', 'buy', 1)],
    when: [lim('t', 'far', 'buy', 97, 1), mkt('t', 'm1', 'buy', 3)],
    events: ['far rejected', 'm1 accepted', 'a102 filled 1@102 maker', 'm1 filled 1@102 taker', 'm1 expired 2'],
    reasons: { far: /band/, m1: /band/ },
  },
  {
    name: 'minimum notional',
    rule: 'Binance NOTIONAL filter: price × quantity must reach the minimum.',
    rules: { minNotional: 500 },
    when: [lim('t', 'small', 'buy', 100, 4), lim('t', 'ok', 'buy', 100, 5)],
    events: ['small rejected', 'ok accepted'],
    reasons: { small: /minimum/ },
  },
  {
    name: 'a repeated client order id is ignored',
    rule: 'Client order ids are unique per account: a retry never makes a second order.',
    given: [lim('a', 'o1', 'buy', 100, 1)],
    when: [lim('a', 'o1', 'buy', 100, 1)],
    events: [],
    book: { bids: [[100, 1]], asks: [] },
  },
];

function describeEvent(event: EngineOrderEvent): string {
  const id = event.order.clientOrderId;
  switch (event.kind) {
    case 'filled':
      return `${id} filled ${event.qty}@${event.price} ${event.liquidity}`;
    case 'canceled':
      return `${id} canceled ${event.canceledQty}`;
    case 'expired':
      return `${id} expired ${event.expiredQty}`;
    case 'amended':
      return `${id} amended ${event.order.price}x${event.order.qty} stop=${event.order.stopPrice} leaves=${event.order.leavesQty}`;
    case 'triggered':
      return `${id} triggered @${event.triggerPrice}`;
    default:
      return `${id} ${event.kind}`;
  }
}

function run(scenario: Scenario) {
  const lines: string[] = [];
  const reasons = new Map<string, string>();
  let recording = false;
  const engine = new MatchingEngine(
    { symbol: 'T', ...(scenario.rules === undefined ? {} : { rules: scenario.rules }) },
    {
      onOrder: (event) => {
        if ('reason' in event) reasons.set(event.order.clientOrderId, event.reason);
        if (recording) lines.push(describeEvent(event));
      },
      onTrade: () => undefined,
    },
  );
  let now = 0;
  const apply = (op: Op) => {
    now += 1;
    if ('submit' in op) engine.submit({ type: 'limit', price: 0, qty: 1, tif: 'GTC', ...op.submit } as OrderRequest, now);
    else if ('cancel' in op) {
      const done = engine.cancel(op.cancel[0], op.cancel[1], now);
      if (op.expect !== undefined) expect(done, `cancel ${op.cancel[1]}`).toBe(op.expect);
    } else {
      const problem = engine.amend(op.amend[0], op.amend[1], op.amend[2], now);
      if (op.refused === undefined) expect(problem, `amend ${op.amend[1]}`).toBeUndefined();
      else expect(problem).toMatch(op.refused);
    }
    expect(engine.checkInvariants()).toBeUndefined();
  };
  for (const op of scenario.given ?? []) apply(op);
  recording = true;
  for (const op of scenario.when) apply(op);
  return { lines, reasons, engine };
}

describe('matching engine conformance', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, () => {
      const { lines, reasons, engine } = run(scenario);
      expect(lines, scenario.rule).toEqual(scenario.events);
      for (const [id, pattern] of Object.entries(scenario.reasons ?? {})) expect(reasons.get(id), `reason of ${id}`).toMatch(pattern);
      if (scenario.book !== undefined) expect(engine.depth(10)).toEqual(scenario.book);
    });
  }

  it('charges the taker fee, pays the maker rebate, rounding in the venue’s favour', () => {
    const fees: number[] = [];
    const engine = new MatchingEngine(
      { symbol: 'T', rules: { fees: new FeeSchedule({ maker: '-0.0001', taker: '0.0005' }) } },
      { onOrder: (e) => e.kind === 'filled' && fees.push(e.fee), onTrade: () => undefined },
    );
    engine.submit({ owner: 'm', clientOrderId: 'a', side: 'sell', type: 'limit', price: 10_001, qty: 3, tif: 'GTC' }, 1);
    engine.submit({ owner: 't', clientOrderId: 'b', side: 'buy', type: 'market', price: 0, qty: 3, tif: 'IOC' }, 2);
    // notional 30,003 ticks×lots: maker earns 3.0003 → 3 (rebates round toward zero), taker pays 15.0015 → 16 (fees round up).
    expect(fees).toEqual([-3, 16]);
  });
});
