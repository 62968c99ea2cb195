/**
 * Exact one-sided sign test (McNemar's test on the discordant pairs): the probability of at least
 * `wins` wins in `wins + losses` fair coin flips, P(X >= wins | n, p = 1/2). Ties are ignored.
 */
export function signTestPValue(wins: number, losses: number): number {
  if (!Number.isInteger(wins) || !Number.isInteger(losses) || wins < 0 || losses < 0) {
    throw new RangeError(`sign test counts must be whole and non-negative: ${wins}, ${losses}`);
  }
  const n = wins + losses;
  // Sum C(n, k) / 2^n for k >= wins, in logarithms so that large n does not underflow.
  let logTerm = -n * Math.LN2; // log(C(n, 0) / 2^n)
  let tail = wins === 0 ? Math.exp(logTerm) : 0;
  for (let k = 1; k <= n; k++) {
    logTerm += Math.log(n - k + 1) - Math.log(k);
    if (k >= wins) {
      tail += Math.exp(logTerm);
    }
  }
  return Math.min(1, tail);
}
