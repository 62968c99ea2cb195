import { describe, expect, it } from 'vitest';
import type { Judgement } from '../metrics/confusion';
import { judgeAgainstBaseline } from './judge-against-baseline';

/** `count` traces with this label, each judged with `verdict` (null: the eval errored). */
const traces = (count: number, label: 'positive' | 'negative', verdict: boolean | null) =>
  Array.from({ length: count }, (): Judgement => ({ label, verdict }));

describe('judgeAgainstBaseline (paired sign test against the majority verdict)', () => {
  it('creates a version at 5 wins and no losses: p = 1/32', () => {
    const b = judgeAgainstBaseline([
      ...traces(15, 'positive', true),
      ...traces(5, 'negative', false),
    ]);
    expect(b).toMatchObject({ majority: true, baselineAccuracy: 0.75, accuracy: 1, n: 20 });
    expect(b.wins).toBe(5);
    expect(b.losses).toBe(0);
    expect(b.pValue).toBeCloseTo(1 / 32, 12);
    expect(b.clear).toBe(true);
  });

  it('abstains at 4 wins and no losses: p = 1/16', () => {
    const b = judgeAgainstBaseline([
      ...traces(16, 'positive', true),
      ...traces(4, 'negative', false),
    ]);
    expect([b.wins, b.losses]).toEqual([4, 0]);
    expect(b.pValue).toBeCloseTo(1 / 16, 12);
    expect(b.clear).toBe(false);
  });

  it('passes a lopsided criterion the accuracy interval could never clear (35 of 40 pass)', () => {
    const b = judgeAgainstBaseline([
      ...traces(35, 'positive', true),
      ...traces(5, 'negative', false),
    ]);
    // Wilson's lower end for 40/40 is about 91%, barely above 87.5%; 39/40 would fall below.
    expect(b.baselineAccuracy).toBeCloseTo(0.875, 12);
    expect(b.clear).toBe(true);
    const oneMiss = judgeAgainstBaseline([
      ...traces(34, 'positive', true),
      ...traces(1, 'positive', false),
      ...traces(5, 'negative', false),
    ]);
    // Wins 5, losses 1: P(X >= 5 | 6) = 7/64, not significant.
    expect([oneMiss.wins, oneMiss.losses]).toEqual([5, 1]);
    expect(oneMiss.pValue).toBeCloseTo(7 / 64, 12);
    expect(oneMiss.clear).toBe(false);
  });

  it('counts an eval error as wrong, and ignores neutral labels', () => {
    const b = judgeAgainstBaseline([
      ...traces(10, 'positive', null),
      ...traces(6, 'negative', false),
      ...traces(3, 'neutral', true),
    ]);
    // Majority pass; the candidate is right only on the 6 negatives, wrong on the 10 errors.
    expect(b).toMatchObject({ majority: true, n: 16, wins: 6, losses: 10 });
    expect(b.clear).toBe(false);
  });

  it('does not pass a candidate that only agrees with the majority verdict', () => {
    const b = judgeAgainstBaseline([
      ...traces(30, 'positive', true),
      ...traces(10, 'negative', true),
    ]);
    expect([b.wins, b.losses, b.pValue]).toEqual([0, 0, 1]);
    expect(b.clear).toBe(false);
  });
});
