import type { DesiredTask } from './save-taskset-version';
import { type SplitSizes, splitTasksByContent } from './split-tasks';

/**
 * The tasks with a seeded train / val / test split set (clusters kept whole). Tasks are keyed by
 * content, so a copy of a taskset, in this database or another, splits exactly as the original.
 * Throws UNPROCESSABLE (422) when train would get fewer than 3 tasks.
 */
export function applySplit(
  tasks: DesiredTask[],
  options: { seed: number; sizes?: SplitSizes },
): DesiredTask[] {
  const { rows } = splitTasksByContent(tasks, options);
  const split = new Map(rows.map((r) => [r.taskId, r.split]));
  return tasks.map((t) => ({ ...t, split: split.get(t.contentHash) ?? null }));
}
