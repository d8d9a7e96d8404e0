/**
 * The one typed channel map between the host and the renderer, used by the Electron preload, the WebSocket bridge
 * and the renderer alike. Host → renderer messages are state for the eye (already conflated and formatted at the
 * edge); renderer → host messages are the user's commands. Both travel as msgpack.
 */

/** A worker as the Workers panel shows it. */
export interface WorkerRow {
  name: string;
  /** Lifecycle state, or `restarting` / `gave_up` as the supervisor sees it. */
  state: string;
  pid: number;
  restarts: number;
  uptimeMs: number;
  /** Milliseconds since its last heartbeat. */
  heartbeatAgeMs: number;
  msgsIn: number;
  msgsOut: number;
  refused: number;
  /** Messages per second in and out, over the last few seconds. */
  rateIn: number;
  rateOut: number;
  reason: string;
  counters: Record<string, number>;
  /** False when the user stopped it: it stays down until started again. */
  wanted: boolean;
}

/** A position with money formatted at the instrument's decimals. */
export interface PositionRow {
  venue: string;
  symbol: string;
  qty: string;
  avgPrice: string;
  mark: string;
  realized: string;
  unrealized: string;
  quote: string;
}

/** Order and fill totals since start. */
export interface OrderTotals {
  submitted: number;
  accepted: number;
  rejected: number;
  denied: number;
  canceled: number;
  filled: number;
  fills: number;
}

/** Host → renderer. */
export type HostToRenderer =
  | { channel: 'state'; workers: WorkerRow[]; positions: PositionRow[]; totals: OrderTotals; tradingState: string; time: number }
  | { channel: 'log'; worker: string; level: 'info' | 'warn' | 'error'; text: string; time: number };

/** Renderer → host. */
export type RendererToHost =
  | { channel: 'startWorker'; name: string }
  | { channel: 'stopWorker'; name: string };

/** Channel names the preload accepts from the renderer; anything else is refused. */
export const RENDERER_CHANNELS: ReadonlyArray<RendererToHost['channel']> = ['startWorker', 'stopWorker'];
