/**
 * The bracket template form: its text fields to a template, with the reason the template cannot be saved. Distances
 * are whole ticks (a template serves any instrument and entry), targets are typed as `distance:share` pairs, the time
 * stop in minutes.
 */
import { templateProblem, type BracketTemplate } from '../../../workers/core/exits/templates.js';

export interface BracketFields {
  name: string;
  stopLoss: string;
  /** e.g. "20:50, 40:50": 50 % at 20 ticks, 50 % at 40 ticks. */
  targets: string;
  breakEvenAfter: string;
  trailAmount: string;
  trailStartAfter: string;
  timeStopMinutes: string;
}

export const EMPTY_BRACKET: BracketFields = { name: '', stopLoss: '', targets: '', breakEvenAfter: '', trailAmount: '', trailStartAfter: '', timeStopMinutes: '' };

export type BracketParse = { ok: true; template: BracketTemplate } | { ok: false; reason: string };

const WHOLE = /^\d+$/;

/** The template the form describes, or why it cannot be one. */
export function parseBracketFields(fields: BracketFields): BracketParse {
  const template: BracketTemplate = { name: fields.name.trim(), targets: [] };
  const numbers: Array<[keyof BracketFields, 'stopLoss' | 'breakEvenAfter' | 'trailAmount' | 'trailStartAfter', string]> = [
    ['stopLoss', 'stopLoss', 'the stop-loss'],
    ['breakEvenAfter', 'breakEvenAfter', 'the break-even gain'],
    ['trailAmount', 'trailAmount', 'the trailing distance'],
    ['trailStartAfter', 'trailStartAfter', 'the trailing start'],
  ];
  for (const [field, key, what] of numbers) {
    const text = fields[field].trim();
    if (text === '') continue;
    if (!WHOLE.test(text)) return { ok: false, reason: `${what} must be a whole number of ticks` };
    template[key] = Number(text);
  }
  const minutes = fields.timeStopMinutes.trim();
  if (minutes !== '') {
    const value = Number(minutes);
    if (!Number.isFinite(value) || value <= 0) return { ok: false, reason: 'the time stop must be a number of minutes > 0' };
    template.timeStopUs = Math.round(value * 60_000_000);
  }
  for (const part of fields.targets.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^(\d+)\s*:\s*(\d+)\s*%?$/.exec(part);
    if (match === null) return { ok: false, reason: `target "${part}" must be distance:share, e.g. 20:50` };
    template.targets.push({ distance: Number(match[1]), share: Number(match[2]) });
  }
  const problem = templateProblem(template);
  return problem === undefined ? { ok: true, template } : { ok: false, reason: problem };
}

/** The form's fields for an existing template (to edit it). */
export function bracketFields(template: BracketTemplate): BracketFields {
  const text = (value: number | undefined): string => (value === undefined ? '' : String(value));
  return {
    name: template.name,
    stopLoss: text(template.stopLoss),
    targets: template.targets.map((t) => `${t.distance}:${t.share}`).join(', '),
    breakEvenAfter: text(template.breakEvenAfter),
    trailAmount: text(template.trailAmount),
    trailStartAfter: text(template.trailStartAfter),
    timeStopMinutes: template.timeStopUs === undefined ? '' : String(template.timeStopUs / 60_000_000),
  };
}

/** One line describing a template, e.g. "SL 20 · TP 30 (50%), 60 (50%) · BE after 15 · trail 10 after 30". */
export function describeBracket(template: BracketTemplate): string {
  const parts: string[] = [];
  if (template.stopLoss !== undefined) parts.push(`SL ${template.stopLoss}`);
  if (template.targets.length > 0) parts.push(`TP ${template.targets.map((t) => `${t.distance} (${t.share}%)`).join(', ')}`);
  if (template.breakEvenAfter !== undefined) parts.push(`BE after ${template.breakEvenAfter}`);
  if (template.trailAmount !== undefined) parts.push(`trail ${template.trailAmount}${template.trailStartAfter === undefined ? '' : ` after ${template.trailStartAfter}`}`);
  if (template.timeStopUs !== undefined) parts.push(`time ${template.timeStopUs / 60_000_000} min`);
  return parts.join(' · ');
}
