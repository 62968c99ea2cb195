import type { Ctx } from '@/core/context';
import type { Eval } from '@/db/schema';
import { getEvalOrThrow } from '@/evals/internal';
import { AlertThresholds, resolveThresholds } from './alert-thresholds';
import { readCooldown } from './auto-refine/cooldown';

export type MonitoringSettings = Awaited<ReturnType<typeof getMonitoringSettings>>;

/** The stored overrides that are valid threshold keys (anything else is ignored when resolving). */
export function validOverrides(stored: Record<string, unknown> | null | undefined) {
  const out: Partial<AlertThresholds> = {};
  for (const [key, value] of Object.entries(stored ?? {})) {
    const field = AlertThresholds.shape[key as keyof AlertThresholds];
    if (field?.safeParse(value).success) {
      (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/** Settings as the API shows them, from an eval row and its cooldown. */
export async function toMonitoringSettings(ctx: Pick<Ctx, 'db'>, row: Eval) {
  const effective = resolveThresholds(row.alertThresholds);
  const cooldown = await readCooldown(ctx, {
    workspaceId: row.workspaceId,
    agentId: row.agentId,
    evalName: row.name,
  });
  return {
    evalId: row.id,
    thresholds: {
      defaults: AlertThresholds.parse({}),
      overrides: validOverrides(row.alertThresholds),
      effective,
    },
    autoRefine: {
      enabled: row.autoRefine,
      /** Refinement only proposes a candidate version; activating it is always a person's act. */
      requireHumanApproval: true as const,
      contradictionTrigger: effective.autoRefineContradictions,
      cooldownHours: effective.autoRefineCooldownHours,
      cooldown: cooldown
        ? {
            consecutiveFailures: cooldown.consecutiveFailures,
            lastTriggeredAt: cooldown.lastTriggeredAt?.toISOString() ?? null,
            nextAllowedAt: cooldown.nextAllowedAt?.toISOString() ?? null,
            lastOutcome: cooldown.lastOutcome,
          }
        : null,
    },
  };
}

/** Alert thresholds (defaults, overrides, effective) and auto-refine settings of one eval. */
export async function getMonitoringSettings(ctx: Ctx, input: { evalId: string }) {
  return toMonitoringSettings(ctx, await getEvalOrThrow(ctx, input.evalId));
}
