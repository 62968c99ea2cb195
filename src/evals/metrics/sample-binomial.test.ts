import { describe, expect, it } from 'vitest';
import { bootstrapScores } from './bootstrap-scores';
import { cohenKappa } from './confusion';
import { sampleBinomial } from './sample-binomial';
import { createSeededRandom } from './seeded-random';

function moments(n: number, p: number, draws = 4000) {
  const random = createSeededRandom(7);
  const xs = Array.from({ length: draws }, () => sampleBinomial(n, p, random));
  const mean = xs.reduce((a, b) => a + b, 0) / draws;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws - 1);
  return { mean, variance, min: Math.min(...xs), max: Math.max(...xs) };
}

describe('sampleBinomial', () => {
  it.each([
    [5000, 0.002],
    [5000, 0.3],
    [5000, 0.999],
    [40, 0.5],
  ])('matches the mean and variance of Binomial(%i, %f) and stays in range', (n, p) => {
    const m = moments(n, p);
    expect(Math.abs(m.mean - n * p)).toBeLessThan(0.1 * Math.sqrt(n * p * (1 - p)) + 0.05);
    expect(m.variance / (n * p * (1 - p))).toBeGreaterThan(0.9);
    expect(m.variance / (n * p * (1 - p))).toBeLessThan(1.1);
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(m.max).toBeLessThanOrEqual(n);
  });

  it('answers the edge probabilities exactly', () => {
    const random = createSeededRandom(1);
    expect([sampleBinomial(10, 0, random), sampleBinomial(10, 1, random)]).toEqual([0, 10]);
  });
});

describe('bootstrapScores on many labels', () => {
  it('gives a narrow interval around kappa for 8,000 traces, per cell rather than per trace', () => {
    const counts = { tp: 3000, fp: 500, tn: 4000, fn: 500 };
    const kappa = cohenKappa(counts) ?? 0;
    const result = bootstrapScores(counts);
    expect(result.kappa?.low).toBeLessThan(kappa);
    expect(result.kappa?.high).toBeGreaterThan(kappa);
    // Standard error of kappa here is about 0.01: the 95% interval spans roughly 0.04.
    const width = (result.kappa?.high ?? 0) - (result.kappa?.low ?? 0);
    expect(width).toBeGreaterThan(0.02);
    expect(width).toBeLessThan(0.06);
  });
});
