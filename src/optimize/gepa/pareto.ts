import type { Rng } from './rng';

/** Per validation task id: the best score seen and the candidates holding it (ascending). */
export type Front = { best: number; members: number[] };
export type Fronts = Record<string, Front>;

/**
 * Adds one candidate's validation scores to the fronts (reference rule, §1.3 step 13): a higher
 * score replaces a front with the candidate, an equal one joins it. Returns new fronts; the input
 * is not changed.
 */
export function addToFronts(
  fronts: Fronts,
  candidate: number,
  scores: Record<string, number>,
): Fronts {
  const next: Fronts = { ...fronts };
  for (const [taskId, score] of Object.entries(scores)) {
    const front = next[taskId];
    if (!front || score > front.best) {
      next[taskId] = { best: score, members: [candidate] };
    } else if (score === front.best && !front.members.includes(candidate)) {
      next[taskId] = { best: score, members: [...front.members, candidate].sort((a, b) => a - b) };
    }
  }
  return next;
}

/** Per candidate index, the indices of the fronts holding it (`[]` for none). */
function membership(fronts: Fronts): number[][] {
  const memberOf: number[][] = [];
  Object.values(fronts).forEach((front, f) => {
    for (const c of front.members) {
      const list = memberOf[c];
      if (list) {
        list.push(f);
      } else {
        memberOf[c] = [f];
      }
    }
  });
  return memberOf;
}

/**
 * The candidates that survive the reference's pruning (§1.4 step 2), in ascending average order.
 * A candidate is removed when every front holding it also holds another surviving candidate
 * ("never uniquely needed"). Removing one only makes the others harder to remove, so one pass in
 * ascending order reaches the same set as the reference's remove-and-rescan loop.
 */
export function paretoSurvivors(fronts: Fronts, averages: readonly number[]): number[] {
  const memberOf = membership(fronts);
  const alive = Object.values(fronts).map((f) => f.members.length);
  const order: number[] = [];
  memberOf.forEach((list, c) => {
    if (list) {
      order.push(c);
    }
  });
  order.sort((a, b) => (averages[a] ?? 0) - (averages[b] ?? 0) || a - b);
  const survivors: number[] = [];
  for (const c of order) {
    const holds = memberOf[c] as number[];
    if (holds.every((f) => (alive[f] as number) >= 2)) {
      for (const f of holds) {
        alive[f] = (alive[f] as number) - 1;
      }
    } else {
      survivors.push(c);
    }
  }
  return survivors;
}

/**
 * How many fronts each survivor is in, once the pruned candidates are dropped (§1.4 step 3): a
 * survivor keeps every front it was in, so this is its count of fronts.
 */
export function survivorWeights(fronts: Fronts, survivors: readonly number[]): Map<number, number> {
  const memberOf = membership(fronts);
  return new Map(survivors.map((c) => [c, memberOf[c]?.length ?? 0]));
}

/**
 * The reference's Pareto parent draw (§1.4): prune, weight each survivor by its fronts, draw one
 * with probability proportional to its weight. Survivors are listed in ascending candidate index
 * so the draw does not depend on object key order.
 */
export function selectParetoParent(fronts: Fronts, averages: readonly number[], rng: Rng): number {
  const survivors = paretoSurvivors(fronts, averages).sort((a, b) => a - b);
  const weights = survivorWeights(fronts, survivors);
  let total = 0;
  for (const c of survivors) {
    total += weights.get(c) ?? 0;
  }
  if (total === 0) {
    throw new Error('no candidate on any front');
  }
  let pick = rng.int(total);
  for (const c of survivors) {
    pick -= weights.get(c) ?? 0;
    if (pick < 0) {
      return c;
    }
  }
  throw new Error('unreachable: weighted draw past the end');
}
