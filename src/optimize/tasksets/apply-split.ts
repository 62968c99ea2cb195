import type { DesiredTask } from './save-taskset-version';
import { type SplitSizes, splitTasks } from './split-tasks';

/**
 * The tasks with a seeded train / val / test split set (clusters kept whole). Tasks are keyed by
 * position, so a copy of a taskset splits exactly as the original. Throws UNPROCESSABLE (422)
 * when train would get fewer than 3 tasks.
 */
export function applySplit(
  tasks: DesiredTask[],
  options: { seed: number; sizes?: SplitSizes },
): DesiredTask[] {
  const keys = tasks.map((t) => t.contentHash);
  const { rows } = splitTasks(
    tasks.map((t, i) => ({ id: keys[i] as string, clusterId: t.clusterId ?? null })),
    options,
  );
  const split = new Map(rows.map((r) => [r.taskId, r.split]));
  return tasks.map((t, i) => ({ ...t, split: split.get(keys[i] as string) ?? null }));
}
