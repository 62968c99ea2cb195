import { describe, expect, it } from 'vitest';
import { agreementFromCounts, computeAgreement } from './compute-agreement';
import { cohenKappa, countConfusion, type Judgement, scoreConfusion } from './confusion';
import { wilsonInterval } from './wilson-interval';

function judgements(tp: number, fp: number, tn: number, fn: number): Judgement[] {
  const rows: Judgement[] = [];
  const push = (count: number, j: Judgement) => {
    for (let i = 0; i < count; i++) {
      rows.push(j);
    }
  };
  push(tp, { label: 'positive', verdict: true });
  push(fp, { label: 'negative', verdict: true });
  push(tn, { label: 'negative', verdict: false });
  push(fn, { label: 'positive', verdict: false });
  return rows;
}

describe('countConfusion', () => {
  it('treats pass as the positive class and counts neutral labels and eval errors apart', () => {
    const counts = countConfusion([
      ...judgements(3, 2, 4, 1),
      { label: 'neutral', verdict: true },
      { label: 'neutral', verdict: null },
      { label: 'positive', verdict: null },
    ]);
    expect(counts).toEqual({ tp: 3, fp: 2, tn: 4, fn: 1, neutral: 2, errors: 1 });
  });
});

describe('scoreConfusion', () => {
  it('matches hand-computed accuracy, precision, recall, F1 and kappa', () => {
    // n=100; po=0.75; pe=(50*55+50*45)/100^2=0.5; kappa=(0.75-0.5)/(1-0.5)=0.5
    const s = scoreConfusion({ tp: 40, fp: 10, tn: 35, fn: 15 });
    expect(s.accuracy).toBeCloseTo(0.75, 12);
    expect(s.precision).toBeCloseTo(0.8, 12);
    expect(s.recall).toBeCloseTo(40 / 55, 12);
    expect(s.f1).toBeCloseTo(80 / 105, 12);
    expect(s.kappa).toBeCloseTo(0.5, 12);
  });

  it('gives kappa 0 for a constant verdict and null when labels and verdicts share one class', () => {
    expect(cohenKappa({ tp: 30, fp: 10, tn: 0, fn: 0 })).toBeCloseTo(0, 12);
    expect(cohenKappa({ tp: 30, fp: 0, tn: 0, fn: 0 })).toBeNull();
    // po=0.6, pe=(10*10+10*10)/400=0.5 -> 0.2; perfect disagreement -> -1
    expect(cohenKappa({ tp: 6, fp: 4, tn: 6, fn: 4 })).toBeCloseTo(0.2, 12);
    expect(cohenKappa({ tp: 0, fp: 5, tn: 0, fn: 5 })).toBeCloseTo(-1, 12);
  });

  it('answers null, not NaN, for precision with no predicted passes', () => {
    const s = scoreConfusion({ tp: 0, fp: 0, tn: 5, fn: 5 });
    expect(s.precision).toBeNull();
    expect(s.recall).toBe(0);
    expect(s.f1).toBe(0);
  });
});

describe('wilsonInterval', () => {
  it('matches reference values', () => {
    const i = wilsonInterval(75, 100);
    expect(i?.low).toBeCloseTo(0.656955364519384, 10);
    expect(i?.high).toBeCloseTo(0.8245478863771232, 10);
    expect(wilsonInterval(0, 10)?.low).toBe(0);
    expect(wilsonInterval(0, 10)?.high).toBeCloseTo(0.2775327998628892, 10);
    expect(wilsonInterval(10, 10)?.high).toBeCloseTo(1, 10);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('computeAgreement', () => {
  it('reports intervals that contain the estimates, Wilson for proportions', () => {
    const a = computeAgreement(judgements(40, 10, 35, 15), { seed: 7 });
    expect(a.n).toBe(100);
    expect(a.accuracy?.low).toBeCloseTo(0.656955364519384, 10);
    expect(a.precision?.low).toBeCloseTo(0.6696289406777459, 10);
    expect(a.recall?.high).toBeCloseTo(0.8271924806089416, 10);
    const kappa = a.kappa;
    expect(kappa?.value).toBeCloseTo(0.5, 12);
    expect(kappa?.low).toBeGreaterThan(0.25);
    expect(kappa?.low).toBeLessThan(0.5);
    expect(kappa?.high).toBeGreaterThan(0.5);
    expect(kappa?.high).toBeLessThan(0.75);
    expect(a.warnings).toEqual([]);
  });

  it('is deterministic for a seed and varies with it', () => {
    const counts = { tp: 12, fp: 3, tn: 9, fn: 4, neutral: 0, errors: 0 };
    const a = agreementFromCounts(counts, { seed: 3 });
    expect(agreementFromCounts(counts, { seed: 3 }).kappa).toEqual(a.kappa);
    expect(agreementFromCounts(counts, { seed: 4 }).kappa).not.toEqual(a.kappa);
  });

  it('narrows the kappa interval as labels grow', () => {
    const small = computeAgreement(judgements(8, 2, 7, 3), { seed: 1 });
    const large = computeAgreement(judgements(80, 20, 70, 30), { seed: 1 });
    const width = (e: typeof small.kappa) => (e ? e.high - e.low : Number.NaN);
    expect(width(large.kappa)).toBeLessThan(width(small.kappa) / 2);
  });

  it('warns about too few labels, a missing class, imbalance and excluded errors', () => {
    const a = computeAgreement([
      ...judgements(9, 0, 1, 0),
      { label: 'negative', verdict: null },
      { label: 'neutral', verdict: false },
    ]);
    expect(a.counts.neutral).toBe(1);
    expect(a.warnings.map((w) => w.code)).toEqual([
      'TOO_FEW_LABELS',
      'FEW_OF_ONE_CLASS',
      'CLASS_IMBALANCE',
      'EVAL_ERRORS_EXCLUDED',
    ]);
  });

  it('returns null metrics when nothing usable is labelled', () => {
    const a = computeAgreement([{ label: 'neutral', verdict: true }]);
    expect(a.n).toBe(0);
    expect(a.accuracy).toBeNull();
    expect(a.kappa).toBeNull();
  });
});
