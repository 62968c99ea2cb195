import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { IsoDate, viewOf } from '@/api/openapi-schemas';
import { performanceAlerts } from '@/db/schema';
import type { AlertWithEval } from '../list-alerts';
import type { DaySnapshot } from '../list-snapshots-today';

export const AlertView = z
  .object({
    ...columnFields(performanceAlerts, 'id', 'evalId'),
    evalName: z.string(),
    evalVersion: z.number().int(),
    agentId: z.string(),
    ...columnFields(performanceAlerts, 'kind', 'severity', 'status'),
    message: z.string().openapi({ description: 'A one-line human explanation' }),
    details: z.record(z.string(), z.unknown()),
    ...columnFields(performanceAlerts, 'openedAt', 'acknowledgedAt'),
    acknowledgedBy: z.string().nullable().openapi({ description: 'user id; null for API keys' }),
    ...columnFields(performanceAlerts, 'resolvedAt', 'resolvedBy'),
  })
  .openapi('Alert');

export function toAlertView(alert: AlertWithEval): z.infer<typeof AlertView> {
  return viewOf(AlertView, alert);
}

export const SnapshotView = z
  .object({
    evalId: z.string(),
    day: z.string().openapi({ example: '2026-11-27' }),
    executions: z.number().int(),
    passes: z.number().int(),
    fails: z.number().int(),
    errors: z.number().int(),
    labelled: z.number().int(),
    agreed: z.number().int(),
    contradictions: z.number().int(),
    agreement: z.number().nullable(),
    passRate: z.number().nullable(),
    errorRate: z.number().nullable(),
    promptDistribution: z
      .record(z.string(), z.number())
      .openapi({ description: 'executions per system prompt id' }),
    partial: z.boolean().openapi({ description: 'today so far, counted now (not a finished day)' }),
  })
  .openapi('Snapshot');

export function toSnapshotView(row: DaySnapshot): z.infer<typeof SnapshotView> {
  return viewOf(SnapshotView, row);
}

const Thresholds = z
  .object({
    agreementDrop: z.number(),
    errorRateRise: z.number(),
    passRateZ: z.number(),
    minLabelled: z.number(),
    minExecutions: z.number(),
    baselineDays: z.number(),
    autoRefineContradictions: z.number(),
    autoRefineCooldownHours: z.number(),
  })
  .openapi('AlertThresholds');

export const MonitoringSettingsView = z
  .object({
    evalId: z.string(),
    thresholds: z.object({
      defaults: Thresholds,
      overrides: Thresholds.partial(),
      effective: Thresholds,
    }),
    autoRefine: z.object({
      enabled: z.boolean(),
      requireHumanApproval: z.literal(true).openapi({
        description: 'Refinement only proposes a candidate version; a person activates it',
      }),
      contradictionTrigger: z.number().int(),
      cooldownHours: z.number(),
      cooldown: z
        .object({
          consecutiveFailures: z.number().int(),
          lastTriggeredAt: IsoDate.nullable(),
          nextAllowedAt: IsoDate.nullable(),
          lastOutcome: z.string().nullable(),
        })
        .nullable(),
    }),
  })
  .openapi('MonitoringSettings');
