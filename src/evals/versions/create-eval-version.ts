import { z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { actingUserId } from '@/auth/assert-role';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import { sha256Hex } from '@/core/web-crypto';
import { isUniqueViolation } from '@/db/errors';
import { rowsInWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { type AgreementMetrics, EVAL_GENERATORS, type Eval, evals } from '@/db/schema';
import { SANDBOX_LIMITS } from '@/sandbox/limits';
import { assertAgentInWorkspace, getEvalOrThrow } from '../internal';

const CreateEvalVersionInput = z.object({
  /** A caller-chosen id makes the call idempotent: a second call with it returns the first version. */
  id: z.string().min(1).max(200).optional(),
  agentId: z.string().min(1),
  name: z.string().regex(/^eval_[a-z0-9_]{1,60}$/, 'eval names look like eval_<snake_case>'),
  code: z
    .string()
    .min(1)
    .max(SANDBOX_LIMITS.codeBytes * 4),
  generator: z.enum(EVAL_GENERATORS),
  description: z.string().max(2000).default(''),
  parentEvalId: z.string().optional(),
  model: z.string().optional(),
  generationPrompt: z.string().optional(),
  /** What the code checks in plain words, one line per rule. */
  rules: z.array(z.string().min(1).max(500)).max(50).default([]),
  trainingTraceIds: z.array(z.string()).default([]),
  heldOutMetrics: z.custom<AgreementMetrics>().optional(),
  /** How the code asks a model (hybrid versions): the model, its questions, cost per trace. */
  judge: z
    .object({
      model: z.string().min(1).max(200),
      questions: z.array(z.string().max(2000)).max(20),
      callsPerTrace: z.number().min(0).max(100),
      expectedCostUsdPerTrace: z.number().min(0).nullable(),
    })
    .optional(),
});
export type CreateEvalVersionInput = z.input<typeof CreateEvalVersionInput>;

/**
 * Adds the next version of an eval (agent + name) as a candidate. Never overwrites: every call
 * adds a row, numbered after the highest existing version. Monitoring settings (auto-refine and
 * alert thresholds) belong to the eval, not one version, so the new row inherits the latest's.
 */
export const createEvalVersion = service(
  CreateEvalVersionInput,
  async (ctx, data): Promise<Eval> => {
    await assertAgentInWorkspace(ctx, data.agentId);
    if (data.parentEvalId) {
      const parent = await getEvalOrThrow(ctx, data.parentEvalId);
      if (parent.agentId !== data.agentId || parent.name !== data.name) {
        throw new AppError(
          'VALIDATION',
          'a parent version must be an earlier version of the same eval',
        );
      }
    }
    if (data.id) {
      const [existing] = await rowsInWorkspace(ctx, evals, [eq(evals.id, data.id)]);
      if (existing) {
        return existing;
      }
    }
    const codeHash = await sha256Hex(data.code);
    for (let attempt = 0; attempt < 3; attempt++) {
      const [latest] = await selectInWorkspace(
        ctx,
        evals,
        {
          version: evals.version,
          autoRefine: evals.autoRefine,
          alertThresholds: evals.alertThresholds,
        },
        [eq(evals.agentId, data.agentId), eq(evals.name, data.name)],
      )
        .orderBy(desc(evals.version))
        .limit(1);
      try {
        const [row] = await ctx.db
          .insert(evals)
          .values({
            id: data.id ?? ctx.newId('ev'),
            workspaceId: ctx.workspaceId,
            agentId: data.agentId,
            name: data.name,
            version: (latest?.version ?? 0) + 1,
            parentEvalId: data.parentEvalId ?? null,
            status: 'candidate',
            description: data.description,
            code: data.code,
            codeHash,
            generator: data.generator,
            model: data.model ?? null,
            generationPrompt: data.generationPrompt ?? null,
            rules: data.rules,
            trainingTraceIds: data.trainingTraceIds,
            heldOutMetrics: data.heldOutMetrics ?? null,
            judge: data.judge ?? null,
            autoRefine: latest?.autoRefine ?? false,
            alertThresholds: latest?.alertThresholds ?? {},
            createdBy: actingUserId(ctx),
            createdAt: ctx.now(),
          })
          .returning();
        if (row) {
          return row;
        }
      } catch (error) {
        if (!isUniqueViolation(error)) {
          throw error;
        }
      }
    }
    throw new AppError('CONFLICT', `could not number a new version of ${data.name}; try again`);
  },
);
