/**
 * The feed's data-quality checks, for every venue, on top of what each venue's adapter verifies: a book that is
 * crossed or locked (best bid ≥ best ask), a gap the venue reported (its book is being rebuilt), and no market data
 * for longer than the venue's configured time. Pure; says when an instrument's state changes, and what it is now.
 */
import type { DataQuality } from '../protocol/messages.js';

/** An instrument's quality as published. */
export interface QualityState {
  state: DataQuality;
  reason: string;
}

interface Tracked {
  /** The venue's own report: a gap with its reason, or undefined when its book is sound. */
  venueGap: string | undefined;
  crossed: string | undefined;
  /** µs of the last market data, or of the first look when there has been none. */
  lastDataAt: number;
  staleAfterUs: number;
  published: QualityState;
}

const OK: QualityState = { state: 'ok', reason: '' };

/** Per-instrument quality: see the module comment. Keys are whatever the caller uses (book topics). */
export class QualityMonitor {
  private readonly tracked = new Map<string, Tracked>();

  /** Follows `key`; `staleAfterUs` 0 = never stale. */
  add(key: string, staleAfterUs: number): void {
    this.tracked.set(key, { venueGap: undefined, crossed: undefined, lastDataAt: -1, staleAfterUs, published: OK });
  }

  /** Market data arrived. */
  onData(key: string, now: number): QualityState | undefined {
    const t = this.tracked.get(key);
    if (t === undefined) return undefined;
    t.lastDataAt = now;
    return this.update(t, now);
  }

  /** The venue says its book is sound again (`undefined`) or being rebuilt (the reason). */
  onVenueGap(key: string, reason: string | undefined, now: number): QualityState | undefined {
    const t = this.tracked.get(key);
    if (t === undefined) return undefined;
    t.venueGap = reason;
    return this.update(t, now);
  }

  /** The book's touch after a change (undefined sides are empty). */
  onTouch(key: string, bid: number | undefined, ask: number | undefined, now: number): QualityState | undefined {
    const t = this.tracked.get(key);
    if (t === undefined) return undefined;
    const crossed = bid !== undefined && ask !== undefined && bid >= ask;
    t.crossed = crossed ? `${bid === ask ? 'locked' : 'crossed'} book: best bid ${bid} ≥ best ask ${ask} (ticks)` : undefined;
    return this.update(t, now);
  }

  /** The clock moved: instruments silent for too long turn stale. Calls `changed` for each that changed. */
  onTime(now: number, changed: (key: string, state: QualityState) => void): void {
    for (const [key, t] of this.tracked) {
      if (t.staleAfterUs <= 0) continue;
      if (t.lastDataAt < 0) t.lastDataAt = now;
      const next = this.update(t, now);
      if (next !== undefined) changed(key, next);
    }
  }

  /** The current state of `key` (ok when unknown). */
  stateOf(key: string): QualityState {
    return this.tracked.get(key)?.published ?? OK;
  }

  /**
   * Recomputes; returns the new state only when the state itself changed (a reason that merely moves, like a
   * growing silence, is not news). A venue gap outranks a crossed book, which outranks silence.
   */
  private update(t: Tracked, now: number): QualityState | undefined {
    let next: QualityState = OK;
    if (t.venueGap !== undefined) next = { state: 'gap', reason: t.venueGap };
    else if (t.crossed !== undefined) next = { state: 'crossed', reason: t.crossed };
    else if (t.staleAfterUs > 0 && t.lastDataAt >= 0 && now - t.lastDataAt > t.staleAfterUs) {
      next = { state: 'stale', reason: `no market data for more than ${Math.round(t.staleAfterUs / 1000)} ms` };
    }
    if (next.state === t.published.state) return undefined;
    t.published = next;
    return next;
  }
}
