/**
 * `support-resistance`: trades the user's trigger conditions. A condition is a side, a trigger price, a turning
 * distance, a quantity, optional take-profit and stop-loss distances and an optional trailing stop.
 *
 * Rules, for a buy condition (a support): it arms when a trade prints at or below the trigger; from then on it follows
 * the lowest trade; when a trade prints `turn` ticks or more above that low, it buys `qty` at market. A sell condition
 * (a resistance) mirrors it: armed at or above the trigger, follows the highest trade, sells on a fall of `turn`.
 * The entry carries a bracket: take-profit `takeProfit` ticks beyond the entry's expected price (the turning trade)
 * and stop-loss `stopLoss` ticks against it (0 = none). With `trail` > 0, once the entry has filled a reduce-only
 * trailing stop of `trail` ticks protects the position as well. A condition fires once, unless `repeat` is set, in
 * which case it re-arms after its entry is done. Conditions are edited from the terminal and kept by it.
 */
import type { OrderEvent, Side } from '../protocol/messages.js';
import { defineStrategy } from './api.js';

interface Condition {
  side: string;
  trigger: number;
  turn: number;
  qty: number;
  takeProfit: number;
  stopLoss: number;
  trail: number;
  repeat: boolean;
}

/** Where one condition is: waiting for the trigger, armed and following the extreme, or waiting on its entry. */
interface Tracker {
  condition: Condition;
  /** Lowest (buy) or highest (sell) trade since armed; undefined while not armed. */
  extreme: number | undefined;
  entryId: string | undefined;
  done: boolean;
}

export const supportResistance = defineStrategy({
  kind: 'support-resistance',
  title: 'Support and resistance conditions',
  description:
    'For each condition: arms when the price reaches the trigger, then trades when it turns back by the turning distance; bracket exits and an optional trailing stop.',
  params: {
    conditions: {
      kind: 'list',
      maxItems: 50,
      description: 'Trigger conditions',
      item: {
        side: { kind: 'enum', default: 'buy', options: ['buy', 'sell'], description: 'buy at a support, sell at a resistance' },
        trigger: { kind: 'int', default: 1, min: 1, unit: 'ticks', description: 'Price the market must reach' },
        turn: { kind: 'int', default: 1, min: 1, unit: 'ticks', description: 'How far it must turn back after reaching it' },
        qty: { kind: 'int', default: 1, min: 1, unit: 'lots', description: 'Order size' },
        takeProfit: { kind: 'int', default: 0, min: 0, unit: 'ticks', description: 'Take-profit distance from the entry (0 = none)' },
        stopLoss: { kind: 'int', default: 0, min: 0, unit: 'ticks', description: 'Stop-loss distance from the entry (0 = none)' },
        trail: { kind: 'int', default: 0, min: 0, unit: 'ticks', description: 'Trailing stop distance once in (0 = none)' },
        repeat: { kind: 'bool', default: false, description: 'Re-arm after each entry' },
      },
    },
  },
  create(context, params) {
    let trackers = params.conditions.map(track);
    const byEntry = new Map<string, Tracker>();

    const fire = (tracker: Tracker, price: number): void => {
      const { condition } = tracker;
      const side = condition.side as Side;
      const sign = side === 'buy' ? 1 : -1;
      const exits = {
        ...(condition.takeProfit > 0 ? { takeProfit: price + sign * condition.takeProfit } : {}),
        ...(condition.stopLoss > 0 && price - sign * condition.stopLoss > 0 ? { stopLoss: price - sign * condition.stopLoss } : {}),
      };
      tracker.entryId = context.bracket(side, condition.qty, exits);
      tracker.extreme = undefined;
      byEntry.set(tracker.entryId, tracker);
      context.log(`${side} ${condition.qty} at the turn from ${condition.trigger} (last ${price})`);
    };

    return {
      onTrade(trade) {
        for (const tracker of trackers) {
          if (tracker.done || tracker.entryId !== undefined) continue;
          const { condition } = tracker;
          const buy = condition.side === 'buy';
          if (tracker.extreme === undefined) {
            if (buy ? trade.price <= condition.trigger : trade.price >= condition.trigger) tracker.extreme = trade.price;
            continue;
          }
          tracker.extreme = buy ? Math.min(tracker.extreme, trade.price) : Math.max(tracker.extreme, trade.price);
          const turned = buy ? trade.price - tracker.extreme : tracker.extreme - trade.price;
          if (turned >= condition.turn) fire(tracker, trade.price);
        }
      },
      onOrder(event: OrderEvent) {
        const tracker = byEntry.get(event.clientOrderId);
        if (tracker === undefined || !('state' in event)) return;
        const finished = event.state === 'filled' || event.state === 'canceled' || event.state === 'expired' || event.state === 'rejected';
        if (!finished) return;
        byEntry.delete(event.clientOrderId);
        const filled = event.type === 'OrderFilled' ? event.filledQty : 0;
        if (filled > 0 && tracker.condition.trail > 0) {
          const exitSide: Side = tracker.condition.side === 'buy' ? 'sell' : 'buy';
          context.trailingStop(exitSide, filled, { amount: tracker.condition.trail }, { reduceOnly: true });
        }
        tracker.entryId = undefined;
        tracker.done = !tracker.condition.repeat;
      },
      onParams(next) {
        // A condition that did not change keeps its progress; a new or edited one starts afresh.
        const old = new Map(trackers.map((t) => [JSON.stringify(t.condition), t]));
        trackers = next.conditions.map((condition) => old.get(JSON.stringify(condition)) ?? track(condition));
      },
    };
  },
});

function track(condition: Condition): Tracker {
  return { condition: { ...condition }, extreme: undefined, entryId: undefined, done: false };
}
