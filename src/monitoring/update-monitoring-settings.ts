import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { patchRecord } from '@/core/patch-record';
import { inWorkspace } from '@/db/in-workspace';
import { evals } from '@/db/schema';
import { getEvalOrThrow } from '@/evals/internal';
import { AlertThresholds } from './alert-thresholds';
import { toMonitoringSettings, validOverrides } from './get-monitoring-settings';

const overridable = Object.fromEntries(
  Object.entries(AlertThresholds.shape).map(([key, field]) => [
    key,
    // a default-less copy of the field; null removes the override
    (field as z.ZodDefault<z.ZodNumber>).unwrap().nullable().optional(),
  ]),
) as { [K in keyof AlertThresholds]: z.ZodOptional<z.ZodNullable<z.ZodNumber>> };

export const UpdateMonitoringInput = z
  .strictObject({
    /** Overrides of the default thresholds; `null` returns a key to its default. */
    thresholds: z.strictObject(overridable).optional(),
    autoRefine: z
      .strictObject({
        enabled: z.boolean().optional(),
        /** Contradictions on one day that trigger a refinement (`autoRefineContradictions`). */
        contradictionTrigger: z.number().int().min(1).optional(),
        /** Base hours between automatic refinements (`autoRefineCooldownHours`). */
        cooldownHours: z.number().min(0).optional(),
      })
      .optional(),
  })
  .openapi('UpdateMonitoringInput');
export type UpdateMonitoringInput = z.input<typeof UpdateMonitoringInput>;

/**
 * Changes an eval's alert thresholds and auto-refine settings. They apply to every version of
 * the eval (same agent and name), so activating or rolling back a version keeps them.
 */
export async function updateMonitoringSettings(
  ctx: Ctx,
  input: { evalId: string; changes: UpdateMonitoringInput },
) {
  assertCanWrite(ctx);
  const changes = UpdateMonitoringInput.parse(input.changes);
  const row = await getEvalOrThrow(ctx, input.evalId);
  const patch: Record<string, number | null | undefined> = { ...changes.thresholds };
  if (changes.autoRefine?.contradictionTrigger !== undefined) {
    patch.autoRefineContradictions = changes.autoRefine.contradictionTrigger;
  }
  if (changes.autoRefine?.cooldownHours !== undefined) {
    patch.autoRefineCooldownHours = changes.autoRefine.cooldownHours;
  }
  const next = patchRecord(validOverrides(row.alertThresholds), patch);
  await ctx.db
    .update(evals)
    .set({
      alertThresholds: next,
      ...(changes.autoRefine?.enabled === undefined
        ? {}
        : { autoRefine: changes.autoRefine.enabled }),
    })
    .where(inWorkspace(ctx, evals, [eq(evals.agentId, row.agentId), eq(evals.name, row.name)]));
  return toMonitoringSettings(ctx, await getEvalOrThrow(ctx, row.id));
}
