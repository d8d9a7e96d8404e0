/**
 * Detects when one series crosses another (a fast average over a slow one, say). A cross is a change of the sign of
 * fast − slow from the last non-zero sign: touching (equality) is not a cross, and touching then returning to the
 * same side is not one either, which avoids double signals when the averages run together.
 */

/** Direction of a cross: fast went above slow ('up') or below it ('down'). */
export type Cross = 'up' | 'down';

/** Reports crosses of `fast` over `slow`, fed one pair at a time. */
export class Crossover {
  /** Sign of fast − slow last time they differed; 0 before any comparable pair. */
  private lastSign = 0;

  /**
   * Feeds the next pair; returns the cross it makes, if any. Pairs with an undefined or non-finite side (an
   * indicator still warming up) are skipped. The first comparable pair only sets the side, so it never signals.
   */
  update(fast: number | undefined, slow: number | undefined): Cross | undefined {
    if (fast === undefined || slow === undefined || !Number.isFinite(fast) || !Number.isFinite(slow)) return undefined;
    const sign = Math.sign(fast - slow);
    if (sign === 0) return undefined;
    const previous = this.lastSign;
    this.lastSign = sign;
    if (previous === 0 || previous === sign) return undefined;
    return sign > 0 ? 'up' : 'down';
  }

  /** Which side fast is on: 1 above, −1 below, 0 unknown yet. */
  get side(): number {
    return this.lastSign;
  }

  /** Forgets the side, so the next comparable pair sets it again without a signal. */
  reset(): void {
    this.lastSign = 0;
  }
}
