import type { DesiredTask } from './save-taskset-version';
import { type ParsedTask, taskContentHash } from './task-input';

export type DuplicateTask = {
  /** Position of the duplicate in the request. */
  index: number;
  externalId: string | null;
  /** The task it repeats: an id in the taskset, or `#n` for an earlier task of the request. */
  duplicateOf: string;
};

/** A parsed task as the row it becomes (content hash included). */
export function toDesiredTask(task: ParsedTask, extra: Partial<DesiredTask> = {}): DesiredTask {
  const userTurns = task.userTurns ?? (task.userMessage.trim() ? [task.userMessage] : []);
  const userMessage = task.userMessage.trim() ? task.userMessage : (userTurns[0] ?? '');
  const scenario = task.scenario ?? null;
  const variables = task.variables ?? {};
  return {
    externalId: task.externalId ?? null,
    userMessage,
    userTurns,
    scenario,
    variables,
    expectations: task.expectations ?? {},
    split: task.split ?? null,
    contentHash: taskContentHash({ userMessage, userTurns, scenario, variables }),
    ...extra,
  };
}

/**
 * The new tasks that are not already in the taskset (same user side and variables) nor repeated
 * earlier in the request; duplicates are reported, never inserted.
 */
export function planNewTasks(
  existing: { id?: string; contentHash: string }[],
  incoming: DesiredTask[],
): { added: DesiredTask[]; duplicates: DuplicateTask[] } {
  const seen = new Map<string, string>();
  for (const t of existing) {
    seen.set(t.contentHash, t.id ?? '');
  }
  const added: DesiredTask[] = [];
  const duplicates: DuplicateTask[] = [];
  incoming.forEach((task, index) => {
    const previous = seen.get(task.contentHash);
    if (previous !== undefined) {
      duplicates.push({ index, externalId: task.externalId ?? null, duplicateOf: previous });
      return;
    }
    seen.set(task.contentHash, `#${index}`);
    added.push(task);
  });
  return { added, duplicates };
}
