/**
 * The configured limits, resolved once per (instrument, strategy) into a `Route`: every limit that applies to an order
 * of that strategy in that instrument, scope by scope, already converted to the integers the checks compare (lots,
 * ticks×lots, exposure units), and the holdings, books and token buckets the checks read. The first order of a pair
 * builds its route; every later one finds it in three map lookups.
 */
import { parseDecimal, type Decimal } from '../core/fixed-point.js';
import { formatMoney, formatPrice, type Instrument, type InstrumentRegistry } from '../core/instrument.js';
import type { MoneyFormat } from '../core/risk-denial.js';
import type { PriceFormat } from '../core/risk-exposure-checks.js';
import { TokenBucket } from '../core/risk-rate-limit.js';
import { limitFor, type LimitSet, type RiskConfig } from '../protocol/config.js';
import { Book, EXPOSURE_CAP, exposureUnit, formatExposure, Holding, Market, unitsPerMoneyUnit } from './exposure.js';

/** One limit and the scope it comes from: '' for the flat defaults, else `account`, `instrument …`, `strategy …`. */
export interface Scoped {
  limit: number;
  scope: string;
}

/** Whose numbers a limit is measured on: the account's, the account's in this instrument, or the strategy's. */
export type Target = 'account' | 'instrument' | 'strategy';

export interface TargetedLimit extends Scoped {
  target: Target;
}

/** A position limit: the flat `maxPosition` (±, rule `max_position`) or a scoped `maxLong` / `maxShort`. */
export interface SideLimit extends TargetedLimit {
  symmetric: boolean;
}

export interface ScopedBucket {
  bucket: TokenBucket;
  scope: string;
}

/** Everything the checks need for orders of one strategy in one instrument. */
export interface Route {
  instrument: Instrument;
  market: Market;
  /** The account's holding in the instrument, and the strategy's. */
  account: Holding;
  strategy: Holding;
  orderQty: Scoped[];
  /** Ticks×lots of the instrument. */
  orderNotional: Scoped[];
  long: SideLimit[];
  short: SideLimit[];
  /** Exposure units. */
  gross: TargetedLimit[];
  openOrders: TargetedLimit[];
  bandBps: Scoped[];
  orderBuckets: ScopedBucket[];
  cancelBuckets: ScopedBucket[];
  money: MoneyFormat;
  exposureMoney: MoneyFormat;
  price: PriceFormat;
  /** The account's buying power, for instruments quoted in its currency; undefined: not checked. */
  margin: MarginLimit | undefined;
}

/** The account's margin as a limit on gross exposure (exposure units), read when an order is checked. */
export interface MarginLimit {
  currency: string;
  maxExposure(): number;
  describe(after: number, maxExposure: number): string;
}

/** A limit set with its decimals parsed, checked once when the engine is built. */
interface ParsedSet {
  set: LimitSet;
  notional: Decimal | undefined;
  gross: Decimal | undefined;
}

/** The limits of one risk engine and the state they are measured on. */
export class RiskLimits {
  readonly accountBook = new Book('account');
  /** The unit exposure is counted in (see exposure.ts). */
  readonly unit: Decimal;
  private readonly account: ParsedSet | undefined;
  private readonly instruments = new Map<string, ParsedSet>();
  private readonly strategies = new Map<string, ParsedSet>();
  private readonly markets = new Map<string, Market>();
  private readonly accountHoldings = new Map<string, Holding>();
  private readonly books = new Map<string, Book>();
  private readonly buckets = new Map<string, TokenBucket>();
  /** venue → symbol → strategy → route. */
  private readonly routes = new Map<string, Map<string, Map<string, Route>>>();
  /** Set by the engine before the first route is built. */
  margin: MarginLimit | undefined;

  constructor(
    private readonly registry: InstrumentRegistry,
    private readonly config: RiskConfig,
  ) {
    this.unit = exposureUnit(registry.all());
    const scoped = config.limits ?? {};
    this.account = scoped.account === undefined ? undefined : parseSet(scoped.account, 'account');
    for (const [key, set] of Object.entries(scoped.instruments ?? {})) {
      if (!registry.all().some((i) => i.key === key || i.symbol === key)) throw new Error(`risk limits: no instrument ${key}`);
      this.instruments.set(key, parseSet(set, `instrument ${key}`));
    }
    for (const [id, set] of Object.entries(scoped.strategies ?? {})) this.strategies.set(id, parseSet(set, `strategy ${id}`));
  }

  /** The route for orders of `strategyId` in `venue:symbol` (the instrument must be known). */
  route(venue: string, symbol: string, strategyId: string): Route {
    let bySymbol = this.routes.get(venue);
    if (bySymbol === undefined) this.routes.set(venue, (bySymbol = new Map()));
    let byStrategy = bySymbol.get(symbol);
    if (byStrategy === undefined) bySymbol.set(symbol, (byStrategy = new Map()));
    let route = byStrategy.get(strategyId);
    if (route === undefined) byStrategy.set(strategyId, (route = this.build(this.registry.get(venue, symbol), strategyId)));
    return route;
  }

  /** The instrument's prices, creating them on first use. */
  market(instrument: Instrument): Market {
    let market = this.markets.get(instrument.key);
    if (market === undefined) {
      market = new Market(instrument, unitsPerMoneyUnit(instrument, this.unit));
      this.markets.set(instrument.key, market);
      this.accountHoldings.set(instrument.key, new Holding(market, this.accountBook));
    }
    return market;
  }

  /** The market of `venue:symbol` if it is a known instrument. */
  findMarket(venue: string, symbol: string): Market | undefined {
    const instrument = this.registry.find(venue, symbol);
    return instrument === undefined ? undefined : this.market(instrument);
  }

  /** A strategy's book (gross exposure and open orders over its instruments). */
  book(strategyId: string): Book {
    let book = this.books.get(strategyId);
    if (book === undefined) this.books.set(strategyId, (book = new Book(strategyId)));
    return book;
  }

  private build(instrument: Instrument, strategyId: string): Route {
    const market = this.market(instrument);
    const account = this.accountHoldings.get(instrument.key) as Holding;
    const instrumentScope = this.instruments.get(instrument.key) ?? this.instruments.get(instrument.symbol);
    const instrumentKeyUsed = this.instruments.has(instrument.key) ? instrument.key : instrument.symbol;
    const strategyScope = this.strategies.get(strategyId);
    const route: Route = {
      instrument,
      market,
      account,
      strategy: new Holding(market, this.book(strategyId)),
      orderQty: [],
      orderNotional: [],
      long: [],
      short: [],
      gross: [],
      openOrders: [],
      bandBps: [],
      orderBuckets: [],
      cancelBuckets: [],
      money: (units) => `${formatMoney(instrument, units)} ${instrument.quote}`,
      exposureMoney: (units) => `${formatExposure(units, this.unit)} ${instrument.quote}`,
      price: (ticks) => formatPrice(instrument, ticks),
      margin: this.margin !== undefined && this.margin.currency === instrument.quote ? this.margin : undefined,
    };
    this.addDefaults(route);
    if (this.account !== undefined) this.add(route, this.account, 'account', 'account', 'account');
    if (instrumentScope !== undefined) this.add(route, instrumentScope, `instrument ${instrumentKeyUsed}`, 'instrument', `instrument ${instrument.key}`);
    if (strategyScope !== undefined) this.add(route, strategyScope, `strategy ${strategyId}`, 'strategy', `strategy ${strategyId}`);
    return route;
  }

  /** The flat fields: order size and ± position per symbol, open orders for the account. */
  private addDefaults(route: Route): void {
    const { symbol } = route.instrument;
    const maxQty = limitFor(this.config.maxOrderQty, symbol);
    if (maxQty < Number.MAX_SAFE_INTEGER) route.orderQty.push({ limit: maxQty, scope: '' });
    const maxPosition = limitFor(this.config.maxPosition, symbol);
    if (maxPosition < Number.MAX_SAFE_INTEGER) {
      route.long.push({ limit: maxPosition, scope: '', target: 'account', symmetric: true });
      route.short.push({ limit: maxPosition, scope: '', target: 'account', symmetric: true });
    }
    route.openOrders.push({ limit: this.config.maxOpenOrders, scope: '', target: 'account' });
  }

  /**
   * Adds one scope's limits. Position limits of the account and instrument scopes are on the account's position in the
   * instrument; exposure and open orders on the account's totals, the instrument's, or the strategy's.
   */
  private add(route: Route, parsed: ParsedSet, scope: string, target: Target, bucketKey: string): void {
    const { set } = parsed;
    const positionTarget: Target = target === 'strategy' ? 'strategy' : 'account';
    if (set.maxOrderQty !== undefined) route.orderQty.push({ limit: set.maxOrderQty, scope });
    if (parsed.notional !== undefined) route.orderNotional.push({ limit: floorUnits(parsed.notional, route.instrument.moneyUnit, Number.MAX_SAFE_INTEGER), scope });
    if (set.maxLong !== undefined) route.long.push({ limit: set.maxLong, scope, target: positionTarget, symmetric: false });
    if (set.maxShort !== undefined) route.short.push({ limit: set.maxShort, scope, target: positionTarget, symmetric: false });
    if (parsed.gross !== undefined) route.gross.push({ limit: floorUnits(parsed.gross, this.unit, EXPOSURE_CAP - 1), scope, target });
    if (set.maxOpenOrders !== undefined) route.openOrders.push({ limit: set.maxOpenOrders, scope, target });
    if (set.priceBandBps !== undefined && set.priceBandBps > 0) route.bandBps.push({ limit: set.priceBandBps, scope });
    if (set.ordersPerSecond !== undefined) route.orderBuckets.push({ bucket: this.bucket(`orders ${bucketKey}`, set.ordersPerSecond), scope });
    if (set.cancelsPerSecond !== undefined) route.cancelBuckets.push({ bucket: this.bucket(`cancels ${bucketKey}`, set.cancelsPerSecond), scope });
  }

  /** One bucket per scope and kind, shared by every route of the scope (all of a strategy's instruments, say). */
  private bucket(key: string, rate: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, (bucket = new TokenBucket(rate)));
    return bucket;
  }
}

/** Checks a limit set once, when the engine is built: a bad limit fails the start, not an order. */
function parseSet(set: LimitSet, scope: string): ParsedSet {
  const fail = (field: string, why: string): never => {
    throw new Error(`risk limits (${scope}): ${field} ${why}`);
  };
  for (const field of ['maxOrderQty', 'maxLong', 'maxShort', 'maxOpenOrders', 'priceBandBps'] as const) {
    const value = set[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) fail(field, `must be a whole number ≥ 0, got ${value}`);
  }
  for (const field of ['ordersPerSecond', 'cancelsPerSecond'] as const) {
    const value = set[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) fail(field, `must be a whole number ≥ 1, got ${value}`);
  }
  const money = (field: 'maxOrderNotional' | 'maxGrossExposure'): Decimal | undefined => {
    const text = set[field];
    if (text === undefined) return undefined;
    let value: Decimal | undefined;
    try {
      value = parseDecimal(text);
    } catch {
      fail(field, `must be a decimal string, got ${JSON.stringify(text)}`);
    }
    if (value === undefined || value.mantissa < 0n) return fail(field, `must be ≥ 0, got ${text}`);
    return value;
  };
  return { set, notional: money('maxOrderNotional'), gross: money('maxGrossExposure') };
}

/** The whole number of `unit`s in `value`, rounded down (so `units ≤ result` ⇔ `units × unit ≤ value`), at most `cap`. */
function floorUnits(value: Decimal, unit: Decimal, cap: number): number {
  const exponent = Math.min(value.exponent, unit.exponent);
  const a = value.mantissa * 10n ** BigInt(value.exponent - exponent);
  const b = unit.mantissa * 10n ** BigInt(unit.exponent - exponent);
  const units = a / b;
  return units > BigInt(cap) ? cap : Number(units);
}
