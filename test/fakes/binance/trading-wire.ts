/**
 * Wire helpers of the fake Binance trading server: 8-decimal amounts as Binance spot writes them ("0.00100000"),
 * its documented error codes and messages, and its signature check (HMAC-SHA256 of the query string and body, hex).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Amounts are BigInt counts of 10^-8, as Binance spot's 8 decimals. */
export const SCALE = 100_000_000n;

/** "0.0015" → 150000n; undefined if not a plain decimal of at most 8 places (trailing zeros aside). */
export function parseAmount(text: string | undefined): bigint | undefined {
  const match = text === undefined ? null : /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 8) return undefined;
  return BigInt(match[1]!) * SCALE + BigInt(fraction.padEnd(8, '0'));
}

/** 150000n → "0.00150000". */
export function formatAmount(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / SCALE}.${(abs % SCALE).toString().padStart(8, '0')}`;
}

/** price × qty of two 8-decimal amounts, as an 8-decimal amount (truncated, as Binance's quote quantities). */
export function multiply(a: bigint, b: bigint): bigint {
  return (a * b) / SCALE;
}

/** A documented Binance error: HTTP status, code, message. */
export interface WireError {
  status: number;
  code: number;
  msg: string;
}

export const ERRORS = {
  unknown: { status: 500, code: -1000, msg: 'An unknown error occurred while processing the request.' },
  tooMuchWeight: { status: 429, code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' },
  timestamp: { status: 400, code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
  signature: { status: 400, code: -1022, msg: 'Signature for this request is not valid.' },
  mandatory: (param: string) => ({ status: 400, code: -1102, msg: `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.` }),
  filter: (filter: string) => ({ status: 400, code: -1013, msg: `Filter failure: ${filter}` }),
  balance: { status: 400, code: -2010, msg: 'Account has insufficient balance for requested action.' },
  duplicate: { status: 400, code: -2010, msg: 'Duplicate order sent.' },
  cancelUnknown: { status: 400, code: -2011, msg: 'Unknown order sent.' },
  noSuchOrder: { status: 400, code: -2013, msg: 'Order does not exist.' },
  apiKeyFormat: { status: 401, code: -2014, msg: 'API-key format invalid.' },
  apiKey: { status: 401, code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
} as const;

/** True if `signature` is the HMAC-SHA256 (hex) of `payload` with `secret`. */
export function signatureHolds(secret: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(payload).digest('hex'));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The query string without its `signature` parameter, and the signature (Binance signs the rest as sent). */
export function splitSignature(query: string): { payload: string; signature: string | undefined } {
  const parts = query.split('&');
  const index = parts.findIndex((p) => p.startsWith('signature='));
  if (index < 0) return { payload: query, signature: undefined };
  const signature = decodeURIComponent(parts[index]!.slice('signature='.length));
  parts.splice(index, 1);
  return { payload: parts.join('&'), signature };
}
