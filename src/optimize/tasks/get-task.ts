import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { traces } from '@/db/schema';
import { getTaskOrThrow } from './get-task-or-throw';
import { listSimilarTraces } from './list-similar-traces';
import { toTaskViews } from './list-tasks';
import { feedbackOfTask } from './read-task-feedback';
import type { SimilarTraceView, TaskFeedbackView, TaskView } from './task-views';

export type TaskDetail = {
  task: TaskView;
  similar: SimilarTraceView[];
  feedback: TaskFeedbackView[];
};

/** A task with its trace's similar traces and its labelled runs; NOT_FOUND in another workspace. */
export async function getTask(ctx: Ctx, id: string): Promise<TaskDetail> {
  const task = await getTaskOrThrow(ctx, id);
  const [trace] = task.traceId
    ? await selectInWorkspace(ctx, traces, { label: traces.label }, [eq(traces.id, task.traceId)])
    : [];
  const [view] = await toTaskViews(ctx, [{ task, label: trace?.label ?? null }]);
  return {
    task: view as TaskView,
    similar: task.traceId ? await listSimilarTraces(ctx, task.traceId) : [],
    feedback: await feedbackOfTask(ctx, id),
  };
}
