/**
 * Runs the terminal's backtests: each run of a sweep is the backtest command in its own child process (never in the
 * host's event loop), at most `parallel` at once; progress and every finished report go out as messages, each run
 * is recorded in the history store, and the ranked table comes when the sweep ends. A sweep can be cancelled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordBacktestRun } from '../../workers/history/store/backtest-runs.js';
import type { BacktestUpdate } from '../../workers/protocol/channels.js';
import { BacktestRequestError, checkRequest, cliArgs, rankRuns, type BacktestRequest, type FinishedRun } from './backtest-sweep.js';

/** What the runner tells the renderer about a sweep (the `backtest` channel's body). */
export type BacktestMessage = BacktestUpdate;

export interface BacktestRunnerOptions {
  emit: (message: BacktestMessage) => void;
  /** Where relative data paths (resources/data/...) are found and the command runs (default: the app's folder). */
  baseDir?: string;
  /** The history store's folder; runs are not recorded without it. */
  stateDir?: string;
  /** Child processes at once (default 2: the machine's two cores). */
  parallel?: number;
  /** The backtest command's script (default: the built one next to this file). */
  cliPath?: string;
  now?: () => number;
}

interface Sweep {
  requestId: string;
  request: BacktestRequest;
  grid: Array<Record<string, string>>;
  next: number;
  done: number;
  finished: FinishedRun[];
  children: Set<ChildProcess>;
  cancelled: boolean;
}

const DEFAULT_CLI = fileURLToPath(new URL('../../workers/backtest/cli.js', import.meta.url));
// dist/src-main/host/ → the folder holding dist/ and resources/.
const DEFAULT_BASE = fileURLToPath(new URL('../../../', import.meta.url));

export class BacktestRunner {
  private readonly sweeps = new Map<string, Sweep>();
  private readonly parallel: number;
  private readonly cliPath: string;
  private readonly baseDir: string;
  private running = 0;

  constructor(private readonly options: BacktestRunnerOptions) {
    this.parallel = Math.max(1, options.parallel ?? 2);
    this.cliPath = options.cliPath ?? DEFAULT_CLI;
    this.baseDir = options.baseDir ?? DEFAULT_BASE;
  }

  /** Starts a run or sweep; a refusal is reported as an `error` message and returned, never thrown. */
  start(requestId: string, request: BacktestRequest): { ok: true; total: number } | { ok: false; error: string } {
    try {
      if (this.sweeps.has(requestId)) throw new BacktestRequestError(`backtest ${requestId} is already running`);
      const grid = checkRequest(request);
      const data = isAbsolute(request.data) ? request.data : resolve(this.baseDir, request.data);
      if (!existsSync(data) || !statSync(data).isFile()) throw new BacktestRequestError(`data file ${request.data} not found`);
      const sweep: Sweep = { requestId, request: { ...request, data }, grid, next: 0, done: 0, finished: [], children: new Set(), cancelled: false };
      this.sweeps.set(requestId, sweep);
      this.options.emit({ requestId, kind: 'progress', done: 0, total: grid.length });
      this.pump();
      return { ok: true, total: grid.length };
    } catch (error) {
      const message = error instanceof BacktestRequestError ? error.message : `backtest refused: ${(error as Error).message}`;
      this.options.emit({ requestId, kind: 'error', error: message });
      return { ok: false, error: message };
    }
  }

  /** Stops a sweep: running children are killed, queued runs dropped; the runs already done are still ranked. */
  cancel(requestId: string): boolean {
    const sweep = this.sweeps.get(requestId);
    if (sweep === undefined) return false;
    sweep.cancelled = true;
    for (const child of sweep.children) child.kill();
    if (sweep.children.size === 0) this.finish(sweep);
    return true;
  }

  /** Sweeps not yet finished. */
  active(): string[] {
    return [...this.sweeps.keys()];
  }

  /** Kills every child (the host is stopping). */
  close(): void {
    for (const id of [...this.sweeps.keys()]) this.cancel(id);
  }

  /** Starts queued runs, oldest sweep first, while a process slot is free. */
  private pump(): void {
    for (const sweep of this.sweeps.values()) {
      while (this.running < this.parallel && !sweep.cancelled && sweep.next < sweep.grid.length) {
        this.launch(sweep, sweep.next++);
      }
    }
  }

  private launch(sweep: Sweep, index: number): void {
    const params = sweep.grid[index] as Record<string, string>;
    const child = spawn(process.execPath, [this.cliPath, ...cliArgs(sweep.request, params)], { cwd: this.baseDir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.running++;
    sweep.children.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    let ended = false;
    const end = (code: number | null, spawnError?: Error): void => {
      if (ended) return;
      ended = true;
      this.running--;
      sweep.children.delete(child);
      if (!sweep.cancelled) this.settle(sweep, index, params, code, Buffer.concat(out).toString('utf8'), spawnError?.message ?? Buffer.concat(err).toString('utf8'));
      if (sweep.cancelled && sweep.children.size === 0) this.finish(sweep);
      this.pump();
    };
    child.on('error', (error) => end(null, error));
    child.on('close', (code) => end(code));
  }

  private settle(sweep: Sweep, index: number, params: Record<string, string>, code: number | null, stdout: string, stderr: string): void {
    const { requestId } = sweep;
    let report: FinishedRun['report'] | undefined;
    if (code === 0) {
      try {
        report = JSON.parse(stdout) as FinishedRun['report'];
      } catch {
        report = undefined;
      }
    }
    sweep.done++;
    if (report === undefined || typeof report.statistics !== 'object' || report.statistics === null) {
      // The command's own message (bad parameter value, unusable data...) is the clearest reason to show.
      const reason = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('line ')).pop();
      this.options.emit({ requestId, kind: 'failed', index, params, error: reason ?? `backtest exited with code ${code}` });
    } else {
      sweep.finished.push({ index, params, report });
      const runId = this.record(sweep.request, report);
      this.options.emit({ requestId, kind: 'result', index, params, report, ...(runId !== undefined ? { runId } : {}) });
    }
    this.options.emit({ requestId, kind: 'progress', done: sweep.done, total: sweep.grid.length });
    if (sweep.done === sweep.grid.length) this.finish(sweep);
  }

  private record(request: BacktestRequest, report: FinishedRun['report']): number | undefined {
    if (this.options.stateDir === undefined) return undefined;
    try {
      return recordBacktestRun(this.options.stateDir, {
        createdAt: Math.round((this.options.now ?? Date.now)() * 1000),
        strategy: request.strategy,
        venue: 'backtest',
        symbol: basename(request.data).replace(/\.[^.]*$/, ''),
        data: basename(request.data),
        params: (report.params as Record<string, unknown> | undefined) ?? {},
        settings: (report.assumptions as Record<string, unknown> | undefined) ?? {},
        stats: report.statistics,
      });
    } catch {
      // The report still reaches the user; a store that cannot be written must not lose it.
      return undefined;
    }
  }

  private finish(sweep: Sweep): void {
    if (!this.sweeps.has(sweep.requestId)) return;
    this.sweeps.delete(sweep.requestId);
    const rankBy = sweep.request.rankBy ?? 'sharpe';
    const ranked = rankRuns(sweep.finished, rankBy).map((run) => ({ index: run.index, params: run.params, statistics: run.report.statistics }));
    this.options.emit({ requestId: sweep.requestId, kind: 'done', rankBy, ranked, cancelled: sweep.cancelled });
  }
}
