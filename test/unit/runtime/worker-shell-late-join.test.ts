/**
 * A worker's subscription as a late joiner (risk following execution's venue accounts): its first catch-up can be
 * answered before its SUB is connected, and what the owner publishes in between reaches no subscriber. The shell
 * must catch up again once connected — or a state published once stays missing until it next changes — and a
 * recovery from the input journal must hand the core the same messages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import type { WorkerCore } from '../../../workers/core/worker-core.js';
import type { Message } from '../../../workers/protocol/messages.js';
import { topics } from '../../../workers/protocol/topics.js';
import { WorkerShell } from '../../../workers/runtime/worker-shell.js';
import { marginAccount, StreamOwner } from '../../fakes/stream-owner.js';

class RecordingCore implements WorkerCore {
  readonly seen: Message[] = [];
  onMessage(_port: string, _topic: string, message: Message): void {
    this.seen.push(structuredClone(message));
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

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function makeShell(runDir: string, ipc: (name: string) => string): { shell: WorkerShell; core: RecordingCore } {
  const core = new RecordingCore();
  const shell = new WorkerShell({
    worker: 'late-join-test',
    runDir,
    ctlEndpoint: ipc('ctl'),
    ports: [{ name: 'exec', kind: 'sub', endpoint: ipc('exec'), prefixes: [topics.prefix('account')], resync: { endpoint: ipc('exec-snap'), prefix: '' } }],
    timerMs: 60_000,
    heartbeatMs: 60_000,
    validation: new InstrumentRegistry([]),
    makeCore: () => core,
  });
  return { shell, core };
}

describe('a worker shell’s subscription joining late', () => {
  it('gets a venue account published after its first catch-up but before its SUB connected, and recovers the same', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'tt-late-join-'));
    const ipc = (name: string) => `ipc://${join(runDir, `${name}.sock`)}`;
    const execution = new StreamOwner(ipc('exec'), ipc('exec-snap'));
    cleanups.push(() => {
      execution.close();
      rmSync(runDir, { recursive: true, force: true });
    });
    await execution.start();
    const { shell, core } = makeShell(runDir, ipc);
    const running = shell.run();
    await vi.waitFor(() => expect(execution.answered).toBeGreaterThan(0), { timeout: 10_000 });
    // Published while the PUB has no subscriber (not even bound): only a catch-up can bring it.
    const account = marginAccount();
    execution.emit(account.topic, account.message);
    await execution.bindPublisher();
    await vi.waitFor(() => expect(core.seen.map((m) => m.type)).toEqual(['VenueAccount']), { timeout: 10_000, interval: 50 });
    await shell.stop('test');
    await running;

    const again = makeShell(runDir, ipc);
    const recovered = again.shell.run();
    await vi.waitFor(() => expect(again.core.seen).toEqual(core.seen), { timeout: 10_000, interval: 50 });
    await again.shell.stop('test');
    await recovered;
  });
});
