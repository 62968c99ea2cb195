import { describe, expect, it } from 'vitest';
import { addToFronts, type Fronts, paretoSurvivors, selectParetoParent } from './pareto';
import { Rng } from './rng';

/** The reference's literal loop: rescan from the start after every removal (§1.4 step 2). */
function bruteForceSurvivors(fronts: Fronts, averages: number[]): number[] {
  const inFront = [...new Set(Object.values(fronts).flatMap((f) => f.members))];
  const order = inFront.sort((a, b) => (averages[a] ?? 0) - (averages[b] ?? 0) || a - b);
  const removed = new Set<number>();
  let again = true;
  while (again) {
    again = false;
    for (const y of order) {
      if (removed.has(y)) {
        continue;
      }
      const others = order.filter((o) => o !== y && !removed.has(o));
      const holds = Object.values(fronts).filter((f) => f.members.includes(y));
      if (holds.every((f) => f.members.some((m) => others.includes(m)))) {
        removed.add(y);
        again = true;
        break;
      }
    }
  }
  return order.filter((c) => !removed.has(c));
}

/** Fronts straight from a score matrix (the definition: every holder of each task's maximum). */
function frontsFromMatrix(matrix: number[][], taskIds: string[]): Fronts {
  const fronts: Fronts = {};
  taskIds.forEach((id, t) => {
    const best = Math.max(...matrix.map((row) => row[t] ?? 0));
    fronts[id] = { best, members: matrix.flatMap((row, c) => (row[t] === best ? [c] : [])) };
  });
  return fronts;
}

function randomMatrix(rng: Rng) {
  const candidates = 1 + rng.int(12);
  const tasks = 1 + rng.int(10);
  const levels = 1 + rng.int(3);
  const matrix = Array.from({ length: candidates }, () =>
    Array.from({ length: tasks }, () => rng.int(levels + 1) / levels),
  );
  return { matrix, taskIds: Array.from({ length: tasks }, (_, t) => `v${t}`) };
}

describe('Pareto bookkeeping', () => {
  it('adds candidates one by one to the same fronts as the definition, max holders only', () => {
    const rng = Rng.fromSeed(11);
    for (let trial = 0; trial < 300; trial++) {
      const { matrix, taskIds } = randomMatrix(rng);
      let fronts: Fronts = {};
      matrix.forEach((row, c) => {
        fronts = addToFronts(
          fronts,
          c,
          Object.fromEntries(taskIds.map((id, t) => [id, row[t] ?? 0])),
        );
      });
      expect(fronts).toEqual(frontsFromMatrix(matrix, taskIds));
      for (const f of Object.values(fronts)) {
        expect(f.members.length).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('prunes to the same survivors as the brute-force rescan (300 random matrices)', () => {
    const rng = Rng.fromSeed(12);
    for (let trial = 0; trial < 300; trial++) {
      const { matrix, taskIds } = randomMatrix(rng);
      const fronts = frontsFromMatrix(matrix, taskIds);
      const averages = matrix.map((row) => row.reduce((s, x) => s + x, 0) / row.length);
      const fast = paretoSurvivors(fronts, averages).sort((a, b) => a - b);
      expect(fast).toEqual(bruteForceSurvivors(fronts, averages).sort((a, b) => a - b));
      // every front keeps at least one survivor
      for (const f of Object.values(fronts)) {
        expect(f.members.some((m) => fast.includes(m))).toBe(true);
      }
    }
  });

  it('keeps a candidate that alone holds a task and drops one never uniquely needed', () => {
    // c0 holds v0 with c1; c1 also holds v1 alone; c2 holds v2 alone.
    const fronts: Fronts = {
      v0: { best: 1, members: [0, 1] },
      v1: { best: 1, members: [1] },
      v2: { best: 1, members: [2] },
    };
    expect(paretoSurvivors(fronts, [0.3, 0.6, 0.3]).sort()).toEqual([1, 2]);
  });

  it('draws survivors in proportion to the fronts they hold', () => {
    const fronts: Fronts = {
      v0: { best: 1, members: [1] },
      v1: { best: 1, members: [1] },
      v2: { best: 1, members: [1] },
      v3: { best: 1, members: [2] },
      v4: { best: 0, members: [0, 1, 2] },
    };
    const rng = Rng.fromSeed(3);
    const counts = [0, 0, 0];
    for (let n = 0; n < 4000; n++) {
      const c = selectParetoParent(fronts, [0.2, 0.8, 0.4], rng);
      counts[c] = (counts[c] ?? 0) + 1;
    }
    // c0 is pruned; c1 holds 4 fronts, c2 holds 2: expect about 2:1
    expect(counts[0]).toBe(0);
    expect((counts[1] ?? 0) / (counts[2] ?? 1)).toBeGreaterThan(1.7);
    expect((counts[1] ?? 0) / (counts[2] ?? 1)).toBeLessThan(2.3);
  });
});
