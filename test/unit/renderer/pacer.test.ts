import { describe, expect, it } from 'vitest';
import { Pacer, type PacerClock } from '../../../src-renderer/src/model/pacer.js';

/** A clock that moves only when told, with the timers it was asked for. */
class FakeClock implements PacerClock {
  at = 1_000;
  timers: Array<{ due: number; callback: () => void; live: boolean }> = [];

  now(): number {
    return this.at;
  }

  setTimer(callback: () => void, ms: number): () => void {
    const timer = { due: this.at + ms, callback, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  advance(ms: number): void {
    this.at += ms;
    for (const timer of this.timers.filter((t) => t.live && t.due <= this.at)) {
      timer.live = false;
      timer.callback();
    }
  }

  get waiting(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

describe('Pacer', () => {
  it('runs the first request at once, so a quiet market shows its next trade without delay', () => {
    const clock = new FakeClock();
    let runs = 0;
    const pacer = new Pacer(() => (runs += 1), 100, clock);
    pacer.request();
    expect(runs).toBe(1);
    expect(clock.waiting).toBe(0);
  });

  it('serves every request within the interval with one run at its end', () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    let value = 0;
    const pacer = new Pacer(() => seen.push(value), 100, clock);
    value = 1;
    pacer.request();
    for (let step = 2; step <= 5; step += 1) {
      clock.advance(16);
      value = step;
      pacer.request();
    }
    expect(seen).toEqual([1]);
    clock.advance(35);
    expect(seen).toEqual([1]);
    clock.advance(1);
    // The run at the interval's end draws the newest value, not each one in between.
    expect(seen).toEqual([1, 5]);
  });

  it('runs a request three quarters of the interval after the last run at once, in the frame its data came in', () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const tape = new Pacer(() => runs.push(clock.now()), 100, clock);
    // The host's market frames, every third 16 ms tick: the tape draws with every second one, none on a timer.
    for (let frame = 0; frame < 10; frame += 1) {
      tape.request();
      clock.advance(48);
    }
    expect(runs).toEqual([1000, 1096, 1192, 1288, 1384]);
    // The data stops after a request that had to wait (at 1,432): its timer draws it at the interval's end.
    clock.advance(3);
    expect(runs).toHaveLength(5);
    clock.advance(1);
    clock.advance(500);
    expect(runs.slice(5)).toEqual([1484]);
  });

  it('runs at most once per three quarters of the interval however often it is asked', () => {
    const clock = new FakeClock();
    let runs = 0;
    const pacer = new Pacer(() => (runs += 1), 100, clock);
    for (let frame = 0; frame < 60; frame += 1) {
      pacer.request();
      clock.advance(1000 / 60);
    }
    // Sixty frames over one second: every fifth frame (83 ms) runs, from the first on.
    expect(runs).toBe(12);
  });

  it('cancel drops a waiting run', () => {
    const clock = new FakeClock();
    let runs = 0;
    const pacer = new Pacer(() => (runs += 1), 100, clock);
    pacer.request();
    clock.advance(10);
    pacer.request();
    pacer.cancel();
    clock.advance(200);
    expect(runs).toBe(1);
    // A request after the cancel, past the interval, runs at once again.
    pacer.request();
    expect(runs).toBe(2);
  });
});
