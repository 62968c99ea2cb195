/**
 * bench:tasks — similar traces (issue #19). Quality on tau-bench airline (200 traces, 50 tasks x 4
 * trials; the same task_id is the ground truth): recall@3 of same-task trials and precision@1 of
 * the product's TF-IDF (all user turns + tools) against the design's baselines computed here in
 * the same run (an exact hash of the first message; TF-IDF over the first message only), and the
 * clusters. Speed at 10,000 traces: the full build (index + top-10 of every trace) and per-query
 * latency against a brute-force cosine baseline (every query compared with every trace).
 *
 * Why brute force is the baseline: it is the plain, exact way to get the same top 10: the same
 * unit vectors (the index's typed arrays), the query's weights laid out over the vocabulary once,
 * then one pass over every other trace's terms. The inverted index computes the same scores
 * (asserted here) while touching only traces that share a term.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { clusterTraces } from '@/optimize/similarity/cluster-traces';
import { type TermCounts, taskTerms } from '@/optimize/similarity/task-terms';
import {
  buildTfidfIndex,
  keepBest,
  type Neighbour,
  nearestNeighbours,
  type TfidfIndex,
} from '@/optimize/similarity/tfidf-index';
import { tokenise } from '@/optimize/similarity/tokenise';
import { tauBenchFile } from '@/optimize/testing/shared-data';
import { latencyByRound, ratioSpread, repeat, spread, timeMs } from '../lib/measure';
import { startBench } from '../lib/report';

type Message = {
  role: string;
  content?: string | null;
  tool_calls?: { function: { name: string } }[];
};
type Trial = { task_id: number; traj: Message[] };

const N = Number(process.env.BENCH_TASKS_TRACES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const bench = startBench('tasks', `Tasks: similar traces on tau-bench, and at ${N} traces`);

const userTurns = (t: Trial) => t.traj.filter((m) => m.role === 'user').map((m) => m.content ?? '');
const toolCounts = (t: Trial) => {
  const out: Record<string, number> = {};
  for (const m of t.traj) {
    for (const c of m.tool_calls ?? []) {
      out[c.function.name] = (out[c.function.name] ?? 0) + 1;
    }
  }
  return out;
};
const plainTerms = (text: string): TermCounts => {
  const out: TermCounts = new Map();
  for (const term of tokenise(text)) {
    out.set(term, (out.get(term) ?? 0) + 1);
  }
  return out;
};

function quality(trials: Trial[], name: string, termsOf: (t: Trial) => TermCounts) {
  const index = buildTfidfIndex(trials.map((t, i) => ({ id: String(i), terms: termsOf(t) })));
  let hits = 0;
  let first = 0;
  const lists = trials.map((t, i) => {
    const list = nearestNeighbours(index, i, 10);
    hits += list.slice(0, 3).filter((n) => trials[Number(n.id)]?.task_id === t.task_id).length;
    first += trials[Number(list[0]?.id)]?.task_id === t.task_id ? 1 : 0;
    return list;
  });
  const recall = hits / (3 * trials.length);
  const precision = first / trials.length;
  bench.figure({
    name: `${name}: recall@3 of same-task trials`,
    unit: '%',
    value: spread([Math.round(recall * 1000) / 10]),
  });
  bench.figure({
    name: `${name}: precision@1`,
    unit: '%',
    value: spread([Math.round(precision * 1000) / 10]),
  });
  return lists;
}

function clusterFigures(trials: Trial[], lists: Neighbour[][], named: boolean) {
  const ids = trials.map((_, i) => String(i));
  const links = lists.flatMap((list, i) =>
    list.map((n, r) => ({ traceId: String(i), similarTraceId: n.id, score: n.score, rank: r + 1 })),
  );
  const clusters = clusterTraces(
    ids,
    links,
    named ? new Map(trials.map((t, i) => [String(i), String(t.task_id)])) : new Map(),
  );
  const members = new Map<string, Set<number>>();
  const clustersOfTask = new Map<number, Set<string>>();
  trials.forEach((t, i) => {
    const c = clusters.get(String(i)) as string;
    members.set(c, (members.get(c) ?? new Set()).add(t.task_id));
    clustersOfTask.set(t.task_id, (clustersOfTask.get(t.task_id) ?? new Set()).add(c));
  });
  const label = named
    ? 'clusters with task ids named in metadata'
    : 'clusters from similarity alone';
  const mixed = [...members.values()].filter((s) => s.size > 1).length;
  const split = [...clustersOfTask.values()].filter((s) => s.size > 1).length;
  bench.figure({
    name: `${label}: clusters (50 tasks)`,
    unit: 'clusters',
    value: spread([members.size]),
  });
  bench.figure({
    name: `${label}: clusters mixing tasks`,
    unit: 'clusters',
    value: spread([mixed]),
  });
  bench.figure({
    name: `${label}: tasks split over clusters`,
    unit: 'tasks',
    value: spread([split]),
  });
}

function tauBenchQuality(trials: Trial[]) {
  const firstOf = (t: Trial) => userTurns(t)[0] ?? '';
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  const byHash = new Map<string, number[]>();
  trials.forEach((t, i) => {
    const key = hash(firstOf(t));
    byHash.set(key, [...(byHash.get(key) ?? []), i]);
  });
  const twins = trials.filter((t, i) =>
    (byHash.get(hash(firstOf(t))) ?? []).some((j) => j !== i && trials[j]?.task_id === t.task_id),
  ).length;
  bench.figure({
    name: 'baseline: exact first-message hash, traces with a same-task twin (of 200)',
    unit: 'traces',
    value: spread([twins]),
  });
  quality(trials, 'baseline: TF-IDF over the first message', (t) => plainTerms(firstOf(t)));
  quality(trials, 'ablation: all user turns, unweighted, no tools', (t) =>
    plainTerms(userTurns(t).join('\n')),
  );
  quality(trials, 'ablation: all user turns, ids x3, no tools', (t) =>
    taskTerms(userTurns(t).join('\n')),
  );
  const lists = quality(trials, 'product: all user turns (ids x3) + tools', (t) =>
    taskTerms(userTurns(t).join('\n'), toolCounts(t)),
  );
  clusterFigures(trials, lists, false);
  clusterFigures(trials, lists, true);
}

/** N traces shaped like tau-bench: a trial's turns with its user ids, names and codes renamed. */
function syntheticCorpus(trials: Trial[], n: number): { id: string; terms: TermCounts }[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: n }, (_, i) => {
    const t = trials[i % trials.length] as Trial;
    const suffix = Math.floor(random() * 1e6).toString(36);
    const turns = userTurns(t)
      .filter(() => random() > 0.15)
      .map((u) => u.replace(/\b([a-z]+_[a-z]+_\d+|[A-Z0-9]{6})\b/g, (m) => `${m}${suffix}`));
    return { id: `t${i}`, terms: taskTerms(turns.join('\n'), toolCounts(t)) };
  });
}

/**
 * The baseline: the query's weights spread over a dense vocabulary array (`dense`, all zeros
 * between calls), a dot product with every other trace's stored vector, the best 10 kept.
 */
function bruteForce(index: TfidfIndex, doc: number, dense: Float64Array): Neighbour[] {
  const q = index.vectors[doc] as TfidfIndex['vectors'][number];
  for (let j = 0; j < q.terms.length; j++) {
    dense[q.terms[j] as number] = q.weights[j] as number;
  }
  const best: Neighbour[] = [];
  for (let other = 0; other < index.vectors.length; other++) {
    const v = index.vectors[other] as TfidfIndex['vectors'][number];
    let score = 0;
    for (let j = 0; j < v.terms.length; j++) {
      score += (dense[v.terms[j] as number] as number) * (v.weights[j] as number);
    }
    if (other !== doc && score > 0) {
      keepBest(best, { id: index.ids[other] as string, score }, 10);
    }
  }
  for (let j = 0; j < q.terms.length; j++) {
    dense[q.terms[j] as number] = 0;
  }
  return best;
}

async function scale(trials: Trial[]) {
  const corpus = syntheticCorpus(trials, N);
  const builds = await repeat(ROUNDS, () =>
    timeMs(() => {
      const index = buildTfidfIndex(corpus);
      const scratch = new Float64Array(N);
      for (let d = 0; d < N; d++) {
        nearestNeighbours(index, d, 10, scratch);
      }
    }),
  );
  const index = buildTfidfIndex(corpus);
  const dense = new Float64Array(index.postings.length);
  const sample = Array.from({ length: 400 }, (_, i) => (i * 7_919) % N);
  for (const d of sample.slice(0, 20)) {
    const a = nearestNeighbours(index, d, 10);
    const b = bruteForce(index, d, dense);
    if (a.length !== b.length || a.some((n, r) => Math.abs(n.score - (b[r]?.score ?? -1)) > 1e-9)) {
      throw new Error(`index and brute force disagree on trace ${d}`);
    }
  }
  const scratch = new Float64Array(N);
  const latency = await latencyByRound(
    {
      brute: (call) => bruteForce(index, sample[call % sample.length] as number, dense),
      index: (call) =>
        nearestNeighbours(index, sample[call % sample.length] as number, 10, scratch),
    },
    { rounds: ROUNDS, calls: 40, warmup: 5 },
  );
  const perQueryBrute = spread(latency.brute.p50).median;
  bench.figure({
    name: `product: full build at ${N} traces (index + top-10 of every trace)`,
    unit: 'ms',
    value: spread(builds),
  });
  bench.figure({
    name: `baseline: brute-force full build at ${N} traces (p50 per query x ${N}, estimated)`,
    unit: 'ms',
    value: spread(latency.brute.p50.map((p) => p * N)),
    note: 'not run in full: N queries x N dot products; the per-query p50 times N',
  });
  bench.figure({
    name: 'baseline: brute-force cosine, per query p95',
    unit: 'ms',
    value: spread(latency.brute.p95),
  });
  bench.figure({
    name: 'product: inverted-index query, per query p95',
    unit: 'ms',
    value: spread(latency.index.p95),
    ratio: {
      of: 'baseline: brute-force cosine, per query p95',
      value: ratioSpread(latency.index.p95, latency.brute.p95),
    },
  });
  bench.figure({
    name: 'baseline: brute-force cosine, per query p50',
    unit: 'ms',
    value: spread(latency.brute.p50),
  });
  bench.figure({
    name: 'product: inverted-index query, per query p50',
    unit: 'ms',
    value: spread(latency.index.p50),
    ratio: {
      of: 'baseline: brute-force cosine, per query p50',
      value: ratioSpread(latency.index.p50, latency.brute.p50),
    },
  });
  bench.note(
    `synthetic corpus: the 200 tau-bench trials repeated to ${N}, ids renamed per copy, ~15% of turns dropped; brute force per query p50 ${perQueryBrute.toFixed(2)} ms; 20 sampled queries checked equal to brute force`,
  );
}

if (!tauBenchFile) {
  bench.skip('shared/data/tau-bench is absent on this machine');
} else {
  const trials = JSON.parse(readFileSync(tauBenchFile, 'utf8')) as Trial[];
  tauBenchQuality(trials);
  await scale(trials);
}
bench.done();
