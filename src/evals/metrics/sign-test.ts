/**
 * The exact sign test: under no difference, each of the `wins + losses` untied pairs is a fair
 * coin flip. One place for it: eval abstention (paired with the majority verdict) and taskset run
 * comparisons both read it.
 */
export type SignTest = {
  /** P(at least `wins` heads): the exact one-sided p-value. */
  oneSided: number;
  /** P(more than `wins` heads) + half P(exactly `wins`): Lancaster's mid-p, one-sided. */
  midP: number;
  /** Twice the smaller tail, at most 1: the exact two-sided p-value. */
  twoSided: number;
};

export function signTest(wins: number, losses: number): SignTest {
  const n = wins + losses;
  if (n === 0) {
    return { oneSided: 1, midP: 1, twoSided: 1 };
  }
  let upper = 0; // P(X >= wins)
  let lower = 0; // P(X <= wins)
  let atWins = 0;
  let term = 0.5 ** n; // C(n, 0) / 2^n
  for (let i = 0; i <= n; i++) {
    if (i >= wins) {
      upper += term;
    }
    if (i <= wins) {
      lower += term;
    }
    if (i === wins) {
      atWins = term;
    }
    term = (term * (n - i)) / (i + 1);
  }
  return {
    oneSided: Math.min(1, upper),
    midP: Math.min(1, upper - atWins / 2),
    twoSided: Math.min(1, 2 * Math.min(upper, lower)),
  };
}
