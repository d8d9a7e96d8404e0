/**
 * Validation of the user's commands as they arrive from a window. A renderer is untrusted input (a bug, a stale
 * build, or hostile script in the page): a command reaches the host only if its channel is in `RENDERER_CHANNELS` and
 * every field has its type. Shared by the MessagePort and WebSocket bridges so both refuse the same things.
 */
import type { HostApi } from '../host-api.js';
import { PLAYBACK_SPEEDS, RENDERER_CHANNELS, type OrderRequest, type PlaybackSpeed, type RendererToHost } from '../../workers/protocol/channels.js';
import { orderShapeProblem } from '../../workers/protocol/order-shape.js';
import { EXIT_PLAN, checkField } from '../../workers/protocol/schema.js';
import { parseTemplate } from '../../workers/core/exits/templates.js';
import { historyFilterProblem } from '../host/history-filter.js';
import { sweepParamsProblem } from '../host/backtest-sweep.js';

/** A command fit for `HostApi.handle`, or why it was refused. */
export type ParsedCommand = { ok: true; command: RendererToHost } | { ok: false; reason: string };

type Channel = RendererToHost['channel'];
type FieldCheck = (value: unknown) => string | undefined;
type FieldsOf<C extends Channel> = Exclude<keyof Extract<RendererToHost, { channel: C }>, 'channel'>;

/** Longest name or id accepted; real ones are short, this only bounds what a hostile page can send. */
const MAX_NAME_LENGTH = 100;

const text: FieldCheck = (value) =>
  typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME_LENGTH
    ? `must be a string of 1..${MAX_NAME_LENGTH} characters`
    : undefined;

const oneOf =
  (...allowed: readonly string[]): FieldCheck =>
  (value) =>
    typeof value === 'string' && allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;

/** An integer count of ticks or lots: safe, and at least `min`. */
const integer =
  (min: number): FieldCheck =>
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? undefined : `must be an integer >= ${min}`;

const boolean: FieldCheck = (value) => (typeof value === 'boolean' ? undefined : 'must be true or false');

/** A field that may be absent; when present it must pass `check`. */
const optional =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === undefined ? undefined : check(value);

const instrument = { venue: text, symbol: text };
const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'] as const;
/** A trailing distance in basis points must stay below 100 %. */
const MAX_TRAIL_BPS = 9_999;

const trailBps: FieldCheck = (value) =>
  value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_TRAIL_BPS)
    ? undefined
    : `must be an integer of 1..${MAX_TRAIL_BPS} basis points`;

/** Bounds on a parameter map from a window: far above any real strategy's, low enough to bound a hostile one. */
const MAX_PARAMS = 100;
const MAX_LIST_ITEMS = 1_000;
const MAX_TEXT_VALUE = 200;
/** A parameter or field name: a plain identifier (never `__proto__` and the like). */
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar parameter value: a finite number, a boolean or a short string. */
function scalarProblem(value: unknown): string | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'must be a finite number';
  if (typeof value === 'string') return value.length <= MAX_TEXT_VALUE ? undefined : `must be at most ${MAX_TEXT_VALUE} characters`;
  return 'must be a number, true/false, a string or a list of records';
}

/** A map of parameter names to numbers, booleans, strings or lists of records of those (the strategy checks the rest). */
const paramMap: FieldCheck = (value) => {
  if (!isRecord(value)) return 'must be a map of parameters';
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > MAX_PARAMS) return `must hold 1..${MAX_PARAMS} parameters`;
  for (const [name, param] of entries) {
    if (!PARAM_NAME.test(name)) return `has a bad parameter name ${describe(name)}`;
    if (!Array.isArray(param)) {
      const problem = scalarProblem(param);
      if (problem !== undefined) return `${name} ${problem}`;
      continue;
    }
    if (param.length > MAX_LIST_ITEMS) return `${name} may hold at most ${MAX_LIST_ITEMS} items`;
    for (const [index, item] of param.entries()) {
      if (!isRecord(item)) return `${name}[${index}] must be a record`;
      const fields = Object.entries(item);
      if (fields.length > MAX_PARAMS) return `${name}[${index}] has too many fields`;
      for (const [field, fieldValue] of fields) {
        if (!PARAM_NAME.test(field)) return `${name}[${index}] has a bad field name ${describe(field)}`;
        const problem = scalarProblem(fieldValue);
        if (problem !== undefined) return `${name}[${index}].${field} ${problem}`;
      }
    }
  }
  return undefined;
};

/** Exit rules: only the fields `SetExitPlan` knows, each of its kind (the host checks the rules across fields). */
const exitPlan: FieldCheck = (value) => {
  if (!isRecord(value)) return 'must be a map of exit rules';
  for (const [name, field] of Object.entries(value)) {
    if (!Object.hasOwn(EXIT_PLAN, name)) return `has an unknown rule ${describe(name)}`;
    const problem = checkField(EXIT_PLAN[name as keyof typeof EXIT_PLAN], field);
    if (problem !== undefined) return `${name} ${problem}`;
  }
  return undefined;
};

/** Fields whose value is never repeated in a refusal (refusals are logged). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(['apiKey', 'secret']);

/** An API key or secret: the key store checks its form; here only a bound (and never echoed in a refusal). */
const keyText: FieldCheck = (value) => (typeof value === 'string' && value.length >= 1 && value.length <= 256 ? undefined : 'must be a string of 1..256 characters');

const bracketTemplate: FieldCheck = (value) => {
  const parsed = parseTemplate(value);
  return parsed.ok ? undefined : parsed.reason;
};

// A mapped type over the channel union: adding a command to channels.ts fails to compile until it is listed here.
const FIELDS: { [C in Channel]: Record<FieldsOf<C>, FieldCheck> } = {
  startWorker: { name: text },
  stopWorker: { name: text },
  submitOrder: {
    ...instrument,
    side: oneOf('buy', 'sell'),
    orderType: oneOf(...ORDER_TYPES),
    price: integer(0),
    qty: integer(1),
    tif: oneOf('GTC', 'IOC', 'FOK'),
    stopPrice: optional(integer(1)),
    trailAmount: optional(integer(1)),
    trailBps,
    postOnly: optional(boolean),
    reduceOnly: optional(boolean),
    takeProfit: optional(integer(1)),
    stopLoss: optional(integer(1)),
    account: optional(text),
    trigger: optional(oneOf('stop', 'take_profit')),
    bracket: optional(text),
  },
  cancelOrder: { clientOrderId: text },
  cancelAll: instrument,
  amendOrder: { clientOrderId: text, price: optional(integer(1)), qty: optional(integer(1)), stopPrice: optional(integer(1)) },
  flatten: instrument,
  killSwitch: {},
  resumeTrading: {},
  rearmBreaker: {},
  setStrategy: { id: text, enabled: boolean },
  setStrategyState: { id: text, state: oneOf('running', 'paused', 'stopped') },
  setStrategyParams: { id: text, params: paramMap },
  chart: { ...instrument, tf: oneOf('1s', '1m', '5m', '1h') },
  setExitPlan: { ...instrument, owner: text, plan: exitPlan },
  moveExitStop: { ...instrument, owner: text, stopPrice: integer(1) },
  clearExitPlan: { ...instrument, owner: text },
  saveBracket: { template: bracketTemplate },
  deleteBracket: { name: text },
  saveKey: { account: text, network: oneOf('testnet', 'live'), apiKey: keyText, secret: keyText, confirmLive: optional(boolean) },
  deleteKey: { account: text, network: oneOf('testnet', 'live') },
  historyQuery: { requestId: text, filter: historyFilterProblem, csv: optional(boolean) },
  runBacktest: {
    requestId: text,
    strategy: text,
    params: sweepParamsProblem,
    data: (value) => (typeof value === 'string' && value.length >= 1 && value.length <= 1_000 ? undefined : 'must be a path of 1..1000 characters'),
    mode: oneOf('bar', 'trade'),
    tf: optional(text),
    feeBps: optional(text),
    slippageBps: optional(text),
    quantity: optional(text),
    rankBy: optional(text),
  },
  cancelBacktest: { requestId: text },
  listSessions: {},
  // A folder's name only (no path): the host opens it under its sessions folder, never elsewhere.
  openSession: { session: (value) => (typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(value) ? undefined : 'must be a session folder name') },
  closeSession: {},
  playback: {
    playing: optional(boolean),
    speed: optional((value) => (PLAYBACK_SPEEDS.includes(value as PlaybackSpeed) ? undefined : `must be one of ${PLAYBACK_SPEEDS.join(', ')}`)),
    at: optional(integer(0)),
  },
};

/** Checks across fields, after each field passed its own: why the command is refused, or undefined. */
const CROSS_CHECKS: { [C in Channel]?: (command: Extract<RendererToHost, { channel: C }>) => string | undefined } = {
  submitOrder: (order) =>
    orderShapeProblem(order.orderType, order) ??
    (order.trigger === 'take_profit' && order.orderType !== 'stop' && order.orderType !== 'stop_limit' ? 'a take-profit trigger needs a stop or stop-limit order' : undefined),
  playback: (command) => (command.playing === undefined && command.speed === undefined && command.at === undefined ? 'playback needs playing, speed or at' : undefined),
  amendOrder: (amend) =>
    amend.price === undefined && amend.qty === undefined && amend.stopPrice === undefined ? 'an amend needs a price, qty or stopPrice' : undefined,
};


/** Checks a decoded value against the renderer channel map; never throws. */
export function parseRendererCommand(value: unknown): ParsedCommand {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('not a map');
  const record = value as Record<string, unknown>;
  const channel = record.channel;
  if (typeof channel !== 'string' || !isChannel(channel)) return refuse(`unknown channel ${describe(channel)}`);
  const checks: Record<string, FieldCheck> = FIELDS[channel];
  for (const key of Object.keys(record)) {
    if (key !== 'channel' && !Object.hasOwn(checks, key)) return refuse(`${channel}: unexpected field ${JSON.stringify(key)}`);
  }
  // Copy only the known fields, so nothing else the sender attached travels further.
  const command: Record<string, unknown> = { channel };
  for (const [field, check] of Object.entries(checks)) {
    const problem = check(record[field]);
    if (problem !== undefined) return refuse(`${channel}.${field} ${problem}${SECRET_FIELDS.has(field) ? '' : ` (got ${describe(record[field])})`}`);
    if (record[field] !== undefined) command[field] = record[field];
  }
  const parsed = command as RendererToHost;
  const cross = CROSS_CHECKS[channel] as ((command: RendererToHost) => string | undefined) | undefined;
  const problem = cross?.(parsed);
  if (problem !== undefined) return refuse(`${channel}: ${problem}`);
  return { ok: true, command: parsed };
}

/**
 * Hands one value from a window to the host if it is a valid command, else reports it to `onRefused`. Never throws:
 * a failing command must not take the bridge (and with it the window's updates) down. Returns true if handled.
 */
export function deliverCommand(api: HostApi, value: unknown, onRefused?: (reason: string) => void): boolean {
  const parsed = parseRendererCommand(value);
  if (!parsed.ok) {
    onRefused?.(parsed.reason);
    return false;
  }
  try {
    api.handle(parsed.command);
    return true;
  } catch (error) {
    console.error(`[ui-bridge] ${parsed.command.channel} failed:`, error);
    return false;
  }
}

function isChannel(channel: string): channel is Channel {
  return (RENDERER_CHANNELS as readonly string[]).includes(channel) && Object.hasOwn(FIELDS, channel);
}

function refuse(reason: string): ParsedCommand {
  return { ok: false, reason };
}

/** A short, bounded description of a bad value for the refusal reason (never the whole payload). */
function describe(value: unknown): string {
  // Never call a decoded object's own methods (a map may carry a `toString` key): describe it by its kind.
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'a map';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
