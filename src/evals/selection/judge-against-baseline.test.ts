import { describe, expect, it } from 'vitest';
import type { Judgement } from '../metrics/confusion';
import { estimate632Plus, judgeAgainstBaseline } from './judge-against-baseline';

/** `pass` positive and `fail` negative labels, of which the first `wrong` get the wrong verdict. */
function judged(pass: number, fail: number, wrong: number): Judgement[] {
  const labels = [...Array(pass).fill(true), ...Array(fail).fill(false)] as boolean[];
  return labels.map((l, i) => ({
    label: l ? 'positive' : 'negative',
    verdict: i < wrong ? !l : l,
  }));
}

describe('judgeAgainstBaseline', () => {
  // 30 pass, 10 fail: always passing agrees with 75%; the fold models got 34 of 40 right
  const heldOut = judged(30, 10, 6);

  it('judges held-out verdicts alone without a training fit', () => {
    const b = judgeAgainstBaseline(heldOut);
    expect(b.accuracy).toBeCloseTo(0.85);
    expect(b.heldOutAccuracy).toBeCloseTo(0.85);
    expect(b.interval.low).toBeLessThan(0.75);
    expect(b.clear).toBe(false);
  });

  it('credits a version that fits every label between its fit and the held-out accuracy (.632+)', () => {
    const b = judgeAgainstBaseline(heldOut, { n: 40, wrong: 0, passed: 30 });
    expect(b.heldOutAccuracy).toBeCloseTo(0.85);
    // no-information error 0.375, relative overfit 0.4, weight 0.741: error 0.111
    expect(b.accuracy).toBeCloseTo(0.889, 3);
    expect(b.interval.low).toBeGreaterThan(0.75);
    expect(b.clear).toBe(true);
  });

  it('gives no credit when the held-out error reaches the no-information error', () => {
    // a fit that passes 30 of 40: verdicts at that rate, unrelated to the trace, are wrong 37.5% of the time
    expect(estimate632Plus(0.6, { n: 40, wrong: 0, passed: 30 }, 0.75)).toBe(0.6);
    expect(estimate632Plus(0.625, { n: 40, wrong: 0, passed: 30 }, 0.75)).toBe(0.625);
    // just under it, almost all the weight is the held-out error's
    expect(estimate632Plus(0.63, { n: 40, wrong: 0, passed: 30 }, 0.75)).toBeLessThan(0.64);
  });

  it('never credits more than the training fit, and a fit no better than held out adds nothing up', () => {
    expect(estimate632Plus(0.9, { n: 40, wrong: 0, passed: 30 }, 0.75)).toBeLessThan(1);
    expect(estimate632Plus(0.9, { n: 40, wrong: 4, passed: 30 }, 0.75)).toBeCloseTo(0.9);
    expect(estimate632Plus(0.9, { n: 40, wrong: 8, passed: 30 }, 0.75)).toBeLessThan(0.9);
  });

  it('still refuses a candidate whose held-out kappa is not positive', () => {
    // always pass held out: 75% right, kappa 0, whatever the fit
    const constant = judged(30, 10, 0).map((j) => ({ ...j, verdict: true }));
    expect(judgeAgainstBaseline(constant, { n: 40, wrong: 0, passed: 30 }).clear).toBe(false);
  });
});
