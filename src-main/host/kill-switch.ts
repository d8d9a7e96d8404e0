/**
 * The kill switch's report: once it is engaged, watch until every working order is finished and every position flat
 * (or until the deadline), then say what was done, what is left, and how long it took.
 */
import type { FlattenedPosition, TradingState } from '../../workers/protocol/messages.js';

/** How long the host waits for everything to be finished and flat before it reports what is left. */
export const KILL_SWITCH_DEADLINE_MS = 5000;
const POLL_MS = 20;

/** What the kill switch did, as `KillSwitchReport` carries it. */
export interface KillSwitchOutcome {
  canceled: number;
  flattened: FlattenedPosition[];
  strategiesPaused: number;
  state: TradingState;
  elapsedMs: number;
  workingLeft: number;
  openLeft: number;
}

/** What the watch reads each time it looks. */
export interface KillSwitchProbe {
  /** Working orders and non-flat positions right now, and whether risk has confirmed the restricted state. */
  left(): { working: number; open: number; confirmed: boolean };
  state(): TradingState;
}

/**
 * Polls `probe` from `startedAt` (ms, `Date.now()` when the command arrived) until nothing is left or the deadline
 * passes, then calls `done` once. Returns a disposer that stops the watch without reporting.
 */
export function watchKillSwitch(
  startedAt: number,
  engaged: Pick<KillSwitchOutcome, 'canceled' | 'flattened' | 'strategiesPaused'>,
  probe: KillSwitchProbe,
  done: (outcome: KillSwitchOutcome) => void,
  deadlineMs = KILL_SWITCH_DEADLINE_MS,
): () => void {
  const check = (): boolean => {
    const { working, open, confirmed } = probe.left();
    const elapsedMs = Date.now() - startedAt;
    if ((working > 0 || open > 0 || !confirmed) && elapsedMs < deadlineMs) return false;
    done({ ...engaged, state: probe.state(), elapsedMs, workingLeft: working, openLeft: open });
    return true;
  };
  const timer = setInterval(() => {
    if (check()) clearInterval(timer);
  }, POLL_MS);
  return () => clearInterval(timer);
}

/** The report as one log line. */
export function describeKillSwitch(outcome: KillSwitchOutcome): string {
  const flat = outcome.flattened.map((p) => `${p.venue}:${p.symbol} ${p.qty > 0 ? '+' : ''}${p.qty}`).join(', ') || 'none';
  const left = outcome.workingLeft + outcome.openLeft === 0 ? 'all done' : `left: ${outcome.workingLeft} working orders, ${outcome.openLeft} open positions`;
  return `kill switch: ${outcome.canceled} orders canceled, flattened ${flat}, ${outcome.strategiesPaused} strategies paused, trading ${outcome.state}, ${left} in ${outcome.elapsedMs} ms`;
}
