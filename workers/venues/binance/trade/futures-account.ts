/**
 * A Binance USD-M futures account as the gateway knows it: margin assets and positions, from REST (`/fapi/v2/account`
 * and `/fapi/v2/positionRisk`: everything) and the user stream (`ACCOUNT_UPDATE`: the wallet balances and positions
 * that changed — it carries no mark price, margin or available balance, so those stay as the last REST check said
 * until the next). Position quantities become lots of the instrument exactly; a position in a symbol the gateway does
 * not trade, or off the lot grid, is left out and counted. Also the positions' reconciliation diff. Pure.
 */
import { qtyToLots, type Instrument } from '../../../core/instrument.js';
import type { ReconcileDifference, VenueMargin, VenuePosition } from '../../../protocol/messages.js';
import type { FuturesAccountUpdate } from './binance-trade-types.js';
import { badDecimal, DECIMAL, SIGNED_DECIMAL } from './wire-parse.js';

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The account's REST answers, checked. */
export interface FuturesRestAccount {
  updateTime: number;
  margin: VenueMargin[];
  /** Each asset's update time, ms. */
  assetTimes: Map<string, number>;
}

/** `/fapi/v2/account` (or v3): its margin assets; or why it is not one. */
export function parseFuturesAccount(body: unknown): FuturesRestAccount | string {
  if (!isObject(body) || !Array.isArray(body.assets)) return 'a futures account answer without assets';
  const margin: VenueMargin[] = [];
  const assetTimes = new Map<string, number>();
  let updateTime = 0;
  for (const a of body.assets as unknown[]) {
    if (!isObject(a) || typeof a.asset !== 'string') return 'a futures asset without a name';
    const bad = badDecimal(a, ['walletBalance', 'unrealizedProfit', 'marginBalance', 'initialMargin', 'maintMargin', 'availableBalance'], SIGNED_DECIMAL);
    if (bad !== undefined) return `futures asset ${a.asset}: ${bad} is not a decimal`;
    if (Number.isSafeInteger(a.updateTime)) {
      updateTime = Math.max(updateTime, a.updateTime as number);
      assetTimes.set(a.asset, a.updateTime as number);
    }
    margin.push({
      asset: a.asset, walletBalance: a.walletBalance as string, unrealizedPnl: a.unrealizedProfit as string, marginBalance: a.marginBalance as string,
      initialMargin: a.initialMargin as string, maintMargin: a.maintMargin as string, availableBalance: a.availableBalance as string,
    });
  }
  return { updateTime, margin, assetTimes };
}

/** One row of `/fapi/v2/positionRisk`, checked (amounts still decimal text). */
export interface RiskRow {
  symbol: string;
  amount: string;
  entryPrice: string;
  markPrice: string;
  liquidationPrice: string;
  unrealizedPnl: string;
  leverage: number;
  marginType: string;
  /** ms, 0 when absent. */
  updateTime: number;
}

/** `/fapi/v2/positionRisk`; or why it is not one. */
export function parsePositionRisk(body: unknown): RiskRow[] | string {
  if (!Array.isArray(body)) return 'a positionRisk answer that is not a list';
  const out: RiskRow[] = [];
  for (const p of body as unknown[]) {
    if (!isObject(p) || typeof p.symbol !== 'string') return 'a position without a symbol';
    const bad = badDecimal(p, ['positionAmt', 'unRealizedProfit'], SIGNED_DECIMAL) ?? badDecimal(p, ['entryPrice', 'markPrice', 'liquidationPrice'], DECIMAL);
    if (bad !== undefined) return `position ${p.symbol}: ${bad} is not a decimal`;
    const leverage = Number(p.leverage);
    out.push({
      symbol: p.symbol, amount: p.positionAmt as string, entryPrice: p.entryPrice as string, markPrice: p.markPrice as string,
      liquidationPrice: p.liquidationPrice as string, unrealizedPnl: p.unRealizedProfit as string,
      leverage: Number.isSafeInteger(leverage) && leverage >= 0 ? leverage : 0, marginType: typeof p.marginType === 'string' ? p.marginType : '',
      updateTime: Number.isSafeInteger(p.updateTime) ? (p.updateTime as number) : 0,
    });
  }
  return out;
}

/** Signed lots of a signed decimal amount, or undefined off the grid. */
export function signedLots(instrument: Instrument, amount: string): number | undefined {
  const negative = amount.startsWith('-');
  const lots = qtyToLots(instrument, negative ? amount.slice(1) : amount);
  return lots === undefined ? undefined : negative ? -lots : lots;
}

/** The account picture the gateway publishes as `VenueAccount`. */
export class FuturesAccountBook {
  private readonly margin = new Map<string, VenueMargin>();
  private readonly positions = new Map<string, VenuePosition>();
  /** When the stream last changed each asset (`B:USDT`) and position (`P:BTCUSDT`), ms. */
  private readonly streamTimes = new Map<string, number>();
  updateTime = 0;
  /** True once REST has given the whole picture. */
  known = false;
  readonly counts = { foreign_positions: 0, off_grid_positions: 0 };

  constructor(private readonly instruments: ReadonlyMap<string, Instrument>) {}

  /**
   * REST's whole picture replaces what was known — except where the stream has said something newer than the answer
   * (an answer computed before a fill can arrive after the fill's ACCOUNT_UPDATE): there the stream's amount stays.
   */
  setRest(account: FuturesRestAccount, risk: readonly RiskRow[], nowMs: number): void {
    const margin = new Map(this.margin);
    this.margin.clear();
    for (const m of account.margin) {
      const newer = (this.streamTimes.get(`B:${m.asset}`) ?? 0) > (account.assetTimes.get(m.asset) ?? 0);
      const streamed = margin.get(m.asset);
      this.margin.set(m.asset, newer && streamed !== undefined ? { ...m, walletBalance: streamed.walletBalance } : m);
    }
    const positions = new Map(this.positions);
    this.positions.clear();
    for (const row of risk) {
      const streamed = positions.get(row.symbol);
      if (streamed !== undefined && (this.streamTimes.get(`P:${row.symbol}`) ?? 0) > row.updateTime) {
        this.positions.set(row.symbol, { ...streamed, markPrice: row.markPrice, leverage: row.leverage });
        continue;
      }
      const position = this.position(row.symbol, row.amount);
      if (position === undefined) continue;
      this.positions.set(row.symbol, { ...position, entryPrice: row.entryPrice, unrealizedPnl: row.unrealizedPnl, markPrice: row.markPrice, liquidationPrice: row.liquidationPrice, leverage: row.leverage, marginType: row.marginType });
    }
    this.updateTime = account.updateTime > 0 ? account.updateTime : nowMs;
    this.known = true;
  }

  /** The stream's changes: wallet balances and the positions named. */
  apply(update: FuturesAccountUpdate): void {
    for (const b of update.balances) {
      const before = this.margin.get(b.asset) ?? { asset: b.asset, walletBalance: '0', unrealizedPnl: '0', marginBalance: '0', initialMargin: '0', maintMargin: '0', availableBalance: '0' };
      this.margin.set(b.asset, { ...before, walletBalance: b.walletBalance });
      this.streamTimes.set(`B:${b.asset}`, update.T);
    }
    for (const p of update.positions) {
      if (p.positionSide !== 'BOTH') continue; // hedge-mode legs: the terminal trades one-way mode only
      const position = this.position(p.symbol, p.amount);
      if (position === undefined) continue;
      const before = this.positions.get(p.symbol);
      this.streamTimes.set(`P:${p.symbol}`, update.T);
      this.positions.set(p.symbol, { ...position, markPrice: before?.markPrice ?? '', liquidationPrice: before?.liquidationPrice ?? '', leverage: before?.leverage ?? 0, entryPrice: p.entryPrice, unrealizedPnl: p.unrealizedPnl, marginType: p.marginType || (before?.marginType ?? '') });
    }
    this.updateTime = update.T;
  }

  /** Open positions (quantity not 0), by symbol. */
  openPositions(): VenuePosition[] {
    return [...this.positions.values()].filter((p) => p.qty !== 0).sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  marginAssets(): VenueMargin[] {
    return [...this.margin.values()].sort((a, b) => a.asset.localeCompare(b.asset));
  }

  /** Signed lots per symbol, as believed. */
  lots(): Map<string, number> {
    return new Map(this.openPositions().map((p) => [p.symbol, p.qty]));
  }

  private position(symbol: string, amount: string): VenuePosition | undefined {
    const instrument = this.instruments.get(symbol);
    if (instrument === undefined) return void this.counts.foreign_positions++;
    const qty = signedLots(instrument, amount);
    if (qty === undefined) return void this.counts.off_grid_positions++;
    return { symbol, qty, entryPrice: '0', unrealizedPnl: '0', markPrice: '', liquidationPrice: '', leverage: 0, marginType: '' };
  }
}

/**
 * Positions the gateway believed (from the stream) against what REST says now: one difference per symbol that
 * disagrees, for information — the venue's position wins, and the terminal's own positions come from fills, which
 * reconciliation checks on their own.
 */
export function positionDifferences(believed: ReadonlyMap<string, number> | undefined, venue: ReadonlyMap<string, number>): ReconcileDifference[] {
  if (believed === undefined) return [];
  const out: ReconcileDifference[] = [];
  for (const symbol of [...new Set([...believed.keys(), ...venue.keys()])].sort()) {
    const before = believed.get(symbol) ?? 0;
    const now = venue.get(symbol) ?? 0;
    if (before === now) continue;
    out.push({ kind: 'position', symbol, id: symbol, terminal: `${before} lots`, venue: `${now} lots`, action: "take the venue's position", blocking: false });
  }
  return out;
}
