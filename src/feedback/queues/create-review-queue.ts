import { z } from '@hono/zod-openapi';
import { desc, inArray } from 'drizzle-orm';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { service } from '@/core/service';
import { chunkRows } from '@/db/chunk';
import { idChunks } from '@/db/id-chunks';
import { selectInWorkspace } from '@/db/in-workspace';
import {
  memberships,
  type NewReviewQueueItem,
  reviewQueueItems,
  reviewQueues,
  traces,
} from '@/db/schema';
import { ListTracesQuery, traceListWhere } from '@/traces/query/list-traces';
import { getReviewQueue, type ReviewQueueView } from './get-review-queue';

/** At most this many traces in one queue. */
export const MAX_QUEUE_TRACES = 500;

/** The trace-list filter a queue may be made from: `GET /v1/traces`'s query without paging. */
export const ReviewQueueFilter = ListTracesQuery.omit({
  agentId: true,
  cursor: true,
  limit: true,
  columns: true,
}).openapi('ReviewQueueFilter');

export const CreateReviewQueueInput = z
  .strictObject({
    agentId: z.string().min(1).max(100),
    name: z.string().trim().min(1).max(120),
    traceIds: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(MAX_QUEUE_TRACES)
      .optional()
      .openapi({ description: 'The traces to label, in this order (any agent of the workspace)' }),
    filter: ReviewQueueFilter.optional().openapi({
      description: "The agent's traces this trace-list filter matches, newest first",
    }),
    maxTraces: z.number().int().min(1).max(MAX_QUEUE_TRACES).default(100).openapi({
      description: 'With filter: take at most this many of the matching traces',
    }),
    assignees: z
      .array(z.string().min(1).max(100))
      .max(20)
      .optional()
      .openapi({ description: 'User ids of workspace members; none: anyone may label every item' }),
    reviewersPerTrace: z.number().int().min(1).max(3).default(1).openapi({
      description: 'How many of the assignees label each trace (2 or 3 measures agreement)',
    }),
  })
  .refine((v) => (v.traceIds === undefined) !== (v.filter === undefined), {
    message: 'give traceIds or filter, not both',
    path: ['traceIds'],
  })
  .openapi('CreateReviewQueueInput');
export type CreateReviewQueueInput = z.input<typeof CreateReviewQueueInput>;

/** The ids in the workspace, in the given order without repeats; NOT_FOUND names the first other. */
async function tracesById(ctx: Ctx, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const found = new Set<string>();
  for (const chunk of idChunks(unique)) {
    const rows = await selectInWorkspace(ctx, traces, { id: traces.id }, [
      inArray(traces.id, chunk),
    ]);
    for (const row of rows) {
      found.add(row.id);
    }
  }
  const missing = unique.find((id) => !found.has(id));
  if (missing) {
    throw notFound('trace', missing);
  }
  return unique;
}

async function tracesByFilter(
  ctx: Ctx,
  agentId: string,
  filter: z.input<typeof ReviewQueueFilter>,
  max: number,
): Promise<string[]> {
  const query = ListTracesQuery.parse({ ...filter, agentId });
  if (query.metaValue !== undefined && !query.metaKey) {
    throw new AppError(
      'VALIDATION',
      'metaValue needs metaKey: the metadata key it is the value of',
    );
  }
  const rows = await ctx.db
    .select({ id: traces.id })
    .from(traces)
    .where(traceListWhere(ctx, query))
    .orderBy(desc(traces.startedAt), desc(traces.id))
    .limit(max);
  return rows.map((r) => r.id);
}

async function assertMembers(ctx: Ctx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) {
    return;
  }
  const rows = await selectInWorkspace(ctx, memberships, { userId: memberships.userId }, [
    inArray(memberships.userId, userIds),
  ]);
  const members = new Set(rows.map((r) => r.userId));
  const stranger = userIds.find((id) => !members.has(id));
  if (stranger) {
    throw notFound('member', stranger);
  }
}

/**
 * Makes a review queue of an agent: the given traces (or the agent's traces a trace-list filter
 * matches, newest first), each dealt to `reviewersPerTrace` of the assignees in turn (to anyone
 * without assignees). Queue and items are written in one batch.
 */
export const createReviewQueue = service(
  CreateReviewQueueInput,
  assertCanWrite,
  async (ctx, parsed): Promise<ReviewQueueView> => {
    const agent = await getAgentOrThrow(ctx, parsed.agentId);
    const assignees = [...new Set(parsed.assignees ?? [])];
    if (parsed.reviewersPerTrace > Math.max(1, assignees.length)) {
      throw new AppError(
        'VALIDATION',
        `reviewersPerTrace ${parsed.reviewersPerTrace} needs at least that many assignees (${assignees.length} given)`,
      );
    }
    await assertMembers(ctx, assignees);
    const traceIds = parsed.traceIds
      ? await tracesById(ctx, parsed.traceIds)
      : await tracesByFilter(ctx, agent.id, parsed.filter ?? {}, parsed.maxTraces);
    if (traceIds.length === 0) {
      throw new AppError('PRECONDITION_FAILED', 'no trace of this agent matches the filter');
    }
    const id = ctx.newId('rq');
    const items: NewReviewQueueItem[] = traceIds.flatMap((traceId, position) =>
      assignees.length === 0
        ? [{ id: ctx.newId('rqi'), workspaceId: ctx.workspaceId, queueId: id, traceId, position }]
        : Array.from({ length: parsed.reviewersPerTrace }, (_, j) => ({
            id: ctx.newId('rqi'),
            workspaceId: ctx.workspaceId,
            queueId: id,
            traceId,
            assigneeId: assignees[(position * parsed.reviewersPerTrace + j) % assignees.length],
            position,
          })),
    );
    await ctx.db.batch([
      ctx.db.insert(reviewQueues).values({
        id,
        workspaceId: ctx.workspaceId,
        agentId: agent.id,
        name: parsed.name,
        filter: (parsed.filter as Record<string, string | boolean> | undefined) ?? null,
        reviewersPerTrace: assignees.length === 0 ? 1 : parsed.reviewersPerTrace,
        createdBy: actingUserId(ctx),
        createdAt: ctx.now(),
      }),
      ...chunkRows(ctx.db, items, reviewQueueItems).map((rows) =>
        ctx.db.insert(reviewQueueItems).values(rows),
      ),
    ]);
    return getReviewQueue(ctx, { id });
  },
);
