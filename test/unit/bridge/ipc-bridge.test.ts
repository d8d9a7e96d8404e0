import { describe, expect, it, vi } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { connectPort } from '../../../src-main/bridge/ipc-bridge.js';
import { FakeHostApi, sampleLog, sampleState } from '../../fixtures/fake-host-api.js';

/** A connected pair: the host end served by the bridge, and the window end the test plays. */
function connect(options: { onRefused?(reason: string): void } = {}) {
  const host = new FakeHostApi();
  const { port1, port2 } = new MessageChannel();
  const received: unknown[] = [];
  port2.on('message', (message: unknown) => received.push(message));
  const dispose = connectPort(host, port1, options);
  return { host, window: port2, received, dispose };
}

function closed(port: MessagePort): Promise<void> {
  return new Promise((resolve) => port.once('close', () => resolve()));
}

describe('connectPort', () => {
  it('sends the snapshot (hello, state) first, then every update', async () => {
    const { host, window, received, dispose } = connect();
    const update = sampleState(2);
    host.push(sampleLog('hello'));
    host.push(update);
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received).toEqual([...host.current(), sampleLog('hello'), update]);
    expect((received[0] as { channel: string }).channel).toBe('hello');
    dispose();
    window.close();
  });

  it('forwards a valid command to the host', async () => {
    const { host, window, dispose } = connect();
    const order = { channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'sell', orderType: 'market', price: 0, qty: 3, tif: 'IOC' };
    window.postMessage({ channel: 'stopWorker', name: 'feed' });
    window.postMessage(order);
    await vi.waitFor(() => expect(host.handled).toEqual([{ channel: 'stopWorker', name: 'feed' }, order]));
    dispose();
    window.close();
  });

  it('counts and ignores bad commands, and keeps serving', async () => {
    const reasons: string[] = [];
    const { host, window, dispose } = connect({ onRefused: (reason) => reasons.push(reason) });
    window.postMessage({ channel: 'deleteEverything', name: 'feed' });
    window.postMessage({ channel: 'startWorker', name: 42 });
    window.postMessage({ channel: 'startWorker', name: 'feed', extra: true });
    window.postMessage('startWorker');
    window.postMessage({ channel: 'startWorker', name: 'risk' });
    // Ports deliver in order: once the good command is handled, the bad ones before it have been seen.
    await vi.waitFor(() => expect(host.handled).toHaveLength(1));
    expect(host.handled).toEqual([{ channel: 'startWorker', name: 'risk' }]);
    expect(reasons).toHaveLength(4);
    expect(reasons[0]).toMatch(/unknown channel/);
    dispose();
    window.close();
  });

  it('stops updates and closes the port when disposed', async () => {
    const { host, window, received, dispose } = connect();
    await vi.waitFor(() => expect(received).toHaveLength(2));
    const windowClosed = closed(window);
    dispose();
    expect(host.listeners.size).toBe(0);
    await windowClosed;
    dispose(); // idempotent
  });

  it('disposes itself when the window end closes', async () => {
    const { host, window } = connect();
    expect(host.listeners.size).toBe(1);
    window.close();
    await vi.waitFor(() => expect(host.listeners.size).toBe(0));
  });
});
