import { describe, expect, it, vi } from 'vitest';
import { deliverCommand, parseRendererCommand } from '../../../src-main/bridge/renderer-command.js';
import { FakeHostApi } from '../../fixtures/fake-host-api.js';

describe('parseRendererCommand', () => {
  it('accepts every channel of the map with its fields', () => {
    expect(parseRendererCommand({ channel: 'startWorker', name: 'feed' })).toEqual({
      ok: true,
      command: { channel: 'startWorker', name: 'feed' },
    });
    expect(parseRendererCommand({ channel: 'stopWorker', name: 'risk' })).toMatchObject({ ok: true });
  });

  it.each([
    ['not a map', 'startWorker', /not a map/],
    ['an array', [{ channel: 'startWorker', name: 'feed' }], /not a map/],
    ['null', null, /not a map/],
    ['an unknown channel', { channel: 'submitOrder', name: 'feed' }, /unknown channel "submitOrder"/],
    ['an inherited name as channel', { channel: 'toString', name: 'feed' }, /unknown channel/],
    ['a missing field', { channel: 'stopWorker' }, /stopWorker.name must be a string/],
    ['a field of the wrong type', { channel: 'stopWorker', name: 7 }, /got 7/],
    ['an empty name', { channel: 'stopWorker', name: '' }, /stopWorker.name/],
    ['an overlong name', { channel: 'stopWorker', name: 'x'.repeat(101) }, /1\.\.100/],
    ['an extra field', { channel: 'stopWorker', name: 'feed', force: true }, /unexpected field "force"/],
    ['a map with its own toString', { channel: { toString: 1 } }, /unknown channel a map/],
  ])('refuses %s', (_label, value, reason) => {
    const parsed = parseRendererCommand(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('deliverCommand', () => {
  it('hands valid commands to the host and reports the rest', () => {
    const host = new FakeHostApi();
    const reasons: string[] = [];
    expect(deliverCommand(host, { channel: 'startWorker', name: 'feed' }, (r) => reasons.push(r))).toBe(true);
    expect(deliverCommand(host, { channel: 'nope' }, (r) => reasons.push(r))).toBe(false);
    expect(host.handled).toEqual([{ channel: 'startWorker', name: 'feed' }]);
    expect(reasons).toHaveLength(1);
  });

  it('does not throw when the host does', () => {
    const host = new FakeHostApi();
    host.handle = () => {
      throw new Error('no such worker');
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(deliverCommand(host, { channel: 'stopWorker', name: 'ghost' })).toBe(false);
      expect(logged).toHaveBeenCalledOnce();
    } finally {
      logged.mockRestore();
    }
  });
});
