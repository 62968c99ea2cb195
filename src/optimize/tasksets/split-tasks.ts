import { AppError } from '@/core/errors';
import type { SPLITS } from '@/db/schema';
import { createSeededRandom, shuffleSeeded } from '@/evals/metrics/seeded-random';

export type Split = (typeof SPLITS)[number];

/** GEPA's minibatch size: a train split smaller than this cannot feed one reflection step. */
const MIN_TRAIN_TASKS = 3;

export type SplitTask = { id: string; clusterId?: string | null };
export type SplitSizes = { val?: number; test?: number };
export type SplitRow = { taskId: string; split: Split; position: number };
export type SplitResult = {
  rows: SplitRow[];
  counts: Record<Split, number>;
  targets: Record<Split, number>;
};

/**
 * Default sizes for `n` tasks (design §4): test 20% (none under 10 tasks), validation
 * max(5, 30%) capped at 50 but never leaving train under MIN_TRAIN_TASKS, train the rest.
 */
export function defaultSplitSizes(n: number): Required<SplitSizes> {
  const test = n < 10 ? 0 : Math.round(n * 0.2);
  const val = Math.max(
    0,
    Math.min(50, Math.max(5, Math.round(n * 0.3)), n - test - MIN_TRAIN_TASKS),
  );
  return { val, test };
}

function tooFewTrain(tasks: number, train: number, why: string): AppError {
  return new AppError(
    'UNPROCESSABLE',
    `a split needs at least ${MIN_TRAIN_TASKS} train tasks; ${why} (${tasks} tasks)`,
    { details: { minimumTrainTasks: MIN_TRAIN_TASKS, trainTasks: train, tasks } },
  );
}

/**
 * Seeded train / val / test split with similarity clusters kept whole, so near-duplicates never
 * straddle splits. Deterministic: the same tasks (ids and clusters, in any order) and seed give the
 * same rows; another seed gives another split. Groups are dealt in seeded order to test, then
 * val, then train, each taking whole clusters until it reaches its size (it may overshoot by less
 * than one cluster). Throws UNPROCESSABLE (HTTP 422) when train would get under 3 tasks.
 */
export function splitTasks(
  tasks: SplitTask[],
  options: { seed: number; sizes?: SplitSizes },
): SplitResult {
  const n = tasks.length;
  const defaults = defaultSplitSizes(n);
  const targets = {
    test: options.sizes?.test ?? defaults.test,
    val: options.sizes?.val ?? defaults.val,
    train: 0,
  };
  targets.train = n - targets.test - targets.val;
  if (targets.train < MIN_TRAIN_TASKS) {
    throw tooFewTrain(
      n,
      Math.max(0, targets.train),
      `train would get ${Math.max(0, targets.train)}`,
    );
  }
  const groups = new Map<string, string[]>();
  for (const task of tasks) {
    const key = task.clusterId ? `c:${task.clusterId}` : `t:${task.id}`;
    groups.set(key, [...(groups.get(key) ?? []), task.id]);
  }
  const keys = [...groups.keys()].sort();
  const order = shuffleSeeded(keys, createSeededRandom(options.seed));
  const counts: Record<Split, number> = { train: 0, val: 0, test: 0 };
  const rows: SplitRow[] = [];
  for (const key of order) {
    const members = (groups.get(key) ?? []).sort();
    const split: Split =
      counts.test < targets.test ? 'test' : counts.val < targets.val ? 'val' : 'train';
    for (const taskId of members) {
      rows.push({ taskId, split, position: counts[split]++ });
    }
  }
  if (counts.train < MIN_TRAIN_TASKS) {
    throw tooFewTrain(n, counts.train, `clusters this large leave train ${counts.train}`);
  }
  return { rows, counts, targets };
}

export type ContentTask = { contentHash: string; clusterId?: string | null };

/**
 * `splitTasks` keyed by content, so the same tasks and seed split alike in any database (row and
 * cluster ids are not content: they differ between databases): each task by its content hash,
 * each cluster by the smallest content hash among its tasks. The rows' `taskId` is the content
 * hash. Content hashes are unique within a taskset.
 */
export function splitTasksByContent(
  tasks: ContentTask[],
  options: { seed: number; sizes?: SplitSizes },
): SplitResult {
  const clusterKey = new Map<string, string>();
  for (const { clusterId, contentHash } of tasks) {
    const key = clusterId ? clusterKey.get(clusterId) : undefined;
    if (clusterId && (key === undefined || contentHash < key)) {
      clusterKey.set(clusterId, contentHash);
    }
  }
  return splitTasks(
    tasks.map((t) => ({
      id: t.contentHash,
      clusterId: t.clusterId ? (clusterKey.get(t.clusterId) ?? null) : null,
    })),
    options,
  );
}
