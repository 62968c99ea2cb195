/** Seed vs winner on the same tasks: per-task differences and an exact two-sided sign test. */
export type PairedTest = {
  tasks: number;
  better: number;
  worse: number;
  ties: number;
  meanSeed: number;
  meanWinner: number;
  meanDifference: number;
  /** Exact two-sided sign test on the tasks that differ (McNemar's exact test for 0/1 scores). */
  pValue: number;
};

/** P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so large n stays finite. */
function binomialHalfCdf(k: number, n: number): number {
  let logC = 0;
  let total = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) {
      logC += Math.log(n - i + 1) - Math.log(i);
    }
    total += Math.exp(logC - n * Math.LN2);
  }
  return total;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

/** Pairs `seed[i]` with `winner[i]` (one task each); ties leave the test, as in McNemar's. */
export function pairedSignTest(seed: readonly number[], winner: readonly number[]): PairedTest {
  if (seed.length !== winner.length) {
    throw new Error('paired test: the two score lists differ in length');
  }
  let better = 0;
  let worse = 0;
  seed.forEach((s, i) => {
    const w = winner[i] as number;
    if (w > s) {
      better += 1;
    } else if (w < s) {
      worse += 1;
    }
  });
  const n = better + worse;
  const pValue = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(better, worse), n));
  return {
    tasks: seed.length,
    better,
    worse,
    ties: seed.length - n,
    meanSeed: mean(seed),
    meanWinner: mean(winner),
    meanDifference: mean(winner) - mean(seed),
    pValue,
  };
}
