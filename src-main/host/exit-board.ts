/**
 * The host's view of the exits worker: the latest `ExitStatus` of every plan (what the chart draws and the Positions
 * panel lists), and the door for the user's exit commands — protect a position with a plan or a saved bracket, move
 * its stop (a dragged line), clear it, or arm a bracket on an order's fill. Commands become `SetExitPlan` /
 * `ClearExitPlan` on the control channel, checked by the protocol's own validation before they leave, so the
 * worker never sees what it would refuse and the user learns why at once.
 */
import type { ExitRow } from '../../workers/protocol/channels.js';
import { SCHEMA_VERSION, type ClearExitPlan, type ExitPlanFields, type ExitStatus, type Message, type SetExitPlan, type Unstamped } from '../../workers/protocol/messages.js';
import { validateMessage, type ValidationContext } from '../../workers/protocol/validate.js';
import { nowMicros } from '../../workers/runtime/clock.js';

/** The exits worker's name on the control channel. */
export const EXITS_WORKER = 'exits';
/** A finished plan stays listed this long, so the user sees why it ended. */
const DONE_KEPT_MS = 10_000;

export interface ExitBoardDeps {
  send(worker: string, command: Unstamped<SetExitPlan> | Unstamped<ClearExitPlan>): void;
  log(level: 'info' | 'warn', text: string): void;
  validation: ValidationContext;
  now?: () => number;
}

/** A plan's place: one active plan per (instrument, owner), and each plan waiting for an order's fill apart. */
function keyOf(status: { venue: string; symbol: string; owner: string; phase?: string; attach?: string; entryOrderId?: string | undefined }): string {
  const waiting = status.phase === 'armed' && status.attach === 'fill' && status.entryOrderId !== undefined;
  return `${status.venue}:${status.symbol}:${status.owner}${waiting ? `:${status.entryOrderId}` : ''}`;
}

export class ExitBoard {
  private readonly statuses = new Map<string, { status: ExitStatus; doneAt: number | undefined }>();
  private readonly now: () => number;

  constructor(private readonly deps: ExitBoardDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** A status from the exits worker. */
  onStatus(status: ExitStatus): void {
    const key = keyOf(status);
    // A waiting plan that became active is now listed under its position.
    if (status.attach === 'fill' && status.entryOrderId !== undefined && status.phase !== 'armed') {
      this.statuses.delete(keyOf({ ...status, phase: 'armed' }));
    }
    this.statuses.set(key, { status, doneAt: status.phase === 'done' ? this.now() : undefined });
  }

  /** Protects the position of `owner` in the instrument with `plan` (replacing its plan, if any). */
  protect(venue: string, symbol: string, owner: string, plan: ExitPlanFields): boolean {
    return this.send({ type: 'SetExitPlan', venue, symbol, owner, attach: 'position', ...plan });
  }

  /** Arms `plan` on the first fill of order `entryOrderId` (a bracket picked in the ticket). */
  armOnFill(venue: string, symbol: string, owner: string, entryOrderId: string, plan: ExitPlanFields): boolean {
    return this.send({ type: 'SetExitPlan', venue, symbol, owner, attach: 'fill', entryOrderId, ...plan });
  }

  /**
   * Moves the stop of the active plan of `owner` in the instrument to `stopPrice` (ticks): the plan's other rules stay
   * as they are. False (and logged) if there is no active plan to move.
   */
  moveStop(venue: string, symbol: string, owner: string, stopPrice: number): boolean {
    const status = this.statuses.get(keyOf({ venue, symbol, owner }))?.status;
    if (status === undefined || status.phase === 'done' || status.plan === undefined) {
      this.deps.log('warn', `no exit plan of ${owner} in ${venue}:${symbol} to move`);
      return false;
    }
    const { stopDistance: _distance, ...rules } = status.plan;
    return this.protect(venue, symbol, owner, { ...rules, stopPrice });
  }

  /** Drops the plan(s) of `owner` in the instrument and cancels their orders; the position stays. */
  clear(venue: string, symbol: string, owner: string): boolean {
    return this.send({ type: 'ClearExitPlan', venue, symbol, owner });
  }

  /** Every plan as the renderer shows it; finished ones for a few seconds after they end. */
  rows(): ExitRow[] {
    const now = this.now();
    const rows: ExitRow[] = [];
    for (const [key, { status, doneAt }] of this.statuses) {
      if (doneAt !== undefined && now - doneAt > DONE_KEPT_MS) {
        this.statuses.delete(key);
        continue;
      }
      rows.push(toRow(status));
    }
    return rows;
  }

  private send(body: Omit<SetExitPlan, 'ts' | 'rts' | 'v' | 'seq'> | Omit<ClearExitPlan, 'ts' | 'rts' | 'v' | 'seq'>): boolean {
    const now = nowMicros();
    const command = { ...body, ts: now, rts: now };
    // Checked as the worker will check it (seq is the control channel's, any positive number passes here).
    const checked = validateMessage({ ...command, v: SCHEMA_VERSION, seq: 1 } as unknown as Message, this.deps.validation);
    if (!checked.ok) {
      this.deps.log('warn', `exit plan refused: ${checked.reason}`);
      return false;
    }
    this.deps.send(EXITS_WORKER, command as Unstamped<SetExitPlan> | Unstamped<ClearExitPlan>);
    return true;
  }
}

function toRow(status: ExitStatus): ExitRow {
  const { type: _type, v: _v, seq: _seq, ts: _ts, rts: _rts, worker: _worker, plan: _plan, ...row } = status;
  return { ...row, targets: row.targets.map(([price, qty]) => [price, qty]) };
}
