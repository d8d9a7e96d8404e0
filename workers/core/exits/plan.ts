/**
 * Exit plans: the rules that close a position — a stop-loss, profit targets with split quantities, a trailing stop,
 * a move to break-even and a time stop — as a pure value, with its checks, its wire form (`ExitPlanFields`) and the
 * exact split of a quantity over the targets. Prices and distances are integer ticks, quantities integer lots.
 */
import type { ExitPlanFields, Timeframe } from '../../protocol/messages.js';

/** Where the stop-loss starts: a distance against the entry, or an absolute price (a dragged line). */
export type StopLossRule = { distance: number } | { price: number };

/** One profit target: a limit order `distance` ticks in profit for `share` percent of the position. */
export interface ExitTarget {
  distance: number;
  share: number;
}

/** A trailing stop: exactly one of `amount` (ticks), `bps` (of the best price) or `atrMultiple` (× ATR). */
export interface TrailingRule {
  amount?: number;
  bps?: number;
  atrMultiple?: number;
  /** ATR period, default {@link DEFAULT_ATR_PERIOD}. */
  atrPeriod?: number;
  /** Timeframe of the closed bars ATR reads, default {@link DEFAULT_ATR_TF}. */
  tf?: Timeframe;
  /** Gain in ticks the best price must reach before trailing starts; default 0. */
  startAfter?: number;
}

/** Move the stop to entry + `offset` once the best price has gained `after` ticks. */
export interface BreakEvenRule {
  after: number;
  offset?: number;
}

/** The exit rules of one position. */
export interface ExitPlan {
  stopLoss?: StopLossRule;
  targets?: ExitTarget[];
  trailing?: TrailingRule;
  breakEven?: BreakEvenRule;
  /** Close at market once the position has been open this long, µs. */
  timeStopUs?: number;
}

export const DEFAULT_ATR_PERIOD = 14;
export const DEFAULT_ATR_TF: Timeframe = '1m';

/** Why `plan` cannot be used, or undefined if it can. */
export function exitPlanProblem(plan: ExitPlan): string | undefined {
  const { stopLoss, targets, trailing, breakEven, timeStopUs } = plan;
  if (stopLoss === undefined && (targets ?? []).length === 0 && trailing === undefined && breakEven === undefined && timeStopUs === undefined) {
    return 'a plan needs at least one exit';
  }
  if (stopLoss !== undefined && !positive('distance' in stopLoss ? stopLoss.distance : stopLoss.price)) return 'the stop-loss must be a whole number of ticks > 0';
  return targetsProblem(targets ?? []) ?? trailingProblem(trailing) ?? breakEvenProblem(breakEven) ?? (timeStopUs !== undefined && !positive(timeStopUs) ? 'the time stop must be a whole number of µs > 0' : undefined);
}

function targetsProblem(targets: readonly ExitTarget[]): string | undefined {
  let total = 0;
  for (const [index, target] of targets.entries()) {
    if (!positive(target.distance)) return `target ${index + 1}: the distance must be a whole number of ticks > 0`;
    if (!positive(target.share) || target.share > 100) return `target ${index + 1}: the share must be a whole percent from 1 to 100`;
    total += target.share;
  }
  return total > 100 ? `the targets' shares add up to ${total}%, more than 100%` : undefined;
}

function trailingProblem(trailing: TrailingRule | undefined): string | undefined {
  if (trailing === undefined) return undefined;
  const kinds = [trailing.amount, trailing.bps, trailing.atrMultiple].filter((v) => v !== undefined).length;
  if (kinds !== 1) return 'a trailing stop needs exactly one of an amount, a percent (bps) or an ATR multiple';
  if (trailing.amount !== undefined && !positive(trailing.amount)) return 'the trailing amount must be a whole number of ticks > 0';
  if (trailing.bps !== undefined && !positive(trailing.bps)) return 'the trailing distance must be a whole number of bps > 0';
  if (trailing.atrMultiple !== undefined && !(Number.isFinite(trailing.atrMultiple) && trailing.atrMultiple > 0)) return 'the ATR multiple must be a number > 0';
  if (trailing.atrMultiple === undefined && (trailing.atrPeriod !== undefined || trailing.tf !== undefined)) return 'an ATR period or timeframe needs an ATR multiple';
  if (trailing.atrPeriod !== undefined && !positive(trailing.atrPeriod)) return 'the ATR period must be a whole number > 0';
  if (trailing.startAfter !== undefined && !(Number.isSafeInteger(trailing.startAfter) && trailing.startAfter >= 0)) return 'trailing must start after a whole number of ticks ≥ 0';
  return undefined;
}

function breakEvenProblem(breakEven: BreakEvenRule | undefined): string | undefined {
  if (breakEven === undefined) return undefined;
  if (!positive(breakEven.after)) return 'break-even must come after a gain of a whole number of ticks > 0';
  const offset = breakEven.offset ?? 0;
  if (!Number.isSafeInteger(offset)) return 'the break-even offset must be a whole number of ticks';
  // At the trigger the price is `after` ticks in profit; a level at or beyond it would stop out at once.
  return offset >= breakEven.after ? 'the break-even offset must be smaller than the gain that triggers it' : undefined;
}

function positive(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/**
 * Splits `qty` lots over targets of `shares` percent: each target gets floor(qty × share / 100), and the last one
 * also the remainder of floor(qty × Σshares / 100), so the parts add up exactly to the targeted total (all of `qty`
 * when the shares add up to 100).
 */
export function splitQuantity(qty: number, shares: readonly number[]): number[] {
  if (shares.length === 0) return [];
  const total = shares.reduce((sum, share) => sum + share, 0);
  const targeted = Math.floor((qty * total) / 100);
  const parts = shares.map((share) => Math.floor((qty * share) / 100));
  const others = parts.slice(0, -1).reduce((sum, part) => sum + part, 0);
  parts[parts.length - 1] = targeted - others;
  return parts;
}

/**
 * Lots each target should still have working, for a position with `open` lots whose targets have filled `filled`
 * lots so far. The split is over the basis open + Σfilled (what the position would be had no target filled), so a
 * target fill leaves the other targets as they were while any other change of the position re-splits them; the
 * remainders never add up to more than `open` (the farthest targets give way first).
 */
export function openTargetQuantities(open: number, targets: readonly ExitTarget[], filled: readonly number[]): number[] {
  const done = targets.map((_, i) => filled[i] ?? 0);
  const planned = splitQuantity(open + done.reduce((a, b) => a + b, 0), targets.map((t) => t.share));
  const remaining = planned.map((qty, i) => Math.max(0, qty - (done[i] ?? 0)));
  let excess = remaining.reduce((a, b) => a + b, 0) - open;
  const farthestFirst = targets.map((t, i) => ({ i, distance: t.distance })).sort((a, b) => b.distance - a.distance || b.i - a.i);
  for (const { i } of farthestFirst) {
    if (excess <= 0) break;
    const take = Math.min(excess, remaining[i] ?? 0);
    remaining[i] = (remaining[i] ?? 0) - take;
    excess -= take;
  }
  return remaining;
}

/** The plan carried by a `SetExitPlan` (or an `ExitStatus`). Fields are assumed validated (validate.ts). */
export function planFromFields(fields: ExitPlanFields): ExitPlan {
  const plan: ExitPlan = {};
  if (fields.stopPrice !== undefined) plan.stopLoss = { price: fields.stopPrice };
  else if (fields.stopDistance !== undefined) plan.stopLoss = { distance: fields.stopDistance };
  if (fields.targets !== undefined && fields.targets.length > 0) plan.targets = fields.targets.map(([distance, share]) => ({ distance, share }));
  if (fields.trailAmount !== undefined || fields.trailBps !== undefined || fields.trailAtr !== undefined) {
    const trailing: TrailingRule = {};
    if (fields.trailAmount !== undefined) trailing.amount = fields.trailAmount;
    if (fields.trailBps !== undefined) trailing.bps = fields.trailBps;
    if (fields.trailAtr !== undefined) trailing.atrMultiple = fields.trailAtr;
    if (fields.trailAtrPeriod !== undefined) trailing.atrPeriod = fields.trailAtrPeriod;
    if (fields.trailTf !== undefined) trailing.tf = fields.trailTf;
    if (fields.trailStartAfter !== undefined) trailing.startAfter = fields.trailStartAfter;
    plan.trailing = trailing;
  }
  if (fields.breakEvenAfter !== undefined) {
    plan.breakEven = fields.breakEvenOffset === undefined ? { after: fields.breakEvenAfter } : { after: fields.breakEvenAfter, offset: fields.breakEvenOffset };
  }
  if (fields.timeStopUs !== undefined) plan.timeStopUs = fields.timeStopUs;
  return plan;
}

/** The wire form of `plan`, as `SetExitPlan` and `ExitStatus.plan` carry it. */
export function fieldsFromPlan(plan: ExitPlan): ExitPlanFields {
  const fields: ExitPlanFields = {};
  const { stopLoss, trailing, breakEven } = plan;
  if (stopLoss !== undefined) {
    if ('price' in stopLoss) fields.stopPrice = stopLoss.price;
    else fields.stopDistance = stopLoss.distance;
  }
  if (plan.targets !== undefined && plan.targets.length > 0) fields.targets = plan.targets.map((t) => [t.distance, t.share]);
  if (trailing !== undefined) {
    if (trailing.amount !== undefined) fields.trailAmount = trailing.amount;
    if (trailing.bps !== undefined) fields.trailBps = trailing.bps;
    if (trailing.atrMultiple !== undefined) fields.trailAtr = trailing.atrMultiple;
    if (trailing.atrPeriod !== undefined) fields.trailAtrPeriod = trailing.atrPeriod;
    if (trailing.tf !== undefined) fields.trailTf = trailing.tf;
    if (trailing.startAfter !== undefined) fields.trailStartAfter = trailing.startAfter;
  }
  if (breakEven !== undefined) {
    fields.breakEvenAfter = breakEven.after;
    if (breakEven.offset !== undefined) fields.breakEvenOffset = breakEven.offset;
  }
  if (plan.timeStopUs !== undefined) fields.timeStopUs = plan.timeStopUs;
  return fields;
}

/** Why the plan fields of a message cannot be used (field kinds are checked before, by the schema). */
export function exitPlanFieldsProblem(fields: ExitPlanFields): string | undefined {
  if (fields.stopPrice !== undefined && fields.stopDistance !== undefined) return 'give the stop-loss as stopDistance or stopPrice, not both';
  if (fields.breakEvenOffset !== undefined && fields.breakEvenAfter === undefined) return 'breakEvenOffset needs breakEvenAfter';
  const trails = fields.trailAmount !== undefined || fields.trailBps !== undefined || fields.trailAtr !== undefined;
  if (!trails && fields.trailStartAfter !== undefined) return 'trailStartAfter needs a trailing stop';
  if (fields.trailAtr === undefined && (fields.trailAtrPeriod !== undefined || fields.trailTf !== undefined)) return 'trailAtrPeriod and trailTf need trailAtr';
  return exitPlanProblem(planFromFields(fields));
}
