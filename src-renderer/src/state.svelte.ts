/**
 * The UI's state, fed by the bridge: what the panels read. Fields are `$state.raw` because each host message replaces
 * them whole; nothing mutates them in place, so deep proxies would only cost.
 */
import type { HostToRenderer, OrderTotals, PositionRow, WorkerRow } from '../../workers/protocol/channels.ts';
import type { Bridge, ConnectionStatus } from './bridge.ts';

/** One line of the Log panel. */
export interface LogLine {
  /** Unique within the session, for keyed lists. */
  id: number;
  /** Microseconds since the epoch. */
  time: number;
  worker: string;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** How many log lines the renderer keeps: memory stays flat however long it runs. */
export const LOG_LIMIT = 200;

const NO_TOTALS: OrderTotals = { submitted: 0, accepted: 0, rejected: 0, denied: 0, canceled: 0, filled: 0, fills: 0 };

const CONNECTION_NOTES: Record<ConnectionStatus, LogLine['level'] | undefined> = {
  connecting: undefined,
  open: 'info',
  reconnecting: 'warn',
  closed: 'error',
};

/** The terminal as the panels see it. */
export class TerminalState {
  workers = $state.raw<WorkerRow[]>([]);
  positions = $state.raw<PositionRow[]>([]);
  totals = $state.raw<OrderTotals>(NO_TOTALS);
  tradingState = $state('unknown');
  connection = $state<ConnectionStatus>('connecting');
  /** Host time of the last state message (µs since the epoch), 0 before the first. */
  updatedAt = $state(0);
  log = $state.raw<LogLine[]>([]);

  #nextLogId = 1;
  readonly #disposers: Array<() => void>;

  constructor(bridge: Pick<Bridge, 'status' | 'onMessage' | 'onStatus'>) {
    this.connection = bridge.status;
    this.#disposers = [
      bridge.onMessage((message) => this.apply(message)),
      bridge.onStatus((status) => this.#onConnection(status)),
    ];
  }

  /** Takes one host message into the state. */
  apply(message: HostToRenderer): void {
    switch (message.channel) {
      case 'state':
        this.workers = message.workers;
        this.positions = message.positions;
        this.totals = message.totals;
        this.tradingState = message.tradingState;
        this.updatedAt = message.time;
        break;
      case 'log':
        this.#append(message.time, message.worker, message.level, message.text);
        break;
    }
  }

  /** Stops listening to the bridge. */
  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  #onConnection(status: ConnectionStatus): void {
    this.connection = status;
    const level = CONNECTION_NOTES[status];
    // Connection changes go to the log too, so a gap in the updates has its explanation next to it.
    if (level !== undefined) this.#append(Date.now() * 1000, 'ui', level, `connection ${status}`);
  }

  #append(time: number, worker: string, level: LogLine['level'], text: string): void {
    const line: LogLine = { id: this.#nextLogId++, time, worker, level, text };
    const kept = this.log.length >= LOG_LIMIT ? this.log.slice(this.log.length - LOG_LIMIT + 1) : this.log;
    this.log = [...kept, line];
  }
}
