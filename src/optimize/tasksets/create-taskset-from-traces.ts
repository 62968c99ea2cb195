import { z } from '@hono/zod-openapi';
import { desc, eq, gte, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { RATINGS, taskMetadata, traces } from '@/db/schema';
import { applySplit } from './apply-split';
import {
  insertNewTaskset,
  MAX_TASKS_PER_REQUEST,
  TasksetMeta,
  type TasksetWriteResult,
} from './create-taskset';
import { planNewTasks, toDesiredTask } from './plan-new-tasks';
import { SplitInput } from './split-input';

export const TraceFilter = z
  .strictObject({
    label: z.enum([...RATINGS, 'unlabelled']).optional(),
    from: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Traces started at or after' }),
    to: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'Traces started before' }),
    hasErrors: z.boolean().optional(),
    traceIds: z.array(z.string().min(1).max(100)).max(MAX_TASKS_PER_REQUEST).optional(),
  })
  .openapi('TasksetTraceFilter');

export const CreateTasksetFromTracesInput = TasksetMeta.extend({
  filter: TraceFilter.default({}),
  perCluster: z.boolean().default(false).openapi({
    description: 'One task per cluster (runs of one task): negatives first, then positives',
  }),
  limit: z.number().int().min(1).max(MAX_TASKS_PER_REQUEST).optional(),
  split: SplitInput.optional(),
}).openapi('CreateTasksetFromTracesInput');
export type CreateTasksetFromTracesInput = z.input<typeof CreateTasksetFromTracesInput>;

/** Negatives first (room to improve), then positives (regression guard), then the rest. */
const LABEL_ORDER = sql`case ${traces.label} when 'negative' then 0 when 'positive' then 1 when 'neutral' then 2 else 3 end`;

function filterOf(ctx: Ctx, agentId: string, f: z.output<typeof TraceFilter>): SQL {
  return inWorkspace(ctx, taskMetadata, [
    eq(taskMetadata.agentId, agentId),
    f.label === 'unlabelled'
      ? isNull(traces.label)
      : f.label
        ? eq(traces.label, f.label)
        : undefined,
    f.from ? gte(traces.startedAt, new Date(f.from)) : undefined,
    f.to ? lt(traces.startedAt, new Date(f.to)) : undefined,
    f.hasErrors === undefined ? undefined : eq(traces.hasErrors, f.hasErrors),
    f.traceIds ? inArray(traces.id, f.traceIds) : undefined,
  ]) as SQL;
}

/**
 * A new taskset from the agent's tasks whose traces match a filter ("every negative trace of this
 * agent this week"), each task keeping its cluster, source trace and expectations. `perCluster`
 * keeps one task per cluster, negatives first. Split now with `split` (clusters kept whole, so no
 * task's runs straddle splits). UNPROCESSABLE when no task matches.
 */
export const createTasksetFromTraces = service(
  CreateTasksetFromTracesInput,
  async (ctx, parsed): Promise<TasksetWriteResult> => {
    const rows = await ctx.db
      .select({ task: taskMetadata })
      .from(taskMetadata)
      .innerJoin(traces, sameWorkspaceRow(traces, taskMetadata, taskMetadata.traceId))
      .where(filterOf(ctx, parsed.agentId, parsed.filter))
      .orderBy(LABEL_ORDER, desc(traces.startedAt), taskMetadata.id);
    const seen = new Set<string>();
    const chosen = rows
      .map((r) => r.task)
      .filter((t) => {
        if (!parsed.perCluster || t.clusterId === null) {
          return true;
        }
        const fresh = !seen.has(t.clusterId);
        seen.add(t.clusterId);
        return fresh;
      })
      .slice(0, parsed.limit ?? MAX_TASKS_PER_REQUEST);
    if (chosen.length === 0) {
      throw new AppError(
        'UNPROCESSABLE',
        'no task matches this filter (tasks come from traces by the tasks.index job)',
        {
          details: { filter: parsed.filter },
        },
      );
    }
    const desired = chosen.map((t) =>
      toDesiredTask(
        {
          userMessage: t.firstUserMessage ?? t.userTurns[0] ?? '',
          userTurns: t.userTurns,
          variables: t.variables,
          expectations: {
            ...(t.expectedOutput === null ? {} : { output: t.expectedOutput }),
            ...(t.expectedActions === null ? {} : { actions: t.expectedActions }),
            ...(t.successCriteria.length > 0 ? { criteria: t.successCriteria } : {}),
          },
        },
        { clusterId: t.clusterId, taskMetadataId: t.id, sourceTraceId: t.traceId },
      ),
    );
    const { added, duplicates } = planNewTasks([], desired);
    const split = parsed.split ? SplitInput.parse(parsed.split) : null;
    const tasks = split ? applySplit(added, { seed: split.seed, sizes: split }) : added;
    const taskset = await insertNewTaskset(ctx, {
      agentId: parsed.agentId,
      name: parsed.name,
      description: parsed.description,
      source: 'traces',
      tasks,
      splitSeed: split?.seed ?? null,
    });
    return { taskset, added: tasks.length, duplicates };
  },
);
