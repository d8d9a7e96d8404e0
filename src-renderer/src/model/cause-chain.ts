/**
 * Why an order was refused, as a chain the trader reads top to bottom: the command that was sent (and by whom), the
 * rule that refused it, the configured limit against the order's own value, and the reason in words. Pure: the Orders
 * panel shows it under a denied or rejected row.
 */
import { formatMoney, formatQty, type Instrument } from '../../../workers/core/instrument.js';
import type { OrderRow } from '../../../workers/protocol/channels.js';
import { describeOrder } from './describe-order.js';

export interface CauseStep {
  label: string;
  text: string;
}

const QTY_RULES = /qty|position|long|short|reduce|trading_state|market_data/;
const MONEY_RULES = /notional/;

export function causeChain(order: OrderRow, instrument: Instrument | undefined): CauseStep[] {
  const steps: CauseStep[] = [];
  if (order.orderType !== '' && order.tif !== '' && order.qty > 0 && instrument !== undefined) {
    const command = describeOrder(instrument, { venue: order.venue, symbol: order.symbol, side: order.side, orderType: order.orderType, price: order.price, qty: order.qty, tif: order.tif, ...(order.stopPrice > 0 ? { stopPrice: order.stopPrice } : {}) });
    steps.push({ label: 'Command', text: command });
  }
  steps.push({ label: 'From', text: order.strategyId === 'manual' ? 'you (manual)' : `strategy ${order.strategyId}` });
  const denial = order.denial;
  if (denial !== undefined) {
    steps.push({ label: 'Refused by', text: `risk, rule ${denial.rule}` });
    const unit = (n: number): string =>
      instrument === undefined ? String(n) : QTY_RULES.test(denial.rule) ? formatQty(instrument, n) : MONEY_RULES.test(denial.rule) ? `${formatMoney(instrument, n)} ${instrument.quote}` : String(n);
    steps.push({ label: 'Limit', text: `configured ${unit(denial.limit)}; this order ${unit(denial.value)}` });
  } else {
    steps.push({ label: 'Refused by', text: `the venue (${order.venue})` });
  }
  steps.push({ label: 'Reason', text: order.reason === '' ? '—' : order.reason });
  return steps;
}
