import { describe, expect, it } from 'vitest';
import { cohenKappaOf, labellerAgreement, type QueueLabel } from './labeller-agreement';

const label = (traceId: string, labeller: string, rating: QueueLabel['rating']): QueueLabel => ({
  traceId,
  labeller,
  rating,
});

describe('labellerAgreement', () => {
  it("computes percent agreement and Cohen's kappa for two labellers", () => {
    // 10 traces: both good on 4, both bad on 3, a good / b bad on 2, a bad / b good on 1.
    const ratings: [string, string][] = [
      ...Array<[string, string]>(4).fill(['positive', 'positive']),
      ...Array<[string, string]>(3).fill(['negative', 'negative']),
      ...Array<[string, string]>(2).fill(['positive', 'negative']),
      ['negative', 'positive'],
    ];
    const labels = ratings.flatMap(([a, b], i) => [
      label(`t${i}`, 'user:a', a as QueueLabel['rating']),
      label(`t${i}`, 'user:b', b as QueueLabel['rating']),
    ]);
    const result = labellerAgreement([...labels, label('solo', 'user:a', 'positive')]);
    // po = 0.7; pe = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = 0.2 / 0.5 = 0.4
    expect(result.traces).toBe(10);
    expect(result.pairs).toBe(10);
    expect(result.agreement).toBeCloseTo(0.7, 9);
    expect(result.kappa).toBeCloseTo(0.4, 9);
    expect(result.byPair).toEqual([
      { labellers: ['user:a', 'user:b'], traces: 10, agreement: 0.7, kappa: expect.any(Number) },
    ]);
  });

  it('averages the kappas of each pair when three people label', () => {
    const labels = [
      label('t1', 'a', 'positive'),
      label('t1', 'b', 'positive'),
      label('t1', 'c', 'negative'),
      label('t2', 'a', 'negative'),
      label('t2', 'b', 'negative'),
      label('t2', 'c', 'negative'),
    ];
    const result = labellerAgreement(labels);
    expect(result.pairs).toBe(6);
    expect(result.agreement).toBeCloseTo(4 / 6, 9);
    const ab = result.byPair.find((p) => p.labellers.join() === 'a,b');
    expect(ab).toMatchObject({ traces: 2, agreement: 1, kappa: 1 });
    const ac = result.byPair.find((p) => p.labellers.join() === 'a,c');
    expect(ac?.kappa).toBeCloseTo(0, 9);
    expect(result.kappa).toBeCloseTo((1 + 0 + 0) / 3, 9);
  });

  it('answers null without two labels on one trace, and kappa null for one class only', () => {
    expect(labellerAgreement([label('t', 'a', 'positive')])).toEqual({
      traces: 0,
      pairs: 0,
      agreement: null,
      kappa: null,
      byPair: [],
    });
    expect(cohenKappaOf([['neutral', 'neutral']])).toBeNull();
    expect(cohenKappaOf([['neutral', 'positive']])).toBe(0);
  });
});
