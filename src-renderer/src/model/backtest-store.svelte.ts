/**
 * The Backtest panel's state: the sweep in flight (its progress, failures and finished reports), the ranked table
 * when it ends, and the run selected to show. Messages come on the `backtest` channel to every window; a window
 * takes only its own request's.
 */
import type { BacktestReport, BacktestUpdate, HostToRenderer, RendererToHost } from '../../../workers/protocol/channels.js';
import { shareChart } from './backtest-chart.ts';
import { backtestCommand, type BacktestForm } from './backtest-form.ts';

type Send = (command: RendererToHost) => boolean;

/** A finished run as the panel lists it. */
export interface BacktestRunView {
  index: number;
  params: Record<string, string>;
  report: BacktestReport;
}

export class BacktestStore {
  running = $state(false);
  done = $state(0);
  total = $state(0);
  error = $state('');
  failures = $state.raw<string[]>([]);
  /** Finished runs, best first once the sweep ends (in order of finishing before). */
  runs = $state.raw<BacktestRunView[]>([]);
  rankBy = $state('sharpe');
  selected = $state<number | undefined>(undefined);
  // The trade chosen, with its run: choosing another run leaves no trade chosen.
  #trade = $state<{ run: number; trade: number } | undefined>(undefined);
  #counter = 0;
  #requestId = '';

  /** The run shown in the report. */
  get selectedRun(): BacktestRunView | undefined {
    return this.runs.find((run) => run.index === this.selected);
  }

  /** The selected run's trade the price chart is scrolled to (its row in the report's trades). */
  get selectedTrade(): number | undefined {
    return this.#trade !== undefined && this.#trade.run === this.selected ? this.#trade.trade : undefined;
  }

  /** Chooses a trade of the selected run. */
  selectTrade(trade: number): void {
    if (this.selected !== undefined) this.#trade = { run: this.selected, trade };
  }

  /** Starts a run or sweep from the form; earlier results are cleared. */
  run(form: BacktestForm, send: Send): void {
    const random = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
    this.#requestId = `b-${++this.#counter}-${random}`;
    this.error = '';
    this.failures = [];
    this.runs = [];
    this.selected = undefined;
    this.#trade = undefined;
    this.done = 0;
    this.total = 0;
    this.running = send(backtestCommand(form, this.#requestId));
  }

  cancel(send: Send): void {
    if (this.running) send({ channel: 'cancelBacktest', requestId: this.#requestId });
  }

  apply(message: Extract<HostToRenderer, { channel: 'backtest' }>): void {
    if (message.requestId !== this.#requestId) return;
    this.#take(message);
  }

  #take(update: BacktestUpdate): void {
    switch (update.kind) {
      case 'progress':
        this.done = update.done;
        this.total = update.total;
        break;
      case 'result':
        this.runs = [...this.runs, { index: update.index, params: update.params, report: shareChart(update.report, this.runs.map((run) => run.report)) }];
        this.selected ??= update.index;
        break;
      case 'failed':
        this.failures = [...this.failures, `run ${update.index + 1}: ${update.error}`];
        break;
      case 'error':
        this.error = update.error;
        this.running = false;
        break;
      case 'done': {
        const order = new Map(update.ranked.map((run, rank) => [run.index, rank]));
        this.runs = [...this.runs].sort((a, b) => (order.get(a.index) ?? Infinity) - (order.get(b.index) ?? Infinity));
        this.rankBy = update.rankBy;
        this.selected = this.runs[0]?.index;
        this.running = false;
        if (update.cancelled) this.error = `cancelled after ${this.done} of ${this.total} runs`;
        break;
      }
    }
  }
}
