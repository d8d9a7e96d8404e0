/**
 * Strategy parameters: a typed schema per strategy (defaults, bounds, choices, lists of records such as trigger
 * conditions), and one function that checks what a user or a config gives against it. The schema travels as JSON in
 * `StrategyStatus`, so the terminal can draw an editor for strategies it has never heard of (external ones too).
 */
import type { ParamValue } from '../protocol/messages.js';

/** What a number means, so editors can show prices and quantities as the instrument's decimals. */
export type ParamUnit = 'ticks' | 'lots';

export interface IntSpec {
  kind: 'int';
  default: number;
  min?: number;
  max?: number;
  unit?: ParamUnit;
  description: string;
}

export interface NumberSpec {
  kind: 'number';
  default: number;
  min?: number;
  max?: number;
  description: string;
}

export interface BoolSpec {
  kind: 'bool';
  default: boolean;
  description: string;
}

export interface EnumSpec {
  kind: 'enum';
  default: string;
  options: readonly string[];
  description: string;
}

/** A field of a list item: a scalar parameter. */
export type ScalarSpec = IntSpec | NumberSpec | BoolSpec | EnumSpec;

export interface ListSpec {
  kind: 'list';
  item: Readonly<Record<string, ScalarSpec>>;
  maxItems: number;
  description: string;
}

export type ParamSpec = ScalarSpec | ListSpec;
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

type ScalarOf<S extends ScalarSpec> = S extends BoolSpec ? boolean : S extends EnumSpec ? string : number;
type ItemOf<I extends Readonly<Record<string, ScalarSpec>>> = { -readonly [K in keyof I]: ScalarOf<I[K]> };

/** The parameter values a schema describes, typed. */
export type ParamsOf<S extends ParamSchema> = {
  -readonly [K in keyof S]: S[K] extends ListSpec ? Array<ItemOf<S[K]['item']>> : S[K] extends ScalarSpec ? ScalarOf<S[K]> : never;
};

/** Parameters after checking, or why they were refused. */
export type Resolved<P> = { ok: true; params: P } | { ok: false; reason: string };

/**
 * Checks `given` against `schema` on top of `base` (the current values; the defaults when absent): every given name
 * must exist and hold a valid value; names not given keep their base value.
 */
export function resolveParams<S extends ParamSchema>(schema: S, given: Readonly<Record<string, unknown>>, base?: ParamsOf<S>): Resolved<ParamsOf<S>> {
  const params = { ...(base ?? defaultsOf(schema)) } as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) {
    // Own properties only: a name such as `constructor` must not find Object.prototype's members.
    const spec = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (spec === undefined) return { ok: false, reason: `unknown parameter ${name} (known: ${Object.keys(schema).join(', ')})` };
    const problem = spec.kind === 'list' ? checkList(spec, value) : checkScalar(spec, value);
    if (problem !== undefined) return { ok: false, reason: `${name} ${problem}` };
    params[name] = spec.kind === 'list' ? (value as Array<Record<string, unknown>>).map((item) => ({ ...itemDefaults(spec), ...item })) : value;
  }
  return { ok: true, params: params as ParamsOf<S> };
}

/** Every parameter at its default. */
export function defaultsOf<S extends ParamSchema>(schema: S): ParamsOf<S> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) out[name] = spec.kind === 'list' ? [] : spec.default;
  return out as ParamsOf<S>;
}

/** The values as they go on the wire. */
export function toWire(params: Readonly<Record<string, unknown>>): Record<string, ParamValue> {
  return JSON.parse(JSON.stringify(params)) as Record<string, ParamValue>;
}

function itemDefaults(spec: ListSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec.item).map(([name, field]) => [name, field.default]));
}

function checkScalar(spec: ScalarSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value) ? undefined : `must be one of ${spec.options.join(', ')}`;
    case 'int':
      if (!Number.isSafeInteger(value)) return 'must be a whole number';
      return bounds(spec, value as number);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      return bounds(spec, value);
  }
}

function bounds(spec: IntSpec | NumberSpec, value: number): string | undefined {
  if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}`;
  if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}`;
  return undefined;
}

function checkList(spec: ListSpec, value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be a list';
  if (value.length > spec.maxItems) return `may hold at most ${spec.maxItems} items`;
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return `[${index}] must be a record`;
    const record = item as Record<string, unknown>;
    for (const name of Object.keys(record)) if (!Object.hasOwn(spec.item, name)) return `[${index}] has an unknown field ${name}`;
    for (const [name, field] of Object.entries(spec.item)) {
      const problem = checkScalar(field, record[name] ?? field.default);
      if (problem !== undefined) return `[${index}].${name} ${problem}`;
    }
  }
  return undefined;
}
