/**
 * Strategy parameter schemas as the host holds them: parsed from the JSON text a `StrategyStatus` carries (any
 * worker's, an external one's too, so checked field by field), or taken from the built-in registry for configured
 * instances before their first status. Parameter changes are checked with the same `resolveParams` the strategy worker
 * uses, so what the host lets through the worker accepts.
 */
import type { ParamFieldView, ParamListView, ParamSchemaView } from '../../workers/protocol/channels.js';
import type { ParamValue } from '../../workers/protocol/messages.js';
import { resolveParams, toWire, type ParamSchema, type ParamsOf } from '../../workers/strategies/params.js';
import { strategyDefinition } from '../../workers/strategies/registry.js';

/** Parameter values after checking, or why they were refused. */
export type CheckedParams = { ok: true; params: Record<string, ParamValue> } | { ok: false; reason: string };

const SCALAR_KINDS = new Set(['int', 'number', 'bool', 'enum']);

/** A schema with no parameters (and, like every schema here, no prototype). */
export function emptySchema(): ParamSchemaView {
  return Object.create(null) as ParamSchemaView;
}

/** The schema in `text`, or undefined if it is not a valid schema. Maps have no prototype: no name is inherited. */
export function parseSchema(text: string): ParamSchemaView | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const schema = emptySchema();
  for (const [name, spec] of Object.entries(value)) {
    const parsed = isRecord(spec) && spec.kind === 'list' ? listSpec(spec) : fieldSpec(spec);
    if (parsed === undefined) return undefined;
    schema[name] = parsed;
  }
  return schema;
}

/** The schema of a built-in strategy kind, or undefined for a kind the registry does not know. */
export function builtInSchema(kind: string): ParamSchemaView | undefined {
  const definition = strategyDefinition(kind);
  return definition === undefined ? undefined : parseSchema(JSON.stringify(definition.params));
}

/**
 * Checks `given` against `schema` on top of `base` (the current values). On success, `params` holds the given names
 * only, with list items completed by their fields' defaults: what to send and keep.
 */
export function checkParams(schema: ParamSchemaView, given: Readonly<Record<string, unknown>>, base: Readonly<Record<string, ParamValue>>): CheckedParams {
  const resolved = resolveParams(schema as unknown as ParamSchema, given, { ...base } as ParamsOf<ParamSchema>);
  if (!resolved.ok) return resolved;
  const all = toWire(resolved.params);
  const params: Record<string, ParamValue> = {};
  for (const name of Object.keys(given)) params[name] = all[name]!;
  return { ok: true, params };
}

/** The same values? (Parameter values are JSON data: compared as such.) */
export function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fieldSpec(spec: unknown): ParamFieldView | undefined {
  if (!isRecord(spec) || typeof spec.kind !== 'string' || !SCALAR_KINDS.has(spec.kind)) return undefined;
  const kind = spec.kind as ParamFieldView['kind'];
  const out: ParamFieldView = { kind, default: 0, description: typeof spec.description === 'string' ? spec.description : '' };
  if (kind === 'bool') {
    if (typeof spec.default !== 'boolean') return undefined;
    out.default = spec.default;
    return out;
  }
  if (kind === 'enum') {
    const options = spec.options;
    if (!Array.isArray(options) || options.length === 0 || !options.every((o) => typeof o === 'string')) return undefined;
    if (typeof spec.default !== 'string') return undefined;
    return { ...out, default: spec.default, options: [...(options as string[])] };
  }
  if (typeof spec.default !== 'number' || !Number.isFinite(spec.default)) return undefined;
  out.default = spec.default;
  for (const bound of ['min', 'max'] as const) {
    const value = spec[bound];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    out[bound] = value;
  }
  if (spec.unit !== undefined) {
    if (kind !== 'int' || (spec.unit !== 'ticks' && spec.unit !== 'lots')) return undefined;
    out.unit = spec.unit;
  }
  return out;
}

function listSpec(spec: Record<string, unknown>): ParamListView | undefined {
  if (!isRecord(spec.item) || typeof spec.maxItems !== 'number' || !Number.isSafeInteger(spec.maxItems) || spec.maxItems < 0) return undefined;
  const item: Record<string, ParamFieldView> = Object.create(null) as Record<string, ParamFieldView>;
  for (const [name, field] of Object.entries(spec.item)) {
    const parsed = fieldSpec(field);
    if (parsed === undefined) return undefined;
    item[name] = parsed;
  }
  return { kind: 'list', item, maxItems: spec.maxItems, description: typeof spec.description === 'string' ? spec.description : '' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
