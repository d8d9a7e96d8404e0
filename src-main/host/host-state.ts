/**
 * The host's state for windows and scripts: worker rows from the supervisor, positions and totals from the bus,
 * formatted at the edge with each instrument's decimals. Windows get one conflated `state` message at most every
 * 250 ms however busy the bus is, and log lines as they come.
 */
import { formatMoney, formatPrice, formatQty, type Instrument, type InstrumentRegistry } from '../../workers/core/instrument.js';
import { formatUnits } from '../../workers/core/fixed-point.js';
import type { HostToRenderer, PositionRow, RendererToHost, WorkerRow } from '../../workers/protocol/channels.js';
import type { HostApi } from '../host-api.js';
import type { Supervisor, WorkerStatus } from '../supervisor/supervisor.js';
import type { BusMonitor } from './bus-monitor.js';

type StateMessage = Extract<HostToRenderer, { channel: 'state' }>;

const PUBLISH_MS = 250;

/** The HostApi over a supervisor and a bus monitor. */
export class HostState implements HostApi {
  private readonly listeners = new Set<(message: HostToRenderer) => void>();
  private readonly rates = new Map<string, { at: number; msgsIn: number; msgsOut: number; rateIn: number; rateOut: number }>();
  private timer: NodeJS.Timeout | undefined;
  private dirty = true;

  constructor(
    private readonly supervisor: Supervisor,
    private readonly monitor: BusMonitor,
    private readonly registry: InstrumentRegistry,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.publish(), PUBLISH_MS);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  /** Something changed; the next tick publishes it. */
  markDirty(): void {
    this.dirty = true;
  }

  log(worker: string, level: 'info' | 'warn' | 'error', text: string): void {
    this.broadcast({ channel: 'log', worker, level, text, time: Date.now() });
  }

  current(): StateMessage {
    return {
      channel: 'state',
      workers: this.supervisor.statuses().map((status) => this.workerRow(status)),
      positions: this.positionRows(),
      totals: { ...this.monitor.totals },
      tradingState: 'active',
      time: Date.now(),
    };
  }

  subscribe(listener: (message: HostToRenderer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  handle(command: RendererToHost): void {
    if (command.channel === 'startWorker') void this.supervisor.start(command.name).catch(() => undefined);
    else if (command.channel === 'stopWorker') void this.supervisor.stop(command.name).catch(() => undefined);
    this.dirty = true;
  }

  /** Positions with money as decimal strings. */
  positionRows(): PositionRow[] {
    const rows: PositionRow[] = [];
    for (const position of this.monitor.positions.values()) {
      const instrument = this.registry.find(position.venue, position.symbol);
      if (instrument === undefined) continue;
      const size = Math.abs(position.qty);
      rows.push({
        venue: position.venue,
        symbol: position.symbol,
        qty: formatQty(instrument, position.qty),
        // Average price = cost / size, shown at two more decimals than the tick so it is not misleadingly rounded.
        avgPrice: size === 0 ? '' : averagePrice(position.cost, size, instrument),
        mark: position.mark === 0 ? '' : formatPrice(instrument, position.mark),
        realized: formatMoney(instrument, position.realized),
        unrealized: formatMoney(instrument, position.unrealized),
        quote: instrument.quote,
      });
    }
    return rows;
  }

  private publish(): void {
    if (!this.dirty && this.listeners.size === 0) return;
    this.dirty = false;
    this.broadcast(this.current());
  }

  private broadcast(message: HostToRenderer): void {
    for (const listener of this.listeners) listener(message);
  }

  private workerRow(status: WorkerStatus): WorkerRow {
    const stats = status.heartbeat?.stats;
    const msgsIn = stats?.msgsIn ?? 0;
    const msgsOut = stats?.msgsOut ?? 0;
    const now = Date.now();
    const rate = this.rateOf(status.name, now, msgsIn, msgsOut);
    return {
      name: status.name,
      state: status.state,
      pid: status.pid,
      restarts: status.restarts,
      uptimeMs: status.pid === 0 ? 0 : now - status.startedAt,
      heartbeatAgeMs: status.lastHeartbeatAt === 0 ? 0 : now - status.lastHeartbeatAt,
      msgsIn,
      msgsOut,
      refused: stats?.refused ?? 0,
      rateIn: rate.rateIn,
      rateOut: rate.rateOut,
      reason: status.reason,
      counters: stats?.counters ?? {},
      wanted: status.wanted,
    };
  }

  /** Message rates over the last second or more, from the heartbeat counters. */
  private rateOf(name: string, now: number, msgsIn: number, msgsOut: number) {
    const last = this.rates.get(name);
    if (last === undefined || msgsIn < last.msgsIn) {
      const fresh = { at: now, msgsIn, msgsOut, rateIn: 0, rateOut: 0 };
      this.rates.set(name, fresh);
      return fresh;
    }
    const elapsed = (now - last.at) / 1000;
    if (elapsed < 1) return last;
    const next = { at: now, msgsIn, msgsOut, rateIn: Math.round((msgsIn - last.msgsIn) / elapsed), rateOut: Math.round((msgsOut - last.msgsOut) / elapsed) };
    this.rates.set(name, next);
    return next;
  }
}

/** cost / size in ticks, as a price with two extra decimals (exact to that precision, rounded half away from zero). */
function averagePrice(cost: number, size: number, instrument: Instrument): string {
  const hundredths = Math.round((cost * 100) / size);
  const unit = { mantissa: instrument.tick.mantissa, exponent: instrument.tick.exponent - 2 };
  return formatUnits(hundredths, unit, instrument.priceDecimals + 2);
}
