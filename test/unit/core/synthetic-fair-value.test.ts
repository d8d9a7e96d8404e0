import { describe, it, expect } from 'vitest';
import { SeededRandom } from '../../../workers/core/random.js';
import { FairValue } from '../../../workers/core/synthetic/fair-value.js';
import { REGIMES, RegimeSwitcher, type Regime } from '../../../workers/core/synthetic/regimes.js';

const DT = 0.01;
const [CALM, NORMAL, VOLATILE] = REGIMES as [Regime, Regime, Regime];

/** Log returns of `bars` bars of `barSeconds` each, switching regimes when `switching`. */
function returns(seed: number, bars: number, barSeconds: number, switching: boolean): number[] {
  const fair = new FairValue(1_000_000, 6e-5, DT, new SeededRandom(seed));
  const regimes = new RegimeSwitcher(new SeededRandom(seed + 1));
  let regime = NORMAL;
  const out: number[] = [];
  let previous = fair.value;
  const stepsPerBar = Math.round(barSeconds / DT);
  for (let bar = 0; bar < bars; bar++) {
    for (let i = 0; i < stepsPerBar; i++) {
      if (switching && regimes.advance(DT)) {
        regime = regimes.current;
        fair.enter(regime);
      }
      fair.advance(regime);
    }
    out.push(Math.log(fair.value / previous));
    previous = fair.value;
  }
  return out;
}

function autocorrelation(xs: number[], lag: number): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i]! - mean) ** 2;
    if (i >= lag) num += (xs[i]! - mean) * (xs[i - lag]! - mean);
  }
  return num / den;
}

const rms = (xs: number[]) => Math.sqrt(xs.reduce((a, b) => a + b * b, 0) / xs.length);

describe('FairValue', () => {
  it('follows the same path from the same seed', () => {
    expect(returns(5, 50, 1, true)).toEqual(returns(5, 50, 1, true));
    expect(returns(6, 50, 1, true)).not.toEqual(returns(5, 50, 1, true));
  });

  it('has about the configured volatility in the normal regime', () => {
    const perSecond = rms(returns(1, 3_600, 1, false));
    expect(perSecond).toBeGreaterThan(6e-5 * 0.8);
    expect(perSecond).toBeLessThan(6e-5 * 1.25);
  });

  it('clusters volatility: absolute returns are autocorrelated, signed ones barely', () => {
    for (const seed of [1, 2, 3]) {
      const r = returns(seed, 1_440, 10, true); // four hours of 10 s bars
      expect(autocorrelation(r.map(Math.abs), 1)).toBeGreaterThan(0.1);
      expect(Math.abs(autocorrelation(r, 1))).toBeLessThan(0.1);
    }
  });

  it('is wilder in the volatile regime than in the calm one', () => {
    const sample = (regime: Regime) => {
      const fair = new FairValue(1_000_000, 6e-5, DT, new SeededRandom(9));
      fair.enter(regime);
      const out: number[] = [];
      for (let i = 0; i < 60_000; i++) {
        const before = fair.value;
        fair.advance(regime);
        out.push(Math.log(fair.value / before));
      }
      return rms(out);
    };
    expect(sample(VOLATILE)).toBeGreaterThan(3 * sample(CALM));
  });

  it('applies an impact at the next step and stays above its floor', () => {
    const fair = new FairValue(1_000, 6e-5, DT, new SeededRandom(1));
    fair.shift(-950);
    fair.advance(NORMAL);
    expect(fair.value).toBeGreaterThanOrEqual(100);
    expect(fair.value).toBeLessThan(200);
    expect(fair.sigmaTicks).toBeGreaterThan(0);
  });
});
