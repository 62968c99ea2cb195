import type { Candidate, CandidateRecord } from './engine-types';
import type { Rng } from './rng';

const ATTEMPTS = 10;
const SUBSAMPLE = 5;

export type MergeProposal = {
  parents: [number, number];
  ancestor: number;
  proposal: Candidate;
  taskIds: string[];
  tried: string;
  built: string;
};

function ancestorsOf(pool: readonly CandidateRecord[], node: number): Set<number> {
  const found = new Set<number>();
  const stack = [...(pool[node]?.parents ?? [])];
  while (stack.length) {
    const p = stack.pop() as number;
    if (found.has(p)) {
      continue;
    }
    found.add(p);
    stack.push(...(pool[p]?.parents ?? []));
  }
  return found;
}

/** Some component equals the ancestor's text in one descendant and differs between them. */
function hasUsefulComponent(a: Candidate, x: Candidate, y: Candidate): boolean {
  return Object.keys(a).some((n) => (a[n] === x[n] || a[n] === y[n]) && x[n] !== y[n]);
}

/** Val ids both share, up to 5, drawn evenly from "first better", "second better", "tied". */
function subsample(x: Record<string, number>, y: Record<string, number>, rng: Rng): string[] {
  const common = Object.keys(x)
    .filter((id) => id in y)
    .sort();
  const buckets = [
    common.filter((id) => (x[id] ?? 0) > (y[id] ?? 0)),
    common.filter((id) => (y[id] ?? 0) > (x[id] ?? 0)),
    common.filter((id) => x[id] === y[id]),
  ];
  const each = Math.max(1, Math.ceil(SUBSAMPLE / 3));
  const picked: string[] = [];
  for (const bucket of buckets) {
    if (picked.length >= SUBSAMPLE) {
      break;
    }
    const take = Math.min(bucket.length, each, SUBSAMPLE - picked.length);
    if (take > 0) {
      picked.push(...rng.sample(bucket, take));
    }
  }
  const remaining = SUBSAMPLE - picked.length;
  const unused = common.filter((id) => !picked.includes(id));
  if (remaining > 0 && unused.length) {
    picked.push(...rng.sample(unused, Math.min(remaining, unused.length)));
  }
  return picked;
}

/**
 * The reference's merge (§1.6): two survivors with a common ancestor that neither descends from
 * the other, a composition taking each side's change, never built before. Null when none found.
 */
export function proposeMerge(
  pool: readonly CandidateRecord[],
  survivors: readonly number[],
  previous: { tried: readonly string[]; built: readonly string[] },
  overlapFloor: number,
  rng: Rng,
): MergeProposal | null {
  const ids = [...survivors].sort((a, b) => a - b);
  if (ids.length < 2 || pool.length < 3) {
    return null;
  }
  const avg = (c: number) => pool[c]?.valAverage ?? 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let triplet: [number, number, number] | null = null;
    for (let inner = 0; inner < ATTEMPTS && !triplet; inner++) {
      let [i, j] = rng.sample(ids, 2) as [number, number];
      if (j < i) {
        [i, j] = [j, i];
      }
      const ai = ancestorsOf(pool, i);
      const aj = ancestorsOf(pool, j);
      if (ai.has(j) || aj.has(i)) {
        continue;
      }
      const common = [...ai]
        .filter((a) => aj.has(a))
        .sort((a, b) => a - b)
        .filter(
          (a) =>
            !previous.tried.includes(`${i},${j},${a}`) &&
            avg(a) <= avg(i) &&
            avg(a) <= avg(j) &&
            hasUsefulComponent(
              pool[a]?.components ?? {},
              pool[i]?.components ?? {},
              pool[j]?.components ?? {},
            ),
        );
      if (!common.length) {
        continue;
      }
      const total = common.reduce((s, a) => s + avg(a), 0);
      let ancestor = common[0] as number;
      if (total > 0) {
        let r = rng.next() * total;
        for (const a of common) {
          r -= avg(a);
          if (r < 0) {
            ancestor = a;
            break;
          }
        }
      } else {
        ancestor = rng.choice(common);
      }
      triplet = [i, j, ancestor];
    }
    if (!triplet) {
      continue;
    }
    const [i, j, a] = triplet;
    const [ci, cj, ca] = [pool[i], pool[j], pool[a]] as [
      CandidateRecord,
      CandidateRecord,
      CandidateRecord,
    ];
    const child: Candidate = {};
    const from: number[] = [];
    for (const name of Object.keys(ca.components).sort()) {
      const [ta, ti, tj] = [ca.components[name], ci.components[name], cj.components[name]];
      let src: number;
      if ((ta === ti || ta === tj) && ti !== tj) {
        src = ta === ti ? j : i;
      } else if (ta !== ti && ta !== tj) {
        src = avg(i) > avg(j) ? i : avg(j) > avg(i) ? j : rng.choice([i, j]);
      } else {
        src = i;
      }
      child[name] = (pool[src] as CandidateRecord).components[name] ?? '';
      from.push(src);
    }
    const built = `${i},${j},${from.join(',')}`;
    if (previous.built.includes(built)) {
      continue;
    }
    const shared = Object.keys(ci.valScores).filter((id) => id in cj.valScores).length;
    if (shared < overlapFloor) {
      continue;
    }
    const taskIds = subsample(ci.valScores, cj.valScores, rng);
    if (!taskIds.length) {
      continue;
    }
    return {
      parents: [i, j],
      ancestor: a,
      proposal: child,
      taskIds,
      tried: `${i},${j},${a}`,
      built,
    };
  }
  return null;
}
