/**
 * Plays a recorded session into the windows: a display frame every 16 ms carries what the recording says happened
 * since the last one, at 1×, 10× or 100× the recorded pace or as fast as the host can apply it; pausing holds the
 * moment; a move to another moment (scrubbing) rebuilds the state there — from the start when going back, onwards
 * when going forward — and sends the windows the whole picture afresh, as to a newly opened window.
 */
import { performance } from 'node:perf_hooks';
import type { HostToRenderer, PlaybackSpeed } from '../../workers/protocol/channels.js';
import type { Timeframe } from '../../workers/protocol/messages.js';
import { PlaybackClock } from './playback-clock.js';
import { PlaybackView } from './playback-view.js';
import { indexAfter, type SessionTimeline } from './session-timeline.js';

/** Timings of the player (tests and the benchmark pass their own). */
export interface PlayerTimings {
  frameMs: number;
  /** How often the slower-moving state (workers, positions, risk) is sent while playing. */
  stateMs: number;
  /** How often the playback position is sent while playing. */
  statusMs: number;
  /** Wall time per frame spent applying the recording at full speed, so the host stays responsive. */
  budgetMs: number;
  /** Frames between keyframes; by default the session's length over 40, at least 2,000. */
  keyframeGap?: number;
}

const DEFAULT_TIMINGS: PlayerTimings = { frameMs: 16, stateMs: 250, statusMs: 100, budgetMs: 10 };

/** Keyframes kept over a session at most, and the fewest frames between two: a scrub back replays less than that. */
const MAX_KEYFRAMES = 40;
const MIN_KEYFRAME_GAP = 2_000;

/** The state after the first `index` entries, brought to `time`. */
interface Keyframe {
  index: number;
  time: number;
  view: PlaybackView;
}

/** One open recorded session. */
export class SessionPlayer {
  readonly clock: PlaybackClock;
  private view: PlaybackView;
  /** Entries before this index have been applied; `appliedTo` is the moment they bring the view to. */
  private next = 0;
  private appliedTo: number;
  private pendingSeek: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private lastState = 0;
  private lastStatus = 0;
  private readonly timings: PlayerTimings;
  /** Keyframes in order of their index; the first is the empty state at the start. */
  private readonly keyframes: Keyframe[] = [];
  private readonly keyframeGap: number;

  constructor(
    readonly timeline: SessionTimeline,
    private readonly broadcast: (message: HostToRenderer) => void,
    timings: Partial<PlayerTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
    const name = timeline.dir.split(/[\\/]/).filter(Boolean).at(-1) ?? timeline.dir;
    this.clock = new PlaybackClock({ session: name, start: timeline.start, end: timeline.end });
    this.view = new PlaybackView(timeline);
    this.appliedTo = timeline.start;
    this.keyframeGap = this.timings.keyframeGap ?? Math.max(MIN_KEYFRAME_GAP, Math.ceil(timeline.entries.length / MAX_KEYFRAMES));
    this.keyframes.push({ index: 0, time: timeline.start, view: this.view.clone() });
    this.applyUntil(timeline.start);
  }

  start(): void {
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), this.timings.frameMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** What a window opened now needs: the whole picture at the current moment (the others' next frame untouched). */
  current(): HostToRenderer[] {
    return this.view.current(this.clock.status());
  }

  /** The whole picture at the current moment for every window at once: after opening, or a move. */
  pictureForAll(): HostToRenderer[] {
    return this.view.pictureForAll(this.clock.status());
  }

  /** Play, pause, change speed or move: a move is carried out on the next frame (the newest one wins). */
  command(change: { playing?: boolean; speed?: PlaybackSpeed; at?: number }): void {
    if (change.speed !== undefined) this.clock.setSpeed(change.speed);
    if (change.at !== undefined) this.pendingSeek = change.at;
    if (change.playing !== undefined) {
      const wasAtEnd = this.clock.at >= this.timeline.end;
      this.clock.setPlaying(change.playing);
      // Playing from the end starts over: the picture goes back to the start.
      if (change.playing && wasAtEnd && this.pendingSeek === undefined) this.pendingSeek = this.timeline.start;
    }
    this.lastTick = performance.now();
    this.broadcast({ channel: 'playback', ...this.clock.status() });
  }

  /** The chart's bars as known at the current moment; later bars follow as frames. */
  chart(venue: string, symbol: string, tf: Timeframe): void {
    this.broadcast(this.view.history(venue, symbol, tf));
  }

  /** Moves the view to `timeUs` at once (the frame timer does this for a pending move); returns the entries applied. */
  moveTo(timeUs: number): number {
    this.clock.seek(timeUs);
    const target = this.clock.at;
    if (target < this.appliedTo) {
      // Back: from the last keyframe at or before the target (a copy: the keyframe stays as it was).
      const end = indexAfter(this.timeline.entries, target);
      const keyframe = [...this.keyframes].reverse().find((k) => k.index <= end && k.time <= target) ?? this.keyframes[0]!;
      this.view = keyframe.view.clone();
      this.next = keyframe.index;
      this.appliedTo = keyframe.time;
    }
    return this.applyUntil(target);
  }

  /** How many keyframes a scrub back can start from. */
  get keyframeCount(): number {
    return this.keyframes.length;
  }

  /** The index up to which entries are applied. */
  get applied(): number {
    return this.next;
  }

  private tick(): void {
    const now = performance.now();
    const wallMs = now - this.lastTick;
    this.lastTick = now;
    if (this.pendingSeek !== undefined) {
      const at = this.pendingSeek;
      this.pendingSeek = undefined;
      this.moveTo(at);
      for (const message of this.pictureForAll()) this.broadcast(message);
      this.lastState = this.lastStatus = now;
      return;
    }
    if (!this.clock.playing) return;
    if (this.clock.speed === 0) this.applyForBudget(now);
    else this.applyUntil(this.clock.advance(wallMs));
    for (const message of this.view.frame()) this.broadcast(message);
    const ended = !this.clock.playing;
    if (ended || now - this.lastState >= this.timings.stateMs) {
      this.lastState = now;
      this.broadcast(this.view.state(this.clock.at));
    }
    if (ended || now - this.lastStatus >= this.timings.statusMs) {
      this.lastStatus = now;
      this.broadcast({ channel: 'playback', ...this.clock.status() });
    }
  }

  /** Applies entries recorded up to `timeUs`. */
  private applyUntil(timeUs: number): number {
    const end = indexAfter(this.timeline.entries, timeUs);
    const from = this.next;
    while (this.next < end) this.applyNext();
    this.appliedTo = Math.max(this.appliedTo, timeUs);
    return this.next - from;
  }

  /** Applies the next entry, and keeps a keyframe after every `keyframeGap` entries the first time it gets there. */
  private applyNext(): void {
    const entry = this.timeline.entries[this.next]!;
    this.view.apply(entry);
    this.next += 1;
    const last = this.keyframes[this.keyframes.length - 1]!;
    if (this.next % this.keyframeGap === 0 && this.next > last.index) this.keyframes.push({ index: this.next, time: entry.time, view: this.view.clone() });
  }

  /** Full speed: applies entries in order until this frame's budget is spent, then shows where it got to. */
  private applyForBudget(startedAt: number): void {
    const { entries } = this.timeline;
    const deadline = startedAt + this.timings.budgetMs;
    while (this.next < entries.length) {
      const stop = Math.min(entries.length, this.next + 256);
      while (this.next < stop) this.applyNext();
      if (performance.now() >= deadline) break;
    }
    const reached = this.next >= entries.length ? this.timeline.end : entries[this.next - 1]?.time ?? this.timeline.start;
    this.appliedTo = Math.max(this.appliedTo, reached);
    this.clock.reached(reached);
  }
}
