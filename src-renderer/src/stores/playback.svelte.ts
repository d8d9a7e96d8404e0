/**
 * Time travel as the windows see it: whether a recorded session is shown instead of the live one, where its playback
 * stands, and the recorded sessions the picker lists. The host plays the recording; this store only mirrors it and
 * builds the commands that steer it.
 */
import { PLAYBACK_SPEEDS, REPLAY_SAFE_CHANNELS, type HostToRenderer, type PlaybackSpeed, type PlaybackStatus, type RendererToHost, type ReplayInfo, type SessionSummary } from '../../../workers/protocol/channels.js';

type Send = (command: RendererToHost) => boolean;

/** A step of `,` / `.`: ten seconds of the recording. */
export const STEP_US = 10_000_000;

export class PlaybackStore {
  /** The recorded session shown, or undefined while the live session is. */
  replay = $state.raw<ReplayInfo | undefined>(undefined);
  status = $state.raw<PlaybackStatus | undefined>(undefined);
  sessions = $state.raw<SessionSummary[]>([]);
  pickerOpen = $state(false);

  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /** A hello says which session the windows show now. */
  applyHello(message: Extract<HostToRenderer, { channel: 'hello' }>): void {
    this.replay = message.replay;
    if (message.replay === undefined) this.status = undefined;
  }

  applyStatus(message: Extract<HostToRenderer, { channel: 'playback' }>): void {
    const { channel: _channel, ...status } = message;
    this.status = status;
  }

  applySessions(message: Extract<HostToRenderer, { channel: 'sessions' }>): void {
    this.sessions = message.sessions;
  }

  /** True if `command` may go to the host while a recording is shown (it does not act on the live session). */
  allows(command: RendererToHost): boolean {
    return this.replay === undefined || REPLAY_SAFE_CHANNELS.has(command.channel);
  }

  openPicker(): void {
    this.pickerOpen = true;
    this.#send({ channel: 'listSessions' });
  }

  open(session: string): void {
    this.pickerOpen = false;
    this.#send({ channel: 'openSession', session });
  }

  backToLive(): void {
    if (this.replay !== undefined) this.#send({ channel: 'closeSession' });
  }

  togglePlaying(): void {
    if (this.status !== undefined) this.#send({ channel: 'playback', playing: !this.status.playing });
  }

  setSpeed(speed: PlaybackSpeed): void {
    if (this.replay !== undefined) this.#send({ channel: 'playback', speed });
  }

  /** The next faster (1) or slower (-1) speed; full speed is the fastest. */
  stepSpeed(direction: 1 | -1): void {
    const order: PlaybackSpeed[] = [...PLAYBACK_SPEEDS];
    const index = order.indexOf(this.status?.speed ?? 1);
    const next = order[Math.min(order.length - 1, Math.max(0, index + direction))];
    if (next !== undefined) this.setSpeed(next);
  }

  seek(atUs: number): void {
    if (this.replay !== undefined) this.#send({ channel: 'playback', at: Math.max(0, Math.round(atUs)) });
  }

  /** Moves by `deltaUs` from the moment shown. */
  step(deltaUs: number): void {
    if (this.status !== undefined) this.seek(Math.min(this.status.end, Math.max(this.status.start, this.status.at + deltaUs)));
  }
}
