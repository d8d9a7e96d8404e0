/**
 * The rows the windows' state message shows for positions, owners' positions and risk limits, built from what the
 * streams said (a TradingView) with money formatted at each instrument's decimals. Pure: the live host and the
 * session player build the same rows.
 */
import { formatMoney, formatPrice, formatQty, type Instrument, type InstrumentRegistry } from '../../workers/core/instrument.js';
import { formatUnits } from '../../workers/core/fixed-point.js';
import { formatFee } from '../../workers/core/fees.js';
import type { OwnerRow, PositionRow, RiskRow } from '../../workers/protocol/channels.js';
import { limitFor, type TerminalConfig } from '../../workers/protocol/config.js';
import type { OwnerPosition, PositionChanged } from '../../workers/protocol/messages.js';

/** Positions with money as decimal strings. */
export function positionRows(positions: ReadonlyMap<string, PositionChanged>, registry: InstrumentRegistry): PositionRow[] {
  const rows: PositionRow[] = [];
  for (const position of positions.values()) {
    const instrument = registry.find(position.venue, position.symbol);
    if (instrument === undefined) continue;
    const size = Math.abs(position.qty);
    rows.push({
      venue: position.venue,
      symbol: position.symbol,
      qty: formatQty(instrument, position.qty),
      qtyLots: position.qty,
      avgPrice: size === 0 ? '' : averagePrice(position.cost, size, instrument),
      avgPriceTicks: size === 0 ? 0 : position.cost / size,
      mark: position.mark === 0 ? '' : formatPrice(instrument, position.mark),
      realized: formatMoney(instrument, position.realized),
      unrealized: formatMoney(instrument, position.unrealized),
      quote: instrument.quote,
    });
  }
  return rows;
}

/** Each owner's (strategy's or the user's) position and P&L per instrument, sorted by owner and symbol. */
export function ownerRows(owners: ReadonlyMap<string, OwnerPosition>, registry: InstrumentRegistry): OwnerRow[] {
  const rows: OwnerRow[] = [];
  for (const position of owners.values()) {
    const instrument = registry.find(position.venue, position.symbol);
    if (instrument === undefined) continue;
    rows.push({
      owner: position.owner,
      venue: position.venue,
      symbol: position.symbol,
      qty: formatQty(instrument, position.qty),
      qtyLots: position.qty,
      realized: formatMoney(instrument, position.realized),
      unrealized: formatMoney(instrument, position.unrealized),
      fees: formatFee(position.fees),
      quote: instrument.quote,
    });
  }
  return rows.sort((a, b) => a.owner.localeCompare(b.owner) || a.symbol.localeCompare(b.symbol));
}

/** The configured limits and how much of each the positions and working orders use. */
export function riskRows(config: TerminalConfig, registry: InstrumentRegistry, positions: ReadonlyMap<string, PositionChanged>, workingOrders: number): RiskRow[] {
  const rows: RiskRow[] = [];
  for (const instrument of registry.all()) {
    const position = positions.get(instrument.key);
    rows.push({ rule: 'max_position', scope: instrument.key, limit: limitFor(config.risk.maxPosition, instrument.symbol), used: Math.abs(position?.qty ?? 0) });
    rows.push({ rule: 'max_order_qty', scope: instrument.key, limit: limitFor(config.risk.maxOrderQty, instrument.symbol), used: 0 });
  }
  rows.push({ rule: 'max_open_orders', scope: '*', limit: config.risk.maxOpenOrders, used: workingOrders });
  return rows;
}

/** cost / size in ticks, as a price with two extra decimals (rounded half away from zero). */
function averagePrice(cost: number, size: number, instrument: Instrument): string {
  const hundredths = Math.round((cost * 100) / size);
  const unit = { mantissa: instrument.tick.mantissa, exponent: instrument.tick.exponent - 2 };
  return formatUnits(hundredths, unit, instrument.priceDecimals + 2);
}
