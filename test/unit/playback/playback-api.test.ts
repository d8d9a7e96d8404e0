/**
 * Opening a recorded session from the windows: the recording is read off the host's thread, so the host answers
 * meanwhile; what finishes loading after the user closed it, or opened another, is dropped.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostApi } from '../../../src-main/host-api.js';
import { withPlayback } from '../../../src-main/playback/playback-api.js';
import type { SessionTimeline } from '../../../src-main/playback/session-timeline.js';
import { InstrumentRegistry } from '../../../workers/core/instrument.js';
import type { HostToRenderer } from '../../../workers/protocol/channels.js';
import { defaultConfig } from '../../../workers/protocol/config.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A sessions folder with the named (empty) recordings, and a loader the test resolves by hand. */
function setup(names: string[]) {
  const root = mkdtempSync(join(tmpdir(), 'tt-playback-api-'));
  roots.push(root);
  for (const name of names) {
    mkdirSync(join(root, name, 'journal'), { recursive: true });
    writeFileSync(join(root, name, 'journal', 'config.json'), '{}');
  }
  const pending = new Map<string, (timeline: SessionTimeline) => void>();
  const load = (dir: string) => new Promise<SessionTimeline>((resolve) => pending.set(dir, resolve));
  const finish = (name: string): void => {
    const dir = join(root, name);
    const config = defaultConfig(dir);
    pending.get(dir)?.({ dir, config, registry: new InstrumentRegistry(config.instruments), entries: [], marks: [], start: 1_000, end: 2_000, notes: [] });
  };
  const live: HostApi & { close(): void } = {
    current: () => [{ channel: 'log', worker: 'host', level: 'info', text: 'live picture', time: 0 }],
    subscribe: () => () => undefined,
    handle: () => undefined,
    close: () => undefined,
  };
  const api = withPlayback(live, { sessionsRoot: root, currentSession: 'now', load, timings: { frameMs: 60_000 } });
  const seen: HostToRenderer[] = [];
  api.subscribe((message) => seen.push(message));
  const shown = () => seen.filter((m) => m.channel === 'hello').map((m) => (m.channel === 'hello' ? m.replay?.session : undefined));
  return { api, finish, seen, shown, settle: () => new Promise((resolve) => setImmediate(resolve)) };
}

describe('opening a recorded session', () => {
  it('shows it in every window once read, and says it is opening meanwhile', async () => {
    const { api, finish, seen, shown, settle } = setup(['a']);
    api.handle({ channel: 'openSession', session: 'a' });
    expect(seen.some((m) => m.channel === 'log' && m.text.includes('opening recorded session a'))).toBe(true);
    expect(api.player()).toBeUndefined();
    finish('a');
    await settle();
    expect(shown()).toEqual(['a']);
    expect(api.player()?.timeline.dir).toContain('a');
    api.close();
  });

  it('drops a recording that finished loading after the user went back to live', async () => {
    const { api, finish, shown, settle } = setup(['a']);
    api.handle({ channel: 'openSession', session: 'a' });
    api.handle({ channel: 'closeSession' });
    finish('a');
    await settle();
    expect(shown()).toEqual([]);
    expect(api.player()).toBeUndefined();
    api.close();
  });

  it('shows only the last of two sessions opened one after the other, whichever loads first', async () => {
    const { api, finish, shown, settle } = setup(['a', 'b']);
    api.handle({ channel: 'openSession', session: 'a' });
    api.handle({ channel: 'openSession', session: 'b' });
    finish('b');
    finish('a');
    await settle();
    expect(shown()).toEqual(['b']);
    api.close();
  });
});
