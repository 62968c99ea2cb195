import { z } from '@hono/zod-openapi';

/** Per-eval alert and auto-refine settings, stored in `evals.alert_thresholds` (partial). */
export const AlertThresholds = z.object({
  /** Open `agreement_drop` when agreement falls this much (absolute) below the baseline. */
  agreementDrop: z.number().min(0).max(1).default(0.1),
  /** Open `error_rate_rise` when the error rate rises this much (absolute) above the baseline. */
  errorRateRise: z.number().min(0).max(1).default(0.1),
  /** Open `pass_rate_shift` when a two-proportion z-test's |z| reaches this (3 ≈ p < 0.003). */
  passRateZ: z.number().min(0).default(3),
  /** Labelled verdicts needed on the day and in the baseline before agreement is judged. */
  minLabelled: z.number().int().min(1).default(10),
  /** Executions needed on the day and in the baseline before rates are judged. */
  minExecutions: z.number().int().min(1).default(20),
  /** Days before the snapshot day that form the baseline. */
  baselineDays: z.number().int().min(1).max(90).default(7),
  /** Contradictions on one day that trigger auto-refine (when enabled on the eval). */
  autoRefineContradictions: z.number().int().min(1).default(5),
  /** Hours between auto-refinements; doubled after each consecutive failure (max 7 days). */
  autoRefineCooldownHours: z.number().min(0).default(6),
});
export type AlertThresholds = z.infer<typeof AlertThresholds>;

/** Defaults overlaid with an eval's stored values; invalid stored values fall back to defaults. */
export function resolveThresholds(
  stored: Record<string, unknown> | null | undefined,
): AlertThresholds {
  const defaults = AlertThresholds.parse({});
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(stored ?? {})) {
    const field = AlertThresholds.shape[key as keyof AlertThresholds];
    if (field?.safeParse(value).success) {
      merged[key] = value;
    }
  }
  return AlertThresholds.parse(merged);
}
