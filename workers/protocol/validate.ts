/**
 * Validation at the boundary: a decoded value becomes a typed message only if every field of its type's schema holds.
 * Fail fast: a NaN price, a zero quantity or an unknown instrument is refused here, not discovered later.
 */
import { SCHEMA_VERSION, type Message, type SubmitOrder } from './messages.js';
import { orderShapeProblem } from './order-shape.js';
import { INSTRUMENT_TYPES, OPTIONAL, SCHEMA, checkField, type FieldKind } from './schema.js';
import { exitPlanFieldsProblem } from '../core/exits/plan.js';
import type { ExitPlanFields } from './messages.js';

/** What a process knows that a message must agree with. */
export interface ValidationContext {
  /** True if the process trades or quotes this instrument. */
  isKnownInstrument(venue: string, symbol: string): boolean;
}

/** A message, or why it was refused. */
export type Validated = { ok: true; message: Message } | { ok: false; reason: string; src: string | undefined };

/** Checks one decoded value against its type's schema and the context. */
export function validateMessage(value: unknown, context: ValidationContext): Validated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse('not a map', undefined);
  }
  const record = value as Record<string, unknown>;
  const type = record.type;
  // A Map, not an object: a `type` such as "constructor" must not find Object.prototype's members.
  const schema = typeof type === 'string' ? TYPES.get(type) : undefined;
  if (schema === undefined) return refuse(`unknown message type ${JSON.stringify(type)}`, srcOf(record));
  if (record.v !== SCHEMA_VERSION) return refuse(`${type}: schema version ${String(record.v)}, expected ${SCHEMA_VERSION}`, srcOf(record));
  const { names, kinds } = schema;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const problem = checkField(kinds[i]!, record[name]);
    if (problem !== undefined) return refuse(`${type}.${name} ${problem} (got ${describe(record[name])})`, srcOf(record));
  }
  const { optionalNames, optionalKinds } = schema;
  for (let i = 0; i < optionalNames.length; i++) {
    const name = optionalNames[i]!;
    const value = record[name];
    if (value === undefined) continue;
    const problem = checkField(optionalKinds[i]!, value);
    if (problem !== undefined) return refuse(`${type}.${name} ${problem} (got ${describe(value)})`, srcOf(record));
  }
  if (schema.instrument && !context.isKnownInstrument(record.venue as string, record.symbol as string)) {
    return refuse(`${type}: unknown instrument ${String(record.venue)}:${String(record.symbol)}`, srcOf(record));
  }
  const broken = schema.rule === undefined ? undefined : schema.rule(record);
  if (broken !== undefined) return refuse(`${type}: ${broken}`, srcOf(record));
  return { ok: true, message: value as Message };
}

/** Rules across fields, per type. */
const RULES: Record<string, (m: Record<string, unknown>) => string | undefined> = {
  SubmitOrder: (m) => orderShapeProblem((m as unknown as SubmitOrder).orderType, m as unknown as SubmitOrder),
  AmendOrder: (m) => (m.price === 0 && m.qty === 0 && m.stopPrice === 0 ? 'an amend changes price, qty or stopPrice' : undefined),
  Bar: (m) => {
    const [open, high, low, close] = [m.open, m.high, m.low, m.close] as number[];
    return high! >= Math.max(open!, close!, low!) && low! <= Math.min(open!, close!) ? undefined : 'high/low do not contain open/close';
  },
  OrderFilled: (m) => ((m.qty as number) <= (m.filledQty as number) ? undefined : 'qty is larger than filledQty'),
  SetExitPlan: (m) => {
    if (m.attach === 'fill' && m.entryOrderId === undefined) return "attach 'fill' needs the entryOrderId of the order";
    if (m.attach !== 'fill' && m.entryOrderId !== undefined) return "an entryOrderId goes with attach 'fill'";
    return exitPlanFieldsProblem(m as ExitPlanFields);
  },
};

/** Each type's fields as parallel arrays (walked with an index on the hot path), its instrument check and rule. */
interface TypeSchema {
  names: readonly string[];
  kinds: readonly FieldKind[];
  optionalNames: readonly string[];
  optionalKinds: readonly FieldKind[];
  instrument: boolean;
  rule: ((m: Record<string, unknown>) => string | undefined) | undefined;
}

const TYPES: ReadonlyMap<string, TypeSchema> = new Map(
  Object.entries(SCHEMA).map(([type, table]) => [
    type,
    {
      names: Object.keys(table),
      kinds: Object.values(table),
      optionalNames: Object.keys(OPTIONAL[type as keyof typeof OPTIONAL] ?? {}),
      optionalKinds: Object.values(OPTIONAL[type as keyof typeof OPTIONAL] ?? {}),
      instrument: INSTRUMENT_TYPES.has(type), rule: RULES[type] },
  ]),
);

function srcOf(record: Record<string, unknown>): string | undefined {
  return typeof record.src === 'string' ? record.src : undefined;
}

function refuse(reason: string, src: string | undefined): Validated {
  return { ok: false, reason, src };
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return Array.isArray(value) ? 'an array' : typeof value;
}
