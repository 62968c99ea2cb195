import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { taskFeedbackPairs, traceSummaries, traces } from '@/db/schema';
import { deterministicSummaryOf } from '../summaries/deterministic-summary';
import { feedbackNotes } from './feedback-notes';
import { getTaskOrThrow } from './get-task-or-throw';
import type { TaskFeedbackView } from './task-views';

const ORDER = { same_task: 0, contrast: 1, similar: 2 } as const;

/**
 * What good and bad runs of a task looked like, for the eval generator and GEPA's reflector: the
 * labelled traces linked to it (same task, similar, contrast) with their current label, every
 * label's notes and the trace's summary line. Same task first, then contrast, then similar;
 * best score first within each. NOT_FOUND for another workspace's task.
 */
export async function readTaskFeedback(ctx: Ctx, taskId: string): Promise<TaskFeedbackView[]> {
  await getTaskOrThrow(ctx, taskId);
  return feedbackOfTask(ctx, taskId);
}

/** readTaskFeedback for a task already read from the ctx's workspace. */
export async function feedbackOfTask(ctx: Ctx, taskId: string): Promise<TaskFeedbackView[]> {
  const pairs = await ctx.db
    .select({
      relation: taskFeedbackPairs.relation,
      traceId: taskFeedbackPairs.traceId,
      score: taskFeedbackPairs.score,
      label: traces.label,
      summary: traceSummaries.text,
    })
    .from(taskFeedbackPairs)
    .innerJoin(traces, sameWorkspaceRow(traces, taskFeedbackPairs, taskFeedbackPairs.traceId))
    .leftJoin(traceSummaries, deterministicSummaryOf(taskFeedbackPairs.traceId))
    .where(inWorkspace(ctx, taskFeedbackPairs, [eq(taskFeedbackPairs.taskId, taskId)]));
  const notes = await feedbackNotes(
    ctx,
    pairs.map((p) => p.traceId),
  );
  return pairs
    .map((p) => ({ ...p, notes: notes.get(p.traceId) ?? [], summary: p.summary ?? null }))
    .sort(
      (a, b) =>
        ORDER[a.relation] - ORDER[b.relation] ||
        (b.score ?? 0) - (a.score ?? 0) ||
        (a.traceId < b.traceId ? -1 : 1),
    );
}
