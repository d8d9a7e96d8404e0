/**
 * The host's bus monitor as a late joiner: its first catch-up can be answered before its subscription is connected
 * (the host follows the streams before the workers have bound them), and what the owner publishes in between reaches
 * no subscriber. The monitor must catch up again once connected, or a state published once (a futures account's
 * margin) stays missing until it next changes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BusMonitor } from '../../../src-main/host/bus-monitor.js';
import type { Endpoints } from '../../../workers/protocol/config.js';
import { marginAccount, StreamOwner } from '../../fakes/stream-owner.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function endpointsIn(dir: string): Endpoints {
  const ipc = (name: string) => `ipc://${join(dir, `${name}.sock`)}`;
  return { exec: ipc('exec'), execSnap: ipc('exec-snap'), risk: ipc('risk'), riskSnap: ipc('risk-snap') } as Endpoints;
}

describe('the bus monitor joining late', () => {
  it('shows a venue account published after its first catch-up but before its subscription connected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-monitor-'));
    const endpoints = endpointsIn(dir);
    const execution = new StreamOwner(endpoints.exec, endpoints.execSnap);
    const monitor = new BusMonitor(endpoints, { isKnownInstrument: () => true });
    cleanups.push(() => {
      monitor.close();
      execution.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await execution.start();
    monitor.start();
    await vi.waitFor(() => expect(execution.answered).toBeGreaterThan(0), { timeout: 10_000 });
    // Published while the PUB has no subscriber (not even bound): only a catch-up can bring it.
    const account = marginAccount();
    execution.emit(account.topic, account.message);
    await execution.bindPublisher();
    await vi.waitFor(() => expect(monitor.venueAccounts.get('binanceusdm:fut')?.margin?.[0]?.walletBalance).toBe('10000'), { timeout: 10_000, interval: 50 });
  });
});
