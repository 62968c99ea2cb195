import { z } from '@hono/zod-openapi';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { keyedService } from '@/core/service';
import { assertSandboxAvailable } from '@/sandbox/assert-sandbox-available';
import { assertEnoughLabels } from '../generation/load-generation-labels';
import { assertAgentInWorkspace, assertTracesOfAgent, getEvalOrThrow } from '../internal';

export const RequestGenerationInput = z.strictObject({
  name: z
    .string()
    .regex(/^eval_[a-z0-9_]{1,60}$/, 'eval names look like eval_<snake_case>')
    .optional(),
  /** Create a version even when no candidate clearly beats always giving the majority verdict. */
  force: z.boolean().optional(),
  /** Cross-validation folds (default 5). */
  folds: z.number().int().min(2).max(10).optional(),
  /** Seed of the fold assignment (default 1): the same labels and seed give the same eval. */
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
});

/**
 * Queues `eval.generate` for an agent of this workspace; answers the job id at once, or
 * PRECONDITION_FAILED before queueing when the agent has too few good or bad labels.
 */
export const requestEvalGeneration = keyedService(
  RequestGenerationInput,
  async (ctx, agentId) => {
    assertCanWrite(ctx);
    await assertAgentInWorkspace(ctx, agentId);
  },
  async (ctx, agentId, data) => {
    await assertSandboxAvailable(ctx);
    await assertEnoughLabels(ctx, agentId);
    const generationId = ctx.newId('gen');
    const { id } = await ctx.queue.enqueue({
      type: 'eval.generate',
      workspaceId: ctx.workspaceId,
      payload: {
        agentId,
        generationId,
        ...(data.name ? { name: data.name } : {}),
        ...(data.force ? { force: true } : {}),
        ...(data.folds !== undefined ? { folds: data.folds } : {}),
        ...(data.seed !== undefined ? { seed: data.seed } : {}),
      },
    });
    return { jobId: id, generationId };
  },
);

export const RequestRunInput = z.strictObject({
  traceIds: z.array(z.string().min(1)).max(10_000).optional(),
});

/**
 * Queues `eval.execute` for one version of this workspace; `traceIds`, when given, must all be
 * traces of the version's agent (NOT_FOUND otherwise, before anything is queued).
 */
export const requestEvalRun = keyedService(
  RequestRunInput,
  async (ctx, evalId) => {
    assertCanWrite(ctx);
    await getEvalOrThrow(ctx, evalId);
  },
  async (ctx, evalId, data, scope: { onlyLabelled?: boolean } = {}) => {
    if (data.traceIds) {
      await assertTracesOfAgent(ctx, (await getEvalOrThrow(ctx, evalId)).agentId, data.traceIds);
    }
    await assertSandboxAvailable(ctx);
    const { id } = await ctx.queue.enqueue({
      type: 'eval.execute',
      workspaceId: ctx.workspaceId,
      payload: { evalId, ...(data.traceIds ? { traceIds: data.traceIds } : {}), ...scope },
    });
    return { jobId: id };
  },
);

/**
 * Queues `eval.refine` (a person asked for it); the refinement id names its history row.
 * PRECONDITION_FAILED before queueing when the agent has too few good or bad labels to learn from.
 */
export async function requestRefinement(ctx: Ctx, evalId: string) {
  assertCanWrite(ctx);
  const version = await getEvalOrThrow(ctx, evalId);
  await assertSandboxAvailable(ctx);
  await assertEnoughLabels(ctx, version.agentId, 'refine');
  const refinementId = ctx.newId('ref');
  const { id } = await ctx.queue.enqueue({
    type: 'eval.refine',
    workspaceId: ctx.workspaceId,
    payload: { evalId, refinementId, trigger: 'manual' },
  });
  return { jobId: id, refinementId };
}
