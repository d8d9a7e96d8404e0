/**
 * A small seeded pseudo-random generator for the simulated venue and tests. Cores must be deterministic (DESIGN.md §6),
 * so nothing here reads a clock or `Math.random`: the same seed gives the same sequence. The generator itself is pure
 * 32-bit integer arithmetic (`Math.imul`, shifts), so its raw stream is identical everywhere; `normal()` and
 * `exponential()` go through `Math.log`/`Math.sin`, which are the same for a given JavaScript engine.
 *
 * The generator is xoshiro128** (Blackman & Vigna), seeded through splitmix32 so that nearby seeds give unrelated
 * streams.
 */

const TWO_POW_32 = 4294967296;

/** splitmix32 step: a well-mixed 32-bit value from a 32-bit counter, used to fill the generator's state. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Folds any finite number (integer or not, beyond 32 bits) into a 32-bit seed. */
function seed32(seed: number): number {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const whole = Math.floor(seed);
  const low = whole >>> 0;
  const high = Math.floor(whole / TWO_POW_32) >>> 0;
  const fraction = Math.floor((seed - whole) * TWO_POW_32) >>> 0;
  return splitmix32(low ^ splitmix32(high ^ splitmix32(fraction)));
}

/**
 * A seed for one part of a simulation (one instrument, one agent) derived from a master seed and a label, so that
 * adding an instrument does not change the streams of the others.
 */
export function deriveSeed(seed: number, label: string): number {
  // FNV-1a over the label's UTF-16 units, then mixed with the master seed.
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  }
  return splitmix32(seed32(seed) ^ splitmix32(hash >>> 0));
}

/** Seeded PRNG (xoshiro128**): same seed, same sequence; `next()` in [0, 1). */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Second value of the last Box–Muller pair, handed out by the next `normal()`. */
  private spare: number | undefined;

  constructor(seed: number) {
    let x = seed32(seed);
    const fill = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      return splitmix32(x);
    };
    this.s0 = fill();
    this.s1 = fill();
    this.s2 = fill();
    this.s3 = fill();
    // An all-zero state would only ever produce zeros.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) throw new Error(`bad range [${lo}, ${hi}]`);
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Standard normal (mean 0, variance 1), by Box–Muller; each pair of uniforms gives two values. */
  normal(): number {
    const spare = this.spare;
    if (spare !== undefined) {
      this.spare = undefined;
      return spare;
    }
    const u1 = 1 - this.next(); // in (0, 1], so the logarithm is finite
    const u2 = this.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** True with probability `p` (p ≤ 0 never, p ≥ 1 always). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Exponentially distributed with the given mean (waiting times, order sizes). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}
