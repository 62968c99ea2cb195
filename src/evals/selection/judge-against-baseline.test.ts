import { describe, expect, it } from 'vitest';
import type { Judgement } from '../metrics/confusion';
import { estimate632Plus, judgeAgainstBaseline, rareLabelsNeeded } from './judge-against-baseline';

/** `pass` positive and `fail` negative labels, of which the first `wrong` get the wrong verdict. */
function judged(pass: number, fail: number, wrong: number): Judgement[] {
  const labels = [...Array(pass).fill(true), ...Array(fail).fill(false)] as boolean[];
  return labels.map((l, i) => ({
    label: l ? 'positive' : 'negative',
    verdict: i < wrong ? !l : l,
  }));
}

describe('judgeAgainstBaseline', () => {
  // 30 pass, 10 fail: always passing agrees with 75%; the fold models got 35 of 40 right, all 5
  // wrong ones failing labels they passed (where always passing is wrong too): 5 wins, no loss
  const heldOut = judged(30, 10, 0).map((j, i) => (i >= 35 ? { ...j, verdict: true } : j));

  it('judges held-out verdicts alone without a training fit', () => {
    const b = judgeAgainstBaseline(heldOut);
    expect(b.accuracy).toBeCloseTo(0.875);
    expect(b.heldOutAccuracy).toBeCloseTo(0.875);
    expect(b.interval.low).toBeLessThan(0.75);
    expect(b.clear).toBe(false);
  });

  it('credits a version that fits every label between its fit and the held-out accuracy (.632+)', () => {
    const b = judgeAgainstBaseline(heldOut, { n: 40, wrong: 0, passed: 30 });
    expect(b.heldOutAccuracy).toBeCloseTo(0.875);
    // no-information error 0.375, relative overfit 1/3, weight 0.720: error 0.090
    expect(b.accuracy).toBeCloseTo(0.91, 3);
    expect(b.interval.low).toBeGreaterThan(0.75);
    // 5 wins and no loss against always passing: mid-p 1/64
    expect([b.wins, b.losses]).toEqual([5, 0]);
    expect(b.pairedP).toBeCloseTo(1 / 64, 12);
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

  it('refuses a learn whose interval clears the bar on wins the majority verdict could match by chance', () => {
    // bench:quality's tau_right_changes, seed 4: 19 pass and 21 fail (always failing: 52.5%); the
    // fold models got 26 of 40 right, right on 10 where always failing is wrong and wrong on 5
    // where it is right; the version fits its labels, so the .632+ estimate (70%) clears the bar
    const labels = judged(19, 21, 0);
    const foldVerdicts = labels.map((j, i) => ({
      ...j,
      verdict: i < 19 ? i < 10 : i >= 19 + 16, // 10 passing labels passed, 5 failing ones passed
    }));
    const b = judgeAgainstBaseline(foldVerdicts, { n: 40, wrong: 0, passed: 20 });
    expect(b.heldOutAccuracy).toBeCloseTo(26 / 40);
    expect(b.baselineAccuracy).toBeCloseTo(0.525);
    expect(b.interval.low).toBeGreaterThan(b.baselineAccuracy);
    expect(b.kappa ?? 0).toBeGreaterThan(0);
    expect([b.wins, b.losses]).toEqual([10, 5]);
    // P(X > 10 | 15) + P(X = 10) / 2 = (1941 + 3003 / 2) / 32768
    expect(b.pairedP).toBeCloseTo((1941 + 1501.5) / 32768, 12);
    expect(b.clear).toBe(false);
  });

  it('creates from 4 failing labels of 40 all judged right held out, not from 3', () => {
    // right on every trace: 4 wins and no loss (mid-p 1/32); the interval of 40/40 starts at 91.2%
    const four = judgeAgainstBaseline(judged(36, 4, 0));
    expect([four.wins, four.losses]).toEqual([4, 0]);
    expect(four.pairedP).toBeCloseTo(1 / 32, 12);
    expect(four.clear).toBe(true);
    // the same with 3 (mid-p 1/16; and 40/40 is not clear of 92.5%)
    const three = judgeAgainstBaseline(judged(37, 3, 0));
    expect(three.pairedP).toBeCloseTo(1 / 16, 12);
    expect(three.clear).toBe(false);
    // one of the 4 missed: 3 wins, no loss
    const missed = judgeAgainstBaseline(
      judged(36, 4, 0).map((j, i) => (i === 39 ? { ...j, verdict: true } : j)),
    );
    expect(missed.clear).toBe(false);
  });

  it('counts an eval error on a majority label as a loss', () => {
    const errored = judged(36, 4, 0).map((j, i) => (i === 0 ? { ...j, verdict: null } : j));
    const b = judgeAgainstBaseline(errored);
    expect([b.wins, b.losses]).toEqual([4, 1]);
    expect(b.clear).toBe(false);
  });
});

describe('rareLabelsNeeded', () => {
  it('is the least count of rarer labels with which a candidate right on all of them clears', () => {
    // 3 failing of 40: 3 wins give a mid-p of 1/16 and 40/40 an interval from 91.2% < 92.5%
    expect(rareLabelsNeeded(3, 37)).toBe(1);
    expect(rareLabelsNeeded(1, 39)).toBe(3);
    expect(rareLabelsNeeded(0, 40)).toBe(4);
    expect(rareLabelsNeeded(4, 36)).toBe(0);
    expect(rareLabelsNeeded(10, 30)).toBe(0);
  });

  it('agrees with judgeAgainstBaseline on a candidate right on every label', () => {
    for (const common of [8, 20, 37, 60, 150]) {
      for (let rare = 0; rare <= 12; rare++) {
        const needed = rareLabelsNeeded(rare, common);
        const clears = (r: number) =>
          judgeAgainstBaseline(judged(common, r, 0), { n: common + r, wrong: 0, passed: common })
            .clear;
        expect(clears(rare)).toBe(needed === 0);
        if (needed > 0) {
          expect(clears(rare + needed)).toBe(true);
          expect(clears(rare + needed - 1)).toBe(false);
        }
      }
    }
  });
});
