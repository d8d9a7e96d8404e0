/**
 * Time travel with real processes: a session recorded while a strategy trades and the risk worker is killed with -9
 * plays back, at its end, to exactly the positions, order totals, orders and fills the live host showed, with the
 * risk worker's restart in the Workers rows; scrubbing back gives the same picture as going there directly; and while
 * the recording is shown in the windows, nothing reaches the live session.
 */
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostToRenderer } from '../../workers/protocol/channels.js';
import { loadTimeline } from '../../src-main/playback/session-timeline.js';
import { SessionPlayer } from '../../src-main/playback/session-player.js';
import { PlaybackView } from '../../src-main/playback/playback-view.js';
import { pingStrategy, startTestTerminal, type TestTerminal } from './helpers/host-harness.js';

type Channel = HostToRenderer['channel'];
const pick = <C extends Channel>(messages: HostToRenderer[], channel: C) => messages.find((m) => m.channel === channel) as Extract<HostToRenderer, { channel: C }>;

/** What a window shows of trading, in a comparable form. */
function picture(messages: HostToRenderer[]) {
  const state = pick(messages, 'state');
  return {
    positions: state.positions,
    totals: state.totals,
    orders: pick(messages, 'orders').orders.map((o) => `${o.clientOrderId}:${o.state}:${o.filledQty}`).sort(),
    fills: pick(messages, 'fills').fills.map((f) => f.fillId).sort(),
  };
}

function playedToEnd(runDir: string): { player: SessionPlayer; messages: HostToRenderer[] } {
  const player = new SessionPlayer(loadTimeline(runDir), () => undefined);
  player.moveTo(player.timeline.end);
  return { player, messages: player.current() };
}

describe('playing back a recorded session', () => {
  let terminal: TestTerminal;

  beforeAll(async () => {
    terminal = await startTestTerminal({ strategies: [pingStrategy(5)] });
  });

  afterAll(async () => {
    await terminal?.stop();
  });

  it('reaches at its end exactly what the live host showed, restarts included', async () => {
    const { host } = terminal;
    await terminal.waitFor('fills', () => terminal.summary().orders.fills >= 10);
    const risk = () => host.supervisor.statuses().find((s) => s.name === 'risk')!;
    process.kill(risk().pid, 'SIGKILL');
    await terminal.waitFor('risk back', () => risk().restarts === 1 && risk().state === 'running');
    const fillsAfter = terminal.summary().orders.fills + 10;
    await terminal.waitFor('more fills', () => terminal.summary().orders.fills >= fillsAfter);
    await host.supervisor.stop('strategy');
    // The recording catches up with the live session (whose marks go on moving with the market): compare the two as
    // taken together, until they agree or the time is up; the last pair taken is what the assertion sees.
    let pair = { played: picture(playedToEnd(terminal.runDir).messages), live: picture(host.api.current()), messages: [] as HostToRenderer[] };
    const deadline = Date.now() + 30_000;
    while (JSON.stringify(pair.played) !== JSON.stringify(pair.live) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { messages } = playedToEnd(terminal.runDir);
      pair = { played: picture(messages), live: picture(host.api.current()), messages };
    }
    expect(pair.played).toEqual(pair.live);
    const messages = pair.messages.length > 0 ? pair.messages : playedToEnd(terminal.runDir).messages;
    expect(picture(messages).fills.length).toBeGreaterThanOrEqual(20);
    const workers = pick(messages, 'state').workers;
    expect(workers.find((w) => w.name === 'risk')).toMatchObject({ state: 'running', restarts: 1 });
    expect(workers.find((w) => w.name === 'strategy')).toMatchObject({ state: 'stopped', wanted: false });
  });

  it('shows the same picture at any moment whether scrubbed back to (from a keyframe) or gone to directly', () => {
    const timeline = loadTimeline(terminal.runDir);
    // Keyframes every 50 frames, so scrubs back start from many different ones.
    const player = new SessionPlayer(timeline, () => undefined, { keyframeGap: 50 });
    player.moveTo(timeline.end);
    expect(player.keyframeCount).toBeGreaterThan(10);
    const endFills = picture(player.current()).fills.length;
    for (const share of [0.9, 0.5, 0.77, 0.1, 0.33]) {
      const moment = Math.round(timeline.start + (timeline.end - timeline.start) * share);
      player.moveTo(moment);
      const scrubbed = player.current();
      const direct = new SessionPlayer(timeline, () => undefined);
      direct.moveTo(moment);
      const fresh = direct.current();
      expect(picture(scrubbed), `at ${share}`).toEqual(picture(fresh));
      expect(pick(scrubbed, 'market').books, `at ${share}`).toEqual(pick(fresh, 'market').books);
      expect(pick(scrubbed, 'state').workers, `at ${share}`).toEqual(pick(fresh, 'state').workers);
      if (share < 0.5) expect(picture(scrubbed).fills.length).toBeLessThan(endFills);
    }
  });

  it('reads the same recording on a worker thread as on the host\'s own', async () => {
    const { loadTimelineOffThread } = (await import(new URL('../../dist/src-main/playback/timeline-loader.js', import.meta.url).href)) as typeof import('../../src-main/playback/timeline-loader.js');
    // The live session goes on recording: what the thread read first is the start of what is read here after.
    const there = await loadTimelineOffThread(terminal.runDir);
    const here = loadTimeline(terminal.runDir);
    expect(there.entries.length).toBeGreaterThan(100);
    const text = (e: (typeof here.entries)[number]) => `${e.time}:${e.stream}:${e.topic}:${Buffer.from(e.payload).toString('base64')}`;
    expect(there.entries.map(text)).toEqual(here.entries.slice(0, there.entries.length).map(text));
    expect([there.start, there.config]).toEqual([here.start, here.config]);
    await expect(loadTimelineOffThread(`${terminal.runDir}-missing`)).rejects.toThrow(/not found: not a session folder/);
  });

  it("gives a window opened mid-playback the whole picture without taking the other windows' next frame", () => {
    const timeline = loadTimeline(terminal.runDir);
    const watched = new PlaybackView(timeline);
    const twin = new PlaybackView(timeline);
    const middle = Math.floor(timeline.entries.length / 2);
    for (const entry of timeline.entries.slice(0, middle)) {
      watched.apply(entry);
      twin.apply(entry);
    }
    const status = { session: 'test', start: timeline.start, end: timeline.end, at: timeline.entries[middle - 1]!.time, playing: true, speed: 1 as const };
    const opened = watched.current(status);
    expect(picture(opened).orders.length).toBeGreaterThan(0);
    const next = watched.frame();
    expect(next.length).toBeGreaterThan(0);
    expect(next).toEqual(twin.frame());
  });

  it('shows the recording in the windows and refuses to act on the live session meanwhile', async () => {
    const { api } = terminal.host;
    const seen: HostToRenderer[] = [];
    const dispose = api.subscribe((message) => seen.push(message));
    try {
      api.handle({ channel: 'listSessions' });
      const listed = pick(seen, 'sessions').sessions.find((s) => s.name === basename(terminal.runDir));
      expect(listed).toMatchObject({ current: true });
      api.handle({ channel: 'openSession', session: basename(terminal.runDir) });
      // Read on a worker thread: the windows see it once it is loaded.
      await terminal.waitFor('the recording in the windows', () => seen.some((m) => m.channel === 'hello' && m.replay?.session === basename(terminal.runDir)));
      expect(pick(api.current(), 'hello').replay).toBeDefined();
      const submitted = terminal.summary().orders.submitted;
      api.handle({ channel: 'submitOrder', venue: 'sim', symbol: 'BTC-USD', side: 'buy', orderType: 'market', price: 0, qty: 1, tif: 'IOC' });
      expect(seen.some((m) => m.channel === 'log' && /submitOrder not carried out: a recorded session is shown/.test(m.text))).toBe(true);
      api.handle({ channel: 'playback', speed: 0, playing: true });
      await terminal.waitFor('the playback to reach the end', () => seen.some((m) => m.channel === 'playback' && !m.playing && m.at === m.end));
      api.handle({ channel: 'closeSession' });
      expect(pick(api.current(), 'hello').replay).toBeUndefined();
      expect(terminal.summary().orders.submitted).toBe(submitted);
    } finally {
      dispose();
    }
  });
});
