/**
 * Bracket templates: exit plans the user saves under a name and picks in the order ticket — several profit targets
 * with split quantities, a stop-loss, a move to break-even after a given gain, a trailing stop that starts after a
 * given gain. A template is relative (distances in ticks from the entry), so one template serves any entry price;
 * picking it sends a `SetExitPlan` with `attach: 'fill'` for the ticket's order. Persistence and the ticket come later;
 * this is the value, its checks (for a template typed in, or read back from a file) and its mapping to a plan.
 */
import type { ExitPlanFields } from '../../protocol/messages.js';
import { exitPlanProblem, fieldsFromPlan, type ExitPlan, type ExitTarget } from './plan.js';

/** A saved bracket. Distances and gains in ticks, shares in whole percent. */
export interface BracketTemplate {
  /** Unique among the user's templates, 1..64 characters, not blank. */
  name: string;
  /** Stop-loss distance from the entry, ticks. */
  stopLoss?: number;
  /** Profit targets, nearest first by convention; shares add up to at most 100. */
  targets: ExitTarget[];
  /** Move the stop to break-even once the best price has gained this many ticks. */
  breakEvenAfter?: number;
  /** ... to this many ticks beyond the entry (default 0). */
  breakEvenOffset?: number;
  /** Trailing stop distance, ticks. */
  trailAmount?: number;
  /** Trailing starts once the best price has gained this many ticks (default 0: at once). */
  trailStartAfter?: number;
  /** Close at market after this long in the position, µs. */
  timeStopUs?: number;
}

export const TEMPLATE_NAME_MAX = 64;

/** The exit plan a template stands for. */
export function templatePlan(template: BracketTemplate): ExitPlan {
  const plan: ExitPlan = {};
  if (template.stopLoss !== undefined) plan.stopLoss = { distance: template.stopLoss };
  if (template.targets.length > 0) plan.targets = template.targets.map((t) => ({ distance: t.distance, share: t.share }));
  if (template.breakEvenAfter !== undefined) {
    plan.breakEven = template.breakEvenOffset === undefined ? { after: template.breakEvenAfter } : { after: template.breakEvenAfter, offset: template.breakEvenOffset };
  }
  if (template.trailAmount !== undefined) {
    plan.trailing = template.trailStartAfter === undefined ? { amount: template.trailAmount } : { amount: template.trailAmount, startAfter: template.trailStartAfter };
  }
  if (template.timeStopUs !== undefined) plan.timeStopUs = template.timeStopUs;
  return plan;
}

/** The plan fields of the `SetExitPlan` a template sends. */
export function templateFields(template: BracketTemplate): ExitPlanFields {
  return fieldsFromPlan(templatePlan(template));
}

/** Why `template` cannot be saved or used, or undefined if it can. */
export function templateProblem(template: BracketTemplate): string | undefined {
  const name = template.name.trim();
  if (name.length === 0) return 'a template needs a name';
  if (name.length > TEMPLATE_NAME_MAX) return `a template's name has at most ${TEMPLATE_NAME_MAX} characters`;
  if (template.breakEvenOffset !== undefined && template.breakEvenAfter === undefined) return 'a break-even offset needs a break-even gain';
  if (template.trailStartAfter !== undefined && template.trailAmount === undefined) return 'a trailing start needs a trailing amount';
  const problem = exitPlanProblem(templatePlan(template));
  return problem === undefined ? undefined : `${name}: ${problem}`;
}

/** Why a list of templates cannot be saved together (each one's problem, or a repeated name). */
export function templateListProblem(templates: readonly BracketTemplate[]): string | undefined {
  const names = new Set<string>();
  for (const template of templates) {
    const problem = templateProblem(template);
    if (problem !== undefined) return problem;
    const key = template.name.trim().toLowerCase();
    if (names.has(key)) return `two templates are named ${template.name.trim()}`;
    names.add(key);
  }
  return undefined;
}

const NUMBER_FIELDS = ['stopLoss', 'breakEvenAfter', 'breakEvenOffset', 'trailAmount', 'trailStartAfter', 'timeStopUs'] as const;

/**
 * A template from untrusted data (a settings file, the renderer): only known fields of the right type are taken, and
 * the result is checked. The name is trimmed.
 */
export function parseTemplate(value: unknown): { ok: true; template: BracketTemplate } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'a template must be a map' };
  const record = value as Record<string, unknown>;
  if (typeof record.name !== 'string') return { ok: false, reason: 'a template needs a name' };
  const targets = record.targets ?? [];
  if (!Array.isArray(targets)) return { ok: false, reason: 'targets must be a list' };
  const template: BracketTemplate = { name: record.name.trim(), targets: [] };
  for (const target of targets) {
    if (typeof target !== 'object' || target === null) return { ok: false, reason: 'a target must be a map of distance and share' };
    const { distance, share } = target as Record<string, unknown>;
    if (typeof distance !== 'number' || typeof share !== 'number') return { ok: false, reason: 'a target must be a map of distance and share' };
    template.targets.push({ distance, share });
  }
  for (const field of NUMBER_FIELDS) {
    const given = record[field];
    if (given === undefined || given === null) continue;
    if (typeof given !== 'number') return { ok: false, reason: `${field} must be a number` };
    template[field] = given;
  }
  const problem = templateProblem(template);
  return problem === undefined ? { ok: true, template } : { ok: false, reason: problem };
}
