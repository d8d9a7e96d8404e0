/**
 * Binance market-data frames as they arrive on a combined stream (`/stream?streams=…`: `{"stream", "data"}`) or a
 * raw one, checked field by field: diff depth (`depthUpdate`, spot and USD-M futures), trades (`trade` on spot,
 * `aggTrade` on futures) and REST depth snapshots. Levels stay decimal strings here; the adapter puts them on the grid.
 */

/** A level as Binance sends it: [price, quantity] decimal strings. */
export type RawLevel = [string, string];

/** `depthUpdate`: U and u are the first and final update ids in the event; pu (futures only) the previous event's u. */
export interface RawDepth {
  kind: 'depth';
  symbol: string;
  eventTime: number;
  firstId: number;
  lastId: number;
  prevLastId: number;
  bids: RawLevel[];
  asks: RawLevel[];
}

/** `trade` / `aggTrade`. `buyerIsMaker` true means the seller was the taker. */
export interface RawTrade {
  kind: 'trade';
  symbol: string;
  tradeTime: number;
  tradeId: number;
  price: string;
  qty: string;
  buyerIsMaker: boolean;
}

/** A REST depth snapshot (`GET /api/v3/depth`, `GET /fapi/v1/depth`). */
export interface RawSnapshot {
  lastUpdateId: number;
  bids: RawLevel[];
  asks: RawLevel[];
}

/** A decoded frame, or why it was refused. */
export type ParsedFrame = RawDepth | RawTrade | { kind: 'ignored'; what: string } | { kind: 'bad'; reason: string };

/** Decodes one WebSocket text frame; never throws. */
export function parseFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'not JSON' };
  }
  if (!isRecord(value)) return { kind: 'bad', reason: 'not an object' };
  const data = isRecord(value.data) ? value.data : value;
  switch (data.e) {
    case 'depthUpdate':
      return depthOf(data);
    case 'trade':
    case 'aggTrade':
      return tradeOf(data);
    default:
      // Subscription acknowledgements ({"result": null, "id": 1}) and streams we did not ask for.
      return { kind: 'ignored', what: typeof data.e === 'string' ? data.e : 'a reply' };
  }
}

/** Decodes a REST depth snapshot's body; a string is the reason it was refused. */
export function parseSnapshot(value: unknown): RawSnapshot | string {
  if (!isRecord(value)) return 'depth snapshot is not an object';
  const { lastUpdateId, bids, asks } = value;
  if (!isId(lastUpdateId)) return 'depth snapshot without a lastUpdateId';
  if (!isLevels(bids) || !isLevels(asks)) return 'depth snapshot levels are not [price, qty] strings';
  return { lastUpdateId, bids, asks };
}

function depthOf(d: Record<string, unknown>): ParsedFrame {
  const { s, E, U, u, pu, b, a } = d;
  if (typeof s !== 'string' || !isId(E) || !isId(U) || !isId(u) || u < U) return { kind: 'bad', reason: 'depthUpdate with bad symbol, time or ids' };
  if (pu !== undefined && !isIdOrMinus(pu)) return { kind: 'bad', reason: 'depthUpdate with a bad pu' };
  if (!isLevels(b) || !isLevels(a)) return { kind: 'bad', reason: 'depthUpdate levels are not [price, qty] strings' };
  return { kind: 'depth', symbol: s, eventTime: E, firstId: U, lastId: u, prevLastId: pu === undefined ? -1 : (pu as number), bids: b, asks: a };
}

function tradeOf(d: Record<string, unknown>): ParsedFrame {
  const id = d.e === 'trade' ? d.t : d.a;
  const { s, T, p, q, m } = d;
  if (typeof s !== 'string' || !isId(T) || !isId(id) || typeof p !== 'string' || typeof q !== 'string' || typeof m !== 'boolean') {
    return { kind: 'bad', reason: `${String(d.e)} with missing or mistyped fields` };
  }
  return { kind: 'trade', symbol: s, tradeTime: T, tradeId: id, price: p, qty: q, buyerIsMaker: m };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isIdOrMinus(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= -1;
}

function isLevels(value: unknown): value is RawLevel[] {
  if (!Array.isArray(value)) return false;
  for (const level of value) {
    if (!Array.isArray(level) || level.length < 2 || typeof level[0] !== 'string' || typeof level[1] !== 'string') return false;
  }
  return true;
}
