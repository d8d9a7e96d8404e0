/**
 * The strategy instances as the host knows them: configured ones from the start, then every instance any worker
 * reports in a `StrategyStatus` — the terminal's own strategy workers and external ones alike. The user's commands
 * (run, pause, stop, new parameters) go to the worker that reported the instance. A parameter change is checked
 * against the instance's schema first — a refusal is logged and shown, nothing is sent — and a change sent is kept in
 * the state directory, so it holds in the next session: configured instances start with it, others get it when they
 * first report. A worker process that comes back (restarted, or an external one reconnecting) and reports something
 * other than the user's parameters or run state is sent them again; a journaled worker's replay usually has them
 * already.
 */
import type { ParamSchemaView, StrategyRow, StrategyRowState } from '../../workers/protocol/channels.js';
import type { StrategyConfig } from '../../workers/protocol/config.js';
import type { Message, ParamValue, SetStrategyEnabled, SetStrategyParams, SetStrategyState, StrategyRunState, StrategyStatus, Unstamped } from '../../workers/protocol/messages.js';
import { ControlRouter } from '../supervisor/control-router.js';
import { builtInSchema, checkParams, emptySchema, parseSchema, sameValue } from './strategy-schema.js';
import type { StrategyStore } from './strategy-store.js';

/** A state the user can ask for. */
export type WantedState = SetStrategyState['state'];

/** How a strategy's worker is: up, or down and why (starting again, or stopped or gone). */
export type WorkerCondition = { up: true } | { up: false; starting: boolean; reason: string };

/** What the board needs from the host. */
export interface BoardPorts {
  send(worker: string, command: Unstamped<Message>): void;
  log(level: 'info' | 'warn' | 'error', text: string): void;
  store: StrategyStore;
}

interface Entry {
  id: string;
  kind: string;
  venue: string;
  symbol: string;
  worker: string;
  external: boolean;
  /** A status arrived from the worker's current process. */
  seen: boolean;
  state: StrategyRunState;
  reason: string;
  refusal: string;
  params: Record<string, ParamValue>;
  schema: ParamSchemaView;
  schemaText: string;
  position: number;
  /** What the user (or the configuration) last asked for: a respawned worker starts it so. */
  wanted: WantedState;
  /** Parameters sent and not yet confirmed by a status. */
  pending: Record<string, ParamValue> | undefined;
}

/** Strategy rows and the user's strategy commands. */
export class StrategyBoard {
  private readonly entries = new Map<string, Entry>();
  private readonly starting: StrategyConfig[] = [];

  constructor(
    configs: readonly StrategyConfig[],
    private readonly ports: BoardPorts,
  ) {
    for (const config of configs) {
      const schema = builtInSchema(config.kind) ?? emptySchema();
      const base = { ...config.params };
      const params = { ...base, ...this.savedFor(config.id, schema, base) };
      this.starting.push({ ...config, params });
      this.entries.set(config.id, {
        id: config.id,
        kind: config.kind,
        venue: config.venue,
        symbol: config.symbol,
        worker: config.worker ?? 'strategy',
        external: false,
        seen: false,
        state: 'stopped',
        reason: '',
        refusal: '',
        params,
        schema,
        schemaText: '',
        position: 0,
        wanted: config.enabled ? 'running' : 'stopped',
        pending: undefined,
      });
    }
  }

  /** The configured instances as the session's workers start them: with the saved parameters (as at construction). */
  startConfigs(): StrategyConfig[] {
    return this.starting.map((config) => ({ ...config, params: { ...config.params } }));
  }

  /** A status from the worker whose control routing id is `worker`; `external` if the supervisor did not spawn it. */
  onStatus(worker: string, status: StrategyStatus, external: boolean): void {
    let entry = this.entries.get(status.strategyId);
    if (entry === undefined) {
      entry = this.reported(worker, status, external);
      this.entries.set(entry.id, entry);
    } else if (entry.worker !== worker) {
      this.ports.log('warn', `strategy ${entry.id} now reported by worker ${worker} (was ${entry.worker}): commands go there`);
      entry.worker = worker;
      entry.external = external;
      entry.seen = false;
    }
    Object.assign(entry, { kind: status.kind, venue: status.venue, symbol: status.symbol, state: status.state, reason: status.reason, position: status.position });
    entry.params = { ...status.params };
    this.takeSchema(entry, status.schema);
    this.settlePending(entry, status);
    const first = !entry.seen;
    entry.seen = true;
    // The user's wish stands until the instance confirms or changes it; a restored state is not confirmed yet.
    if (first && this.restore(entry)) return;
    if (entry.state !== 'failed') entry.wanted = entry.state;
  }

  /** The worker `worker` is a new process: its instances report afresh. */
  workerRestarted(worker: string): void {
    for (const entry of this.entries.values()) if (entry.worker === worker) entry.seen = false;
  }

  setState(id: string, state: WantedState): void {
    const entry = this.find(id, `make it ${state}`);
    if (entry === undefined) return;
    entry.wanted = state;
    this.ports.send(entry.worker, ControlRouter.command<SetStrategyState>({ type: 'SetStrategyState', strategyId: id, state }));
  }

  /** The on/off switch: running or stopped (sent as `SetStrategyEnabled`, which every strategy worker knows). */
  setEnabled(id: string, enabled: boolean): void {
    const entry = this.find(id, enabled ? 'switch it on' : 'switch it off');
    if (entry === undefined) return;
    entry.wanted = enabled ? 'running' : 'stopped';
    this.ports.send(entry.worker, ControlRouter.command<SetStrategyEnabled>({ type: 'SetStrategyEnabled', strategyId: id, enabled }));
  }

  /** New values for some parameters: checked against the schema, then sent and kept; or refused with the reason. */
  setParams(id: string, given: Readonly<Record<string, unknown>>): void {
    const entry = this.find(id, 'change its parameters');
    if (entry === undefined) return;
    const checked = checkParams(entry.schema, given, entry.params);
    if (!checked.ok) {
      entry.refusal = checked.reason;
      this.ports.log('warn', `parameters of ${id} refused, nothing sent: ${checked.reason}`);
      return;
    }
    entry.refusal = '';
    entry.pending = { ...entry.pending, ...checked.params };
    this.ports.store.merge(id, checked.params);
    this.ports.send(entry.worker, ControlRouter.command<SetStrategyParams>({ type: 'SetStrategyParams', strategyId: id, params: checked.params }));
    this.ports.log('info', `parameters of ${id} sent: ${Object.keys(checked.params).join(', ')}`);
  }

  /** Every worker that runs an instance (for commands to all strategy workers). */
  workers(): string[] {
    return [...new Set([...this.entries.values()].map((entry) => entry.worker))];
  }

  /** The rows for the windows; `condition` says whether each worker is up. */
  rows(condition: (worker: string, external: boolean) => WorkerCondition): StrategyRow[] {
    return [...this.entries.values()].map((entry) => {
      const worker = condition(entry.worker, entry.external);
      let state: StrategyRowState = entry.state;
      let reason = entry.reason;
      if (!worker.up) {
        state = worker.starting && entry.wanted !== 'stopped' ? 'starting' : 'stopped';
        reason = worker.reason;
      } else if (!entry.seen) {
        state = entry.wanted === 'stopped' ? 'stopped' : 'starting';
      }
      const enabled = state === 'running' || state === 'paused' || (state === 'starting' && entry.wanted !== 'stopped');
      const { id, kind, venue, symbol, external, refusal, position } = entry;
      return { id, kind, venue, symbol, worker: entry.worker, external, state, reason, refusal, enabled, params: { ...entry.params }, schema: entry.schema, position };
    });
  }

  private reported(worker: string, status: StrategyStatus, external: boolean): Entry {
    const { strategyId: id, kind, venue, symbol } = status;
    if (external) this.ports.log('info', `external strategy ${id} (${kind} on ${venue} ${symbol}) reported by worker ${worker}`);
    // Commands can only reach the routing id the status came from.
    if (status.worker !== worker) this.ports.log('warn', `strategy ${id}: its status names worker ${status.worker} but came from ${worker}: commands go to ${worker}`);
    return { id, kind, venue, symbol, worker, external, seen: false, state: status.state, reason: '', refusal: '', params: {}, schema: emptySchema(), schemaText: '', position: 0, wanted: status.state === 'failed' ? 'stopped' : status.state, pending: undefined };
  }

  private takeSchema(entry: Entry, text: string): void {
    if (text === entry.schemaText) return;
    entry.schemaText = text;
    const schema = parseSchema(text);
    if (schema === undefined) this.ports.log('warn', `strategy ${entry.id}: its parameter schema is not valid; its parameters cannot be edited`);
    else entry.schema = schema;
  }

  /** A status confirms the pending parameters (they are what it runs with) or reports the worker refused them. */
  private settlePending(entry: Entry, status: StrategyStatus): void {
    const pending = entry.pending;
    if (pending === undefined) return;
    if (Object.entries(pending).every(([name, value]) => sameValue(status.params[name], value))) {
      entry.pending = undefined;
    } else if (status.reason.startsWith('parameters refused')) {
      // Keep what it actually runs with, not the change it refused.
      entry.pending = undefined;
      const actual = Object.fromEntries(Object.keys(pending).filter((name) => status.params[name] !== undefined).map((name) => [name, status.params[name]!]));
      this.ports.store.merge(entry.id, actual);
    }
  }

  /**
   * On an instance's first status from a worker process: sends the saved parameters where they differ from what it
   * reports, and the run state the user last wanted where it differs (not for a failed one: that stays as it is).
   * True if it sent a state.
   */
  private restore(entry: Entry): boolean {
    const saved = this.savedFor(entry.id, entry.schema, entry.params);
    const changed = Object.fromEntries(Object.entries(saved).filter(([name, value]) => !sameValue(entry.params[name], value)));
    if (Object.keys(changed).length > 0) {
      entry.pending = changed;
      this.ports.send(entry.worker, ControlRouter.command<SetStrategyParams>({ type: 'SetStrategyParams', strategyId: entry.id, params: changed }));
      this.ports.log('info', `saved parameters of ${entry.id} sent again: ${Object.keys(changed).join(', ')}`);
    }
    if (entry.state !== 'failed' && entry.state !== entry.wanted) {
      this.ports.send(entry.worker, ControlRouter.command<SetStrategyState>({ type: 'SetStrategyState', strategyId: entry.id, state: entry.wanted }));
      this.ports.log('info', `${entry.id} is ${entry.state} after its worker started: set ${entry.wanted} again`);
      return true;
    }
    return false;
  }

  /** The saved values of `id` its schema accepts on top of `base`; the others are dropped from the store, logged. */
  private savedFor(id: string, schema: ParamSchemaView, base: Record<string, ParamValue>): Record<string, ParamValue> {
    const saved = this.ports.store.get(id);
    if (saved === undefined) return {};
    const accepted: Record<string, ParamValue> = {};
    const dropped: string[] = [];
    for (const [name, value] of Object.entries(saved)) {
      const checked = checkParams(schema, { [name]: value }, base);
      if (checked.ok) accepted[name] = checked.params[name]!;
      else {
        dropped.push(name);
        this.ports.log('warn', `saved parameter ${name} of ${id} dropped: ${checked.reason}`);
      }
    }
    this.ports.store.drop(id, dropped);
    return accepted;
  }

  private find(id: string, what: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) this.ports.log('warn', `no strategy ${id}: cannot ${what}`);
    return entry;
  }
}
