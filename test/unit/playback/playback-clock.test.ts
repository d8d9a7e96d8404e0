import { describe, expect, it } from 'vitest';
import { PlaybackClock } from '../../../src-main/playback/playback-clock.js';

const SPAN = { session: 's', start: 1_000_000, end: 61_000_000 };

describe('PlaybackClock', () => {
  it('starts paused at the start and stands still while paused', () => {
    const clock = new PlaybackClock(SPAN);
    expect(clock.advance(5_000)).toBe(SPAN.start);
    expect(clock.status()).toEqual({ ...SPAN, at: SPAN.start, playing: false, speed: 1 });
  });

  it.each([
    [1, 250, 1_250_000],
    [10, 250, 3_500_000],
    [100, 250, 26_000_000],
  ] as const)('at %d× moves %d ms of wall time to %d µs', (speed, wallMs, at) => {
    const clock = new PlaybackClock(SPAN);
    clock.setSpeed(speed);
    clock.setPlaying(true);
    expect(clock.advance(wallMs)).toBe(at);
  });

  it('pauses at the end, and playing again starts over', () => {
    const clock = new PlaybackClock(SPAN);
    clock.setSpeed(100);
    clock.setPlaying(true);
    expect(clock.advance(10_000)).toBe(SPAN.end);
    expect(clock.playing).toBe(false);
    clock.setPlaying(true);
    expect(clock.at).toBe(SPAN.start);
  });

  it('holds a move within the session', () => {
    const clock = new PlaybackClock(SPAN);
    clock.seek(0);
    expect(clock.at).toBe(SPAN.start);
    clock.seek(99_000_000);
    expect(clock.at).toBe(SPAN.end);
  });

  it('at full speed only follows where the player got to', () => {
    const clock = new PlaybackClock(SPAN);
    clock.setSpeed(0);
    clock.setPlaying(true);
    expect(clock.advance(1_000)).toBe(SPAN.start);
    clock.reached(30_000_000);
    expect(clock.at).toBe(30_000_000);
    clock.reached(SPAN.end);
    expect(clock.playing).toBe(false);
  });
});
