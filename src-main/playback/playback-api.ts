/**
 * Time travel's door into the host: wraps the host's API so the windows can list the recorded sessions, open one and
 * play it, scrub it, and go back to the live session. While a recording is open every window shows it (the
 * recording's picture replaces the live one, and live updates are held back except the log and the History and
 * Backtest panels' answers); nothing that would act on the live session is carried out — it is refused with a line
 * in the log saying why. Going back to live sends every window the live picture afresh.
 */
import type { HostApi } from '../host-api.js';
import { REPLAY_SAFE_CHANNELS, type HostToRenderer, type RendererToHost } from '../../workers/protocol/channels.js';
import { SessionPlayer, type PlayerTimings } from './session-player.js';
import type { SessionTimeline } from './session-timeline.js';
import { loadTimelineOffThread } from './timeline-loader.js';
import { listSessions, sessionDir } from './session-list.js';

/** Where recorded sessions are and which is running. */
export interface PlaybackOptions {
  sessionsRoot: string;
  currentSession: string;
  timings?: Partial<PlayerTimings>;
  /** Reads a session folder's recording; by default on a worker thread, so the host goes on serving meanwhile. */
  load?: (dir: string) => Promise<SessionTimeline>;
}

/** Live messages that still reach the windows while a recording is shown. */
const LIVE_DURING_PLAYBACK: ReadonlySet<HostToRenderer['channel']> = new Set(['log', 'historyResult', 'backtest', 'sessions']);

/** `api` with recorded sessions openable in the windows; `close` stops a playback going on and then `api`. */
export function withPlayback<A extends HostApi & { close(): void }>(api: A, options: PlaybackOptions): HostApi & { close(): void; player(): SessionPlayer | undefined } {
  const listeners = new Set<(message: HostToRenderer) => void>();
  let player: SessionPlayer | undefined;
  const broadcast = (message: HostToRenderer): void => {
    for (const listener of listeners) listener(message);
  };
  const log = (level: 'info' | 'warn', text: string): void => broadcast({ channel: 'log', worker: 'host', level, text, time: Date.now() * 1000 });
  const showEveryone = (messages: HostToRenderer[]): void => {
    for (const message of messages) broadcast(message);
  };

  // Each open or close takes a new number: a recording that finishes loading after a later open or a close is dropped.
  let request = 0;
  const load = options.load ?? loadTimelineOffThread;

  const open = (name: string): void => {
    const dir = sessionDir(options.sessionsRoot, name);
    if (dir === undefined) return log('warn', `session ${name} not opened: no recorded session of that name in ${options.sessionsRoot}`);
    const mine = ++request;
    log('info', `opening recorded session ${name}…`);
    load(dir).then(
      (timeline) => {
        if (mine !== request) return;
        player?.stop();
        player = new SessionPlayer(timeline, broadcast, options.timings);
        player.start();
        const notes = timeline.notes;
        log('info', `viewing recorded session ${name} (${timeline.entries.length} recorded frames)${notes.length > 0 ? `: ${notes.join('; ')}` : ''}`);
        showEveryone(player.pictureForAll());
      },
      (error: Error) => {
        if (mine === request) log('warn', `session ${name} not opened: ${error.message}`);
      },
    );
  };

  const close = (): void => {
    request += 1;
    if (player === undefined) return;
    player.stop();
    player = undefined;
    log('info', 'back to the live session');
    showEveryone(api.current());
  };

  const handle = (command: RendererToHost): void => {
    switch (command.channel) {
      case 'listSessions':
        return broadcast({ channel: 'sessions', sessions: listSessions(options.sessionsRoot, options.currentSession) });
      case 'openSession':
        return open(command.session);
      case 'closeSession':
        return close();
      case 'playback': {
        if (player === undefined) return log('warn', 'no recorded session is open');
        const { channel: _channel, ...change } = command;
        return player.command(change);
      }
      case 'chart':
        if (player !== undefined) return player.chart(command.venue, command.symbol, command.tf);
        return api.handle(command);
      default:
        if (player === undefined || REPLAY_SAFE_CHANNELS.has(command.channel)) return api.handle(command);
        return log('warn', `${command.channel} not carried out: a recorded session is shown (go back to live to act on the live session)`);
    }
  };

  return {
    current: () => (player === undefined ? api.current() : player.current()),
    subscribe: (listener) => {
      listeners.add(listener);
      const dispose = api.subscribe((message) => {
        if (player === undefined || LIVE_DURING_PLAYBACK.has(message.channel)) listener(message);
      });
      return () => {
        listeners.delete(listener);
        dispose();
      };
    },
    handle,
    close: () => {
      request += 1;
      player?.stop();
      player = undefined;
      api.close();
    },
    player: () => player,
  };
}
