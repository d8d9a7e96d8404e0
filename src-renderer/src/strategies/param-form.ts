/**
 * The strategy parameter editor's rules, drawn from the strategy's schema: how each value shows as text and how typed
 * text becomes a value again. An int in `ticks` (a price, or a distance in price) is shown and typed as the
 * instrument's decimal price, one in `lots` as its decimal quantity — converted exactly with the instrument, a value
 * off its grid refused. Bounds and choices are checked here, with the reason shown next to the field, before anything
 * is sent; the host and the strategy check again. Pure.
 */
import { formatDecimal } from '../../../workers/core/fixed-point.js';
import { formatPrice, formatQty, priceToTicks, qtyToLots, type Instrument } from '../../../workers/core/instrument.js';
import type { ParamFieldView, ParamListView, ParamSchemaView } from '../../../workers/protocol/channels.js';
import type { ParamValue } from '../../../workers/protocol/messages.js';

/** A field as the user edits it: text for numbers and choices, a boolean for a switch. */
export type FieldInput = string | boolean;
/** One list item as edited. */
export type ItemInput = Record<string, FieldInput>;

/** Everything the editor holds for one strategy. */
export interface DraftInput {
  scalars: Record<string, FieldInput>;
  lists: Record<string, ItemInput[]>;
}

type Scalar = number | boolean | string;
/** A field's value, or why the text is not one. */
export type ParsedField = { ok: true; value: Scalar } | { ok: false; reason: string };

/** The outcome of checking the whole editor. */
export interface DraftCheck {
  /** Reasons by field key: `name` for a scalar, `name.index.field` for a list item's field, `name` for a list's size. */
  errors: Record<string, string>;
  /** The parameters whose values differ from the current ones (a list whole), when nothing is refused. */
  changed: Record<string, ParamValue>;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;
/** List fields that name a price: a new item puts the market's price there. */
const PRICE_FIELDS = new Set(['trigger', 'price', 'level']);

/** The key of a list item's field in `DraftCheck.errors`. */
export function itemKey(name: string, index: number, field: string): string {
  return `${name}.${index}.${field}`;
}

/** Shows a parameter's value as the editor's input. */
export function fieldInput(spec: ParamFieldView, value: unknown, instrument: Instrument | undefined): FieldInput {
  if (spec.kind === 'bool') return value === true;
  if (spec.kind === 'enum') return typeof value === 'string' ? value : String(spec.default);
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return spec.kind === 'int' ? showUnits(spec, value, instrument) : String(value);
}

/** An int in its unit as text: a price or quantity of the instrument, or the plain number. */
export function showUnits(spec: ParamFieldView, value: number, instrument: Instrument | undefined): string {
  if (instrument !== undefined && spec.unit === 'ticks') return formatPrice(instrument, value);
  if (instrument !== undefined && spec.unit === 'lots') return formatQty(instrument, value);
  return String(value);
}

/** What the unit is called next to the field (`USD`, `BTC`, `ticks`), or ''. */
export function unitLabel(spec: ParamFieldView, instrument: Instrument | undefined): string {
  if (spec.unit === undefined) return '';
  if (instrument === undefined) return spec.unit;
  return spec.unit === 'ticks' ? instrument.quote : instrument.base;
}

/** The value typed into a field, checked against its spec. */
export function parseField(spec: ParamFieldView, input: FieldInput, instrument: Instrument | undefined): ParsedField {
  if (spec.kind === 'bool') return typeof input === 'boolean' ? { ok: true, value: input } : refuse('Must be on or off');
  const text = typeof input === 'string' ? input.trim() : String(input);
  if (spec.kind === 'enum') {
    const options = spec.options ?? [];
    return options.includes(text) ? { ok: true, value: text } : refuse(`Must be one of ${options.join(', ')}`);
  }
  if (text === '') return refuse('Enter a value');
  const value = spec.kind === 'number' ? parseNumber(text) : parseInt(spec, text, instrument);
  if (typeof value === 'string') return refuse(value);
  const bound = boundProblem(spec, value, instrument);
  return bound === undefined ? { ok: true, value } : refuse(bound);
}

/** The editor's inputs for the current parameters. */
export function draftOf(schema: ParamSchemaView, params: Readonly<Record<string, ParamValue>>, instrument: Instrument | undefined): DraftInput {
  const draft: DraftInput = { scalars: {}, lists: {} };
  for (const [name, spec] of Object.entries(schema)) {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (spec.kind === 'list') {
      const items = Array.isArray(value) ? value : [];
      draft.lists[name] = items.map((item) => itemOf(spec, item, instrument));
    } else {
      draft.scalars[name] = fieldInput(spec, value ?? spec.default, instrument);
    }
  }
  return draft;
}

/** A new list item: every field at its default, a price field at `price` (ticks) when given. */
export function newItem(spec: ParamListView, instrument: Instrument | undefined, price: number | undefined): ItemInput {
  const item: ItemInput = {};
  for (const [field, fieldSpec] of Object.entries(spec.item)) {
    const atPrice = price !== undefined && fieldSpec.unit === 'ticks' && PRICE_FIELDS.has(field);
    item[field] = fieldInput(fieldSpec, atPrice ? price : fieldSpec.default, instrument);
  }
  return item;
}

/** Checks every field; the change holds the parameters that differ from `current`, if none is refused. */
export function checkDraft(schema: ParamSchemaView, draft: DraftInput, current: Readonly<Record<string, ParamValue>>, instrument: Instrument | undefined): DraftCheck {
  const errors: Record<string, string> = {};
  const values: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(schema)) {
    if (spec.kind === 'list') {
      const items = draft.lists[name] ?? [];
      if (items.length > spec.maxItems) errors[name] = `At most ${spec.maxItems} items`;
      values[name] = items.map((item, index) => {
        const record: Record<string, Scalar> = {};
        for (const [field, fieldSpec] of Object.entries(spec.item)) {
          const parsed = parseField(fieldSpec, item[field] ?? fieldInput(fieldSpec, fieldSpec.default, instrument), instrument);
          if (parsed.ok) record[field] = parsed.value;
          else errors[itemKey(name, index, field)] = parsed.reason;
        }
        return record;
      });
    } else {
      const parsed = parseField(spec, draft.scalars[name] ?? fieldInput(spec, spec.default, instrument), instrument);
      if (parsed.ok) values[name] = parsed.value;
      else errors[name] = parsed.reason;
    }
  }
  const changed: Record<string, ParamValue> = {};
  if (Object.keys(errors).length === 0) {
    for (const [name, value] of Object.entries(values)) {
      if (!sameParam(schema, name, value, Object.hasOwn(current, name) ? current[name] : undefined)) changed[name] = value;
    }
  }
  return { errors, changed };
}

/** A parameter name or field name as words: `takeProfit` → `Take profit`. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A parameter's value in a line of text (a list by its size). */
export function summarize(spec: ParamFieldView | ParamListView | undefined, value: ParamValue | undefined, instrument: Instrument | undefined): string {
  if (Array.isArray(value)) return `${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  if (spec !== undefined && spec.kind !== 'list' && typeof value === 'number' && spec.kind === 'int') return showUnits(spec, value, instrument);
  return value === undefined ? '—' : String(value);
}

function itemOf(spec: ParamListView, item: unknown, instrument: Instrument | undefined): ItemInput {
  const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const out: ItemInput = {};
  for (const [field, fieldSpec] of Object.entries(spec.item)) {
    out[field] = fieldInput(fieldSpec, Object.hasOwn(record, field) ? record[field] : fieldSpec.default, instrument);
  }
  return out;
}

/** Same value? A list item's absent field counts as its default, as the strategy sees it. */
function sameParam(schema: ParamSchemaView, name: string, value: ParamValue, current: ParamValue | undefined): boolean {
  const spec = schema[name];
  if (spec?.kind === 'list' && Array.isArray(current)) {
    const complete = current.map((item) => Object.fromEntries(Object.entries(spec.item).map(([field, f]) => [field, Object.hasOwn(item, field) ? item[field] : f.default])));
    return JSON.stringify(complete) === JSON.stringify(value);
  }
  return JSON.stringify(current ?? (spec?.kind === 'list' ? [] : spec?.default)) === JSON.stringify(value);
}

function parseNumber(text: string): number | string {
  if (!DECIMAL.test(text)) return 'Not a number: use digits and a point';
  const value = Number(text);
  return Number.isFinite(value) ? value : 'Not a number';
}

function parseInt(spec: ParamFieldView, text: string, instrument: Instrument | undefined): number | string {
  if (instrument !== undefined && spec.unit !== undefined) {
    if (!DECIMAL.test(text)) return 'Not a number: use digits and a point';
    const units = spec.unit === 'ticks' ? priceToTicks(instrument, text) : qtyToLots(instrument, text);
    const step = formatDecimal(spec.unit === 'ticks' ? instrument.tick : instrument.lot);
    return units === undefined ? `Must be a multiple of ${step}` : units;
  }
  if (!INTEGER.test(text)) return 'Must be a whole number';
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : 'Too large';
}

function boundProblem(spec: ParamFieldView, value: number, instrument: Instrument | undefined): string | undefined {
  const show = (bound: number): string => (spec.kind === 'int' ? showUnits(spec, bound, instrument) : String(bound));
  if (spec.min !== undefined && value < spec.min) return `Must be at least ${show(spec.min)}`;
  if (spec.max !== undefined && value > spec.max) return `Must be at most ${show(spec.max)}`;
  return undefined;
}

function refuse(reason: string): ParsedField {
  return { ok: false, reason };
}
