/**
 * Where a recorded session's playback stands: the moment shown, playing or paused, and the speed. Pure: the player
 * tells it how much wall time passed, and it says which moment to show. At full speed (0) the moment is wherever
 * the player got to in its time budget, so the clock only follows.
 */
import type { PlaybackSpeed, PlaybackStatus, ReplayInfo } from '../../workers/protocol/channels.js';

/** The playback's clock over one session's span. */
export class PlaybackClock {
  private atUs: number;
  private playingNow = false;
  private speedNow: PlaybackSpeed = 1;

  constructor(private readonly span: ReplayInfo) {
    this.atUs = span.start;
  }

  get at(): number {
    return this.atUs;
  }

  get playing(): boolean {
    return this.playingNow;
  }

  get speed(): PlaybackSpeed {
    return this.speedNow;
  }

  /** Plays or pauses; playing from the end starts again from the beginning (as a media player does). */
  setPlaying(playing: boolean): void {
    if (playing && this.atUs >= this.span.end) this.atUs = this.span.start;
    this.playingNow = playing;
  }

  setSpeed(speed: PlaybackSpeed): void {
    this.speedNow = speed;
  }

  /** Moves to `timeUs`, held within the session. */
  seek(timeUs: number): void {
    this.atUs = Math.min(this.span.end, Math.max(this.span.start, timeUs));
  }

  /**
   * The moment to show after `wallMs` of wall time at a fixed speed (unchanged when paused or at full speed); at the
   * end, playback pauses there.
   */
  advance(wallMs: number): number {
    if (this.playingNow && this.speedNow !== 0) this.seek(this.atUs + Math.round(wallMs * 1000 * this.speedNow));
    if (this.atUs >= this.span.end) this.playingNow = false;
    return this.atUs;
  }

  /** At full speed: the player reached `timeUs` (pauses at the end). */
  reached(timeUs: number): void {
    this.seek(timeUs);
    if (this.atUs >= this.span.end) this.playingNow = false;
  }

  status(): PlaybackStatus {
    return { ...this.span, at: this.atUs, playing: this.playingNow, speed: this.speedNow };
  }
}
