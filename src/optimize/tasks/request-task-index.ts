import { z } from '@hono/zod-openapi';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import { service } from '@/core/service';
import { enqueueJob } from '@/jobs/enqueue-job';

export const ExtractTasksInput = z
  .strictObject({
    agentId: z.string().min(1).max(100).optional().openapi({ description: 'Only this agent' }),
    full: z.boolean().optional().openapi({
      description: 'Read every trace again, not only those new or changed since the last run',
    }),
  })
  .openapi('ExtractTasksInput');

/** Queues `tasks.index` now (extraction, similar traces, clusters, feedback pairs). */
export const requestTaskIndex = service(
  ExtractTasksInput,
  assertCanWrite,
  async (ctx, parsed): Promise<{ jobId: string }> => {
    if (parsed.agentId) {
      await getAgentOrThrow(ctx, parsed.agentId);
    }
    const job = await enqueueJob(ctx, ctx.workspaceId, 'tasks.index', parsed, {
      createdBy: actingUserId(ctx),
    });
    return { jobId: job.id };
  },
);
