import { z } from '@hono/zod-openapi';
import { and, count, desc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { type Page, toPage } from '@/core/page';
import { service } from '@/core/service';
import { rowsByIdChunks } from '@/db/id-chunks';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { afterCursor, containsText } from '@/db/list-filters';
import { RATINGS, type TaskMetadata, taskFeedbackPairs, taskMetadata, traces } from '@/db/schema';
import { emptyLabelCounts, type LabelCounts } from '@/feedback/label-counts';
import { type TaskView, toTaskView } from './task-views';

export const ListTasksQuery = z.strictObject({
  agentId: z.string().min(1).max(100).optional(),
  clusterId: z.string().min(1).max(100).optional(),
  label: z
    .enum([...RATINGS, 'unlabelled'])
    .optional()
    .openapi({ description: "The source trace's label" }),
  source: z.enum(['trace', 'manual']).optional(),
  q: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Text in the first user message' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
});
export type ListTasksQuery = z.input<typeof ListTasksQuery>;

/** Labels of the traces linked to each task as the same task, by label. */
export async function labelCountsOf(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  taskIds: string[],
): Promise<Map<string, LabelCounts>> {
  const rows = await rowsByIdChunks(taskIds, (chunk) =>
    ctx.db
      .select({ taskId: taskFeedbackPairs.taskId, label: traces.label, n: count() })
      .from(taskFeedbackPairs)
      .innerJoin(traces, sameWorkspaceRow(traces, taskFeedbackPairs, taskFeedbackPairs.traceId))
      .where(
        inWorkspace(ctx, taskFeedbackPairs, [
          eq(taskFeedbackPairs.relation, 'same_task'),
          inArray(taskFeedbackPairs.taskId, chunk),
        ]),
      )
      .groupBy(taskFeedbackPairs.taskId, traces.label),
  );
  const out = new Map<string, LabelCounts>();
  for (const r of rows) {
    if (r.label) {
      const counts = out.get(r.taskId) ?? emptyLabelCounts();
      counts[r.label] += r.n;
      out.set(r.taskId, counts);
    }
  }
  return out;
}

/** Task rows as views: the source trace's label and the label counts of the task's cluster. */
export async function toTaskViews(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  rows: { task: TaskMetadata; label: TaskView['label'] }[],
): Promise<TaskView[]> {
  const counts = await labelCountsOf(
    ctx,
    rows.map((r) => r.task.id),
  );
  return rows.map((r) =>
    toTaskView(r.task, {
      label: r.label,
      labelCounts: counts.get(r.task.id) ?? emptyLabelCounts(),
    }),
  );
}

function where(ctx: Ctx, query: z.output<typeof ListTasksQuery>): SQL {
  const conditions: (SQL | undefined)[] = [eq(taskMetadata.workspaceId, ctx.workspaceId)];
  if (query.agentId) {
    conditions.push(eq(taskMetadata.agentId, query.agentId));
  }
  if (query.clusterId) {
    conditions.push(eq(taskMetadata.clusterId, query.clusterId));
  }
  if (query.source) {
    conditions.push(
      query.source === 'trace' ? isNotNull(taskMetadata.traceId) : isNull(taskMetadata.traceId),
    );
  }
  if (query.label) {
    conditions.push(
      query.label === 'unlabelled' ? isNull(traces.label) : eq(traces.label, query.label),
    );
  }
  if (query.q) {
    conditions.push(containsText(taskMetadata.firstUserMessage, query.q));
  }
  conditions.push(afterCursor(taskMetadata.createdAt, taskMetadata.id, query.cursor));
  return and(...conditions) as SQL;
}

/** An agent's (or the workspace's) tasks, newest first, keyset-paginated on (createdAt, id). */
export const listTasks = service(ListTasksQuery, async (ctx, query): Promise<Page<TaskView>> => {
  const rows = await ctx.db
    .select({ task: taskMetadata, label: traces.label })
    .from(taskMetadata)
    .leftJoin(traces, sameWorkspaceRow(traces, taskMetadata, taskMetadata.traceId))
    .where(where(ctx, query))
    .orderBy(desc(taskMetadata.createdAt), desc(taskMetadata.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => ({
    at: r.task.createdAt.getTime(),
    id: r.task.id,
  }));
  return { data: await toTaskViews(ctx, page.data), nextCursor: page.nextCursor };
});
