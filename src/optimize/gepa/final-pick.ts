import type { GepaState } from './engine-types';

/**
 * The run's answer (reference rule): the highest validation average; ties go to the candidate with
 * more validation tasks scored, then the lowest index, so the seed wins exact ties.
 */
export function bestCandidate(state: GepaState): number {
  let best = 0;
  state.candidates.forEach((c, n) => {
    const b = state.candidates[best];
    if (!b) {
      return;
    }
    const more = Object.keys(c.valScores).length - Object.keys(b.valScores).length;
    if (c.valAverage > b.valAverage || (c.valAverage === b.valAverage && more > 0)) {
      best = n;
    }
  });
  return best;
}
