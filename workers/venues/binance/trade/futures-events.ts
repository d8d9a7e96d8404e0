/**
 * Binance USD-M futures' user data stream, checked where it enters: `ORDER_TRADE_UPDATE` becomes the spot-shaped
 * {@link ExecutionReport} the order ledger reads (the two carry the same facts under mostly the same letters: futures
 * puts them under `o`, calls the stop price `sp`, and keeps the order's own client id on a cancel, so `C` is ''),
 * `ACCOUNT_UPDATE` a {@link FuturesAccountUpdate}, `listenKeyExpired` itself. Other events (MARGIN_CALL,
 * ACCOUNT_CONFIG_UPDATE, TRADE_LITE, ...) are not needed: undefined. A malformed event of a kind we act on is a string
 * (the reason), never half-read. Pure.
 */
import type { BinanceExecutionType, BinanceOrderStatus, BinanceOrderType, ExecutionReport, FuturesAccountUpdate, UserStreamEvent } from './binance-trade-types.js';
import { badDecimal, badText, SIGNED_DECIMAL } from './wire-parse.js';

type Fields = Record<string, unknown>;

const EXECUTION_TYPES = new Set<string>(['NEW', 'CANCELED', 'CALCULATED', 'EXPIRED', 'TRADE', 'AMENDMENT']);
const STATUSES = new Set<string>(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH']);

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One futures user-stream frame (already JSON-parsed): the event, undefined if not one we act on, or why it is bad. */
export function parseFuturesEvent(raw: unknown): UserStreamEvent | string | undefined {
  if (!isObject(raw) || typeof raw.e !== 'string') return 'a frame without an event type';
  if (!Number.isSafeInteger(raw.E)) return `${raw.e} without an event time`;
  switch (raw.e) {
    case 'ORDER_TRADE_UPDATE':
      return orderUpdate(raw);
    case 'ACCOUNT_UPDATE':
      return accountUpdate(raw);
    case 'listenKeyExpired':
      return { e: 'listenKeyExpired', E: raw.E as number };
    default:
      return undefined;
  }
}

function orderUpdate(raw: Fields): ExecutionReport | string {
  const o = raw.o;
  if (!isObject(o)) return 'ORDER_TRADE_UPDATE without its order';
  const text = badText(o, ['s', 'c', 'S', 'o', 'x', 'X']);
  if (text !== undefined) return `ORDER_TRADE_UPDATE without ${text}`;
  if (!EXECUTION_TYPES.has(o.x as string) || !STATUSES.has(o.X as string)) return `ORDER_TRADE_UPDATE with execution ${String(o.x)} / status ${String(o.X)}`;
  if (o.S !== 'BUY' && o.S !== 'SELL') return `ORDER_TRADE_UPDATE with side ${String(o.S)}`;
  const decimal = badDecimal(o, ['q', 'p', 'l', 'z', 'L']);
  if (decimal !== undefined) return `ORDER_TRADE_UPDATE whose ${decimal} is not a decimal`;
  if (!Number.isSafeInteger(o.i) || !Number.isSafeInteger(o.t) || typeof o.m !== 'boolean') return 'ORDER_TRADE_UPDATE without order id, trade id or maker flag';
  // A commission is there on trades only; on other executions it may be absent.
  const commission = typeof o.n === 'string' && SIGNED_DECIMAL.test(o.n) ? o.n.replace(/^-/, '') : '0';
  return {
    e: 'executionReport', E: raw.E as number, s: o.s as string, c: o.c as string, S: o.S, o: o.o as BinanceOrderType,
    f: typeof o.f === 'string' ? o.f : 'GTC', q: o.q as string, p: o.p as string, P: typeof o.sp === 'string' ? o.sp : '0',
    C: '', x: o.x as BinanceExecutionType, X: o.X as BinanceOrderStatus, r: 'NONE', i: o.i as number,
    l: o.l as string, z: o.z as string, L: o.L as string, n: commission, N: typeof o.N === 'string' ? o.N : null,
    T: Number.isSafeInteger(o.T) ? (o.T as number) : (raw.E as number), t: o.t as number, m: o.m,
  };
}

function accountUpdate(raw: Fields): FuturesAccountUpdate | string {
  const a = raw.a;
  if (!isObject(a) || typeof a.m !== 'string' || !Array.isArray(a.B)) return 'ACCOUNT_UPDATE without its update';
  const balances: FuturesAccountUpdate['balances'] = [];
  for (const b of a.B as unknown[]) {
    if (!isObject(b) || typeof b.a !== 'string' || badDecimal(b, ['wb', 'cw'], SIGNED_DECIMAL) !== undefined) return 'ACCOUNT_UPDATE with a malformed balance';
    balances.push({ asset: b.a, walletBalance: b.wb as string, crossWallet: b.cw as string });
  }
  const positions: FuturesAccountUpdate['positions'] = [];
  for (const p of (Array.isArray(a.P) ? a.P : []) as unknown[]) {
    if (!isObject(p) || typeof p.s !== 'string' || badDecimal(p, ['pa', 'ep', 'up'], SIGNED_DECIMAL) !== undefined) return 'ACCOUNT_UPDATE with a malformed position';
    positions.push({
      symbol: p.s, amount: p.pa as string, entryPrice: (p.ep as string).replace(/^-/, ''), unrealizedPnl: p.up as string,
      marginType: typeof p.mt === 'string' ? p.mt : '', positionSide: typeof p.ps === 'string' ? p.ps : 'BOTH',
    });
  }
  return { e: 'ACCOUNT_UPDATE', E: raw.E as number, T: Number.isSafeInteger(raw.T) ? (raw.T as number) : (raw.E as number), reason: a.m, balances, positions };
}

/** Spot's user stream frames as they are (the ledger reads spot's names); only the event type is checked here. */
export function parseSpotEvent(raw: unknown): UserStreamEvent | string | undefined {
  if (!isObject(raw) || typeof raw.e !== 'string') return 'a frame without an event type';
  return raw as unknown as UserStreamEvent;
}
