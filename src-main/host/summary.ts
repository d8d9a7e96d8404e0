/**
 * The one JSON document `--summary json` prints at exit: each worker's state and counters, order totals, and
 * positions with P&L per instrument, as decimal strings.
 */
import type { OrderTotals, PositionRow } from '../../workers/protocol/channels.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { BusMonitor } from './bus-monitor.js';
import type { HostState } from './host-state.js';

/** The summary document. */
export interface Summary {
  durationSeconds: number;
  workers: Record<string, {
    state: string;
    pid: number;
    restarts: number;
    msgsIn: number;
    msgsOut: number;
    refused: number;
    reason: string;
    counters: Record<string, number>;
  }>;
  orders: OrderTotals;
  positions: Record<string, Omit<PositionRow, 'venue' | 'symbol' | 'qtyLots' | 'avgPriceTicks'>>;
  /** Frames the host itself refused (control channel, bus monitor). */
  hostRefused: number;
}

/** Builds the summary from the host's current view. */
export function buildSummary(supervisor: Supervisor, monitor: BusMonitor, state: HostState, durationSeconds: number, hostRefused: number): Summary {
  const workers: Summary['workers'] = {};
  for (const status of supervisor.statuses()) {
    const stats = status.heartbeat?.stats;
    workers[status.name] = {
      state: status.state,
      pid: status.pid,
      restarts: status.restarts,
      msgsIn: stats?.msgsIn ?? 0,
      msgsOut: stats?.msgsOut ?? 0,
      refused: stats?.refused ?? 0,
      reason: status.reason,
      counters: stats?.counters ?? {},
    };
  }
  const positions: Summary['positions'] = {};
  for (const { venue, symbol, qtyLots: _lots, avgPriceTicks: _avg, ...row } of state.positionRows()) positions[`${venue}:${symbol}`] = row;
  return { durationSeconds: Math.round(durationSeconds * 10) / 10, workers, orders: { ...monitor.totals }, positions, hostRefused };
}
