/**
 * A worker shell's local input port (what the Binance gateway's adapter hands its messages to): messages are
 * validated and reach the core in the same call, what arrives before the shell runs waits in order, a refused one
 * never reaches the core, and the input journal rebuilds the core with exactly what it saw live. A shell stopped while
 * its sockets are still opening settles its run().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InstrumentRegistry, type InstrumentSpec } from '../../../workers/core/instrument.js';
import type { Emit, Outgoing, WorkerCore } from '../../../workers/core/worker-core.js';
import type { Message } from '../../../workers/protocol/messages.js';
import { WorkerShell } from '../../../workers/runtime/worker-shell.js';

const SPEC: InstrumentSpec = { venue: 'binance', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', lotSize: '0.00001', minNotional: '5', multiplier: 1 };

class RecordingCore implements WorkerCore {
  readonly seen: Array<{ port: string; message: Message }> = [];
  constructor(private readonly emit: Emit) {}
  onMessage(port: string, _topic: string, message: Message): void {
    this.seen.push({ port, message: structuredClone(message) });
    this.emit('md', 'book.binance.BTCUSDT', message);
  }
  onTimer(): void {}
  onRecovered(): void {}
  snapshot() {
    return [];
  }
  counters() {
    return {};
  }
}

function update(qty: number, symbol = 'BTCUSDT'): Outgoing {
  return { type: 'BookUpdate', venue: 'binance', symbol, bids: [[6_500_000, qty]], asks: [], ts: 1, rts: 2 };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function makeShell(runDir: string): { shell: WorkerShell; core: () => RecordingCore } {
  let core: RecordingCore | undefined;
  const shell = new WorkerShell({
    worker: 'local-test',
    runDir,
    ctlEndpoint: `ipc://${join(runDir, 'ctl.sock')}`,
    ports: [
      { name: 'md', kind: 'pub', endpoint: `ipc://${join(runDir, 'md.sock')}`, immediate: true },
      { name: 'adapter', kind: 'local' },
    ],
    timerMs: 60_000,
    heartbeatMs: 60_000,
    validation: new InstrumentRegistry([SPEC]),
    makeCore: (emit) => (core = new RecordingCore(emit)),
  });
  return { shell, core: () => core! };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a worker shell’s local input', () => {
  it('delivers in the same call once running, holds earlier inputs in order, refuses what does not validate, and recovers it all', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'tt-local-'));
    dirs.push(runDir);
    const { shell, core } = makeShell(runDir);
    shell.input('adapter', update(1));
    shell.input('adapter', update(2));
    expect(core().seen).toEqual([]);
    const running = shell.run();
    await until(() => core().seen.length === 2);
    expect(core().seen.map((s) => s.message.type === 'BookUpdate' && s.message.bids[0]![1])).toEqual([1, 2]);

    shell.input('adapter', update(3));
    expect(core().seen).toHaveLength(3); // no hop: the core has it when input returns
    shell.input('adapter', update(4, 'NOPE'));
    expect(core().seen).toHaveLength(3);
    expect(core().seen.map((s) => s.message.seq)).toEqual([1, 2, 3]);
    await shell.stop('test');
    await running;

    const again = makeShell(runDir);
    const recovered = again.shell.run();
    // Recovery runs first; an input given now reaches the core once the shell runs (stopping before would strand run()).
    again.shell.input('adapter', update(5));
    await until(() => again.core().seen.length === 4);
    expect(again.core().seen.slice(0, 3)).toEqual(core().seen);
    await again.shell.stop('test');
    await recovered;
  });
  it('stops cleanly when told to stop while its sockets are still opening: run() settles and nothing held is delivered', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'tt-local-'));
    dirs.push(runDir);
    const { shell, core } = makeShell(runDir);
    shell.input('adapter', update(1));
    const running = shell.run();
    await shell.stop('test');
    // Before the fix, run() waited for a stop that had already happened, and the worker process never exited.
    await running;
    expect(core().seen).toEqual([]);
  });
});
