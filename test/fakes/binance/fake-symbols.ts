/**
 * The instruments the fake Binance lists, and their `exchangeInfo` entries shaped as Binance documents them (spot
 * `GET /api/v3/exchangeInfo`, USD-M `GET /fapi/v1/exchangeInfo`): decimal strings, filters by `filterType`.
 */

/** One listed symbol of the fake. */
export interface FakeSymbol {
  symbol: string;
  base: string;
  quote: string;
  /** Decimal strings exactly as Binance writes them (spot pads to 8 places, futures does not). */
  tickSize: string;
  stepSize: string;
  minNotional: string;
  /** Starting mid price, in ticks. */
  startTicks: number;
}

export const SPOT_SYMBOLS: FakeSymbol[] = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01000000', stepSize: '0.00001000', minNotional: '5.00000000', startTicks: 6_500_000 },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', tickSize: '0.01000000', stepSize: '0.00010000', minNotional: '5.00000000', startTicks: 320_000 },
];

export const FUTURES_SYMBOLS: FakeSymbol[] = [
  { symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', stepSize: '0.001', minNotional: '100', startTicks: 650_000 },
  { symbol: 'ETHUSDT', base: 'ETH', quote: 'USDT', tickSize: '0.01', stepSize: '0.001', minNotional: '20', startTicks: 320_000 },
];

/** Spot `exchangeInfo` body. */
export function spotExchangeInfo(symbols: FakeSymbol[], serverTime: number): unknown {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
    ],
    exchangeFilters: [],
    symbols: symbols.map((s) => ({
      symbol: s.symbol,
      status: 'TRADING',
      baseAsset: s.base,
      baseAssetPrecision: 8,
      quoteAsset: s.quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true,
      ocoAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: '1000000.00000000', tickSize: s.tickSize },
        { filterType: 'LOT_SIZE', minQty: s.stepSize, maxQty: '9000.00000000', stepSize: s.stepSize },
        { filterType: 'NOTIONAL', minNotional: s.minNotional, applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  };
}

/** USD-M futures `exchangeInfo` body. */
export function futuresExchangeInfo(symbols: FakeSymbol[], serverTime: number): unknown {
  return {
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 }],
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
    symbols: symbols.map((s) => ({
      symbol: s.symbol,
      pair: s.symbol,
      contractType: 'PERPETUAL',
      deliveryDate: 4133404800000,
      onboardDate: 1569398400000,
      status: 'TRADING',
      baseAsset: s.base,
      quoteAsset: s.quote,
      marginAsset: s.quote,
      pricePrecision: Math.max(0, s.tickSize.length - s.tickSize.indexOf('.') - 1),
      quantityPrecision: Math.max(0, s.stepSize.length - s.stepSize.indexOf('.') - 1),
      underlyingType: 'COIN',
      triggerProtect: '0.0500',
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: '4529764', tickSize: s.tickSize },
        { filterType: 'LOT_SIZE', minQty: s.stepSize, maxQty: '1000', stepSize: s.stepSize },
        { filterType: 'MARKET_LOT_SIZE', minQty: s.stepSize, maxQty: '120', stepSize: s.stepSize },
        { filterType: 'MAX_NUM_ORDERS', limit: 200 },
        { filterType: 'MIN_NOTIONAL', notional: s.minNotional },
        { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
      ],
      orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
      timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
    })),
  };
}
