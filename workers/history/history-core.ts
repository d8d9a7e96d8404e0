/**
 * The history worker's core: turns the execution and risk streams (and what the host forwards on the control
 * channel: strategy statuses, kill switch reports) into rows, keeps only what changed (positions, parameters) or is
 * due (equity samples), and hands them to the store in batches — on its timer, or at once when a batch is full.
 * Its one output is the store, reached through the `HistorySink` port; it reads no clock.
 */
import type { Outgoing, WorkerCore } from '../core/worker-core.js';
import type { Message, PositionChanged } from '../protocol/messages.js';
import { fillRecord, killSwitchCondition, orderRecord, paramRecord, positionRecord, tradingCondition } from './history-records.js';
import { batchSize, emptyBatch, type HistoryBatch, type ParamChangeRecord, type StreamKey } from './store/rows.js';
import type { WriteCounts } from './store/history-writer.js';

/** Where batches go: the store's writer (or a test's list). Throws if the write failed; the batch is then kept. */
export interface HistorySink {
  write(batch: HistoryBatch): WriteCounts;
}

/** How the core records. */
export interface HistoryCoreOptions {
  /** This session's name (its run folder's). */
  session: string;
  /** Venues whose fill ids start again each session (the simulated exchange): their fills are unique per session. */
  sessionScopedVenues: readonly string[];
  /** Least time between two equity samples of one instrument, µs (a fill always samples). */
  equityEveryUs: number;
  /** A batch this large is written at once rather than on the next tick. */
  batchRows: number;
  /** Rows held while the store fails before the oldest are dropped (and counted). */
  maxPendingRows: number;
  /** Each strategy's last recorded parameters and state (from the store), so a restart records no repeat. */
  lastParams: ReadonlyMap<string, Pick<ParamChangeRecord, 'params' | 'state'>>;
  onError(error: Error): void;
}

/** The last recorded position of an instrument and when equity was last sampled. */
interface InstrumentMemory {
  qty: number;
  cost: number;
  realized: number;
  fees: number;
  sampledAt: number;
}

export class HistoryCore implements WorkerCore {
  private batch = emptyBatch();
  private readonly instruments = new Map<string, InstrumentMemory>();
  private readonly params: Map<string, Pick<ParamChangeRecord, 'params' | 'state'>>;
  private readonly stats = { stored: 0, duplicates: 0, writeErrors: 0, dropped: 0, batches: 0 };

  constructor(
    private readonly sink: HistorySink,
    private readonly options: HistoryCoreOptions,
  ) {
    this.params = new Map(options.lastParams);
  }

  onMessage(port: string, topic: string, message: Message, _now: number): void {
    const key: StreamKey = { session: this.options.session, stream: port, topic, seq: message.seq };
    const order = orderRecord(key, message);
    if (order !== undefined) this.batch.orders.push(order);
    switch (message.type) {
      case 'OrderFilled': {
        const scope = this.options.sessionScopedVenues.includes(message.venue) ? this.options.session : '';
        this.batch.fills.push(fillRecord(this.options.session, scope, message));
        break;
      }
      case 'PositionChanged':
        this.onPosition(key, message);
        break;
      case 'TradingStatus':
        this.batch.conditions.push(tradingCondition(key, message));
        break;
      case 'KillSwitchReport':
        // Control messages carry the host's sequence, not a stream's: the report's time keys it.
        this.batch.conditions.push(killSwitchCondition({ ...key, topic: 'kill_switch', seq: message.ts }, message));
        break;
      case 'StrategyStatus': {
        const record = paramRecord(this.options.session, message);
        const last = this.params.get(record.strategyId);
        if (last !== undefined && last.params === record.params && last.state === record.state) break;
        this.params.set(record.strategyId, { params: record.params, state: record.state });
        this.batch.params.push(record);
        break;
      }
      default:
        break;
    }
    if (batchSize(this.batch) >= this.options.batchRows) this.flush();
  }

  /** A position is stored when it changed (not the mark alone); equity is sampled at most every `equityEveryUs`. */
  private onPosition(key: StreamKey, message: PositionChanged): void {
    const id = `${message.venue}:${message.symbol}`;
    const last = this.instruments.get(id);
    const record = positionRecord(key, message);
    const changed =
      last === undefined || last.qty !== record.qty || last.cost !== record.cost || last.realized !== record.realized || last.fees !== record.fees;
    if (changed) this.batch.positions.push(record);
    const due = last === undefined || changed || message.ts - last.sampledAt >= this.options.equityEveryUs;
    if (due) {
      const { session, stream, topic, seq, ts, venue, symbol, qty, realized, unrealized, mark, fees } = record;
      this.batch.equity.push({ session, stream, topic, seq, ts, venue, symbol, qty, realized, unrealized, mark, fees });
    }
    this.instruments.set(id, {
      qty: record.qty,
      cost: record.cost,
      realized: record.realized,
      fees: record.fees,
      sampledAt: due ? message.ts : (last?.sampledAt ?? message.ts),
    });
  }

  onTimer(_now: number): void {
    this.flush();
  }

  onRecovered(_now: number): void {
    this.flush();
  }

  /** Writes what is pending. On failure the rows wait for the next try, the oldest dropped beyond the bound. */
  flush(): void {
    const pending = batchSize(this.batch);
    if (pending === 0) return;
    try {
      const counts = this.sink.write(this.batch);
      const stored = counts.orders + counts.fills + counts.positions + counts.equity + counts.conditions + counts.params;
      this.stats.stored += stored;
      this.stats.duplicates += pending - stored;
      this.stats.batches += 1;
      this.batch = emptyBatch();
    } catch (error) {
      this.stats.writeErrors += 1;
      this.options.onError(error as Error);
      this.bound();
    }
  }

  /** Keeps the pending rows within `maxPendingRows`, dropping the oldest of the largest kind. */
  private bound(): void {
    let excess = batchSize(this.batch) - this.options.maxPendingRows;
    while (excess > 0) {
      const lists = Object.values(this.batch) as unknown[][];
      const largest = lists.reduce((a, b) => (b.length > a.length ? b : a));
      const cut = Math.min(excess, largest.length);
      largest.splice(0, cut);
      this.stats.dropped += cut;
      excess -= cut;
    }
  }

  snapshot(_prefix: string, _now: number): Array<{ topic: string; message: Outgoing }> {
    return [];
  }

  counters(): Record<string, number> {
    return { ...this.stats, pending: batchSize(this.batch) };
  }

  /** Pending rows, for tests. */
  pending(): HistoryBatch {
    return this.batch;
  }
}
