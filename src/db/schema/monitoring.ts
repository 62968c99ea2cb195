import { sql } from 'drizzle-orm';
import { agents } from './agents';
import { createdAt, json, optionalRef, parentRef, timestamp, updatedAt } from './columns';
import {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  REFINEMENT_STATUSES,
  REFINEMENT_TRIGGERS,
} from './constants';
import { evals } from './evals';
import { index, integer, primaryKey, real, text, uniqueIndex } from './kit';
import { linkTable, tenantTable, users } from './workspaces';

/** One row per active eval version and UTC day (`day` is `YYYY-MM-DD`). */
export const performanceSnapshots = tenantTable(
  'performance_snapshots',
  {
    evalId: parentRef('eval_id', () => evals.id),
    day: text('day').notNull(),
    executions: integer('executions').notNull(),
    passes: integer('passes').notNull(),
    fails: integer('fails').notNull(),
    errors: integer('errors').notNull(),
    labelled: integer('labelled').notNull(),
    agreed: integer('agreed').notNull(),
    contradictions: integer('contradictions').notNull(),
    agreement: real('agreement'),
    passRate: real('pass_rate'),
    errorRate: real('error_rate'),
    /** Executions per system prompt id (agent version distribution). */
    promptDistribution: json<Record<string, number>>('prompt_distribution').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('performance_snapshots_eval_day_idx').on(t.evalId, t.day),
    index('performance_snapshots_workspace_day_idx').on(t.workspaceId, t.day),
  ],
);

/** Alerts, deduplicated while open: at most one unresolved alert per eval and kind. */
export const performanceAlerts = tenantTable(
  'performance_alerts',
  {
    evalId: parentRef('eval_id', () => evals.id),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    severity: text('severity', { enum: ALERT_SEVERITIES }).notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
    message: text('message').notNull(),
    details: json<Record<string, unknown>>('details').notNull().default({}),
    openedAt: timestamp('opened_at').notNull(),
    acknowledgedAt: timestamp('acknowledged_at'),
    acknowledgedBy: optionalRef('acknowledged_by', () => users.id),
    resolvedAt: timestamp('resolved_at'),
    resolvedBy: optionalRef('resolved_by', () => users.id),
  },
  (t) => [
    uniqueIndex('performance_alerts_open_dedupe_idx')
      .on(t.evalId, t.kind)
      .where(sql`${t.status} != 'resolved'`),
    index('performance_alerts_workspace_status_opened_idx').on(t.workspaceId, t.status, t.openedAt),
  ],
);

/** Rate limit for auto-refine per eval (agent + eval name), with backoff after failures. */
export const autoRefineCooldowns = linkTable(
  'auto_refine_cooldowns',
  {
    agentId: parentRef('agent_id', () => agents.id),
    evalName: text('eval_name').notNull(),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    lastTriggeredAt: timestamp('last_triggered_at'),
    nextAllowedAt: timestamp('next_allowed_at'),
    lastOutcome: text('last_outcome'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.agentId, t.evalName] })],
);

export type RefinementOutcome = {
  before?: Record<string, number | null>;
  after?: Record<string, number | null>;
  reason?: string;
};

/** Every refinement: what triggered it, from which version, to which, and how it ended. */
export const refinementHistory = tenantTable(
  'refinement_history',
  {
    agentId: parentRef('agent_id', () => agents.id),
    evalName: text('eval_name').notNull(),
    fromEvalId: optionalRef('from_eval_id', () => evals.id),
    toEvalId: optionalRef('to_eval_id', () => evals.id),
    trigger: text('trigger', { enum: REFINEMENT_TRIGGERS }).notNull(),
    alertId: optionalRef('alert_id', () => performanceAlerts.id),
    jobId: text('job_id'),
    status: text('status', { enum: REFINEMENT_STATUSES }).notNull().default('running'),
    contradictions: integer('contradictions').notNull().default(0),
    outcome: json<RefinementOutcome>('outcome').notNull().default({}),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at'),
  },
  (t) => [
    index('refinement_history_workspace_agent_created_idx').on(
      t.workspaceId,
      t.agentId,
      t.createdAt,
    ),
  ],
);

export type PerformanceSnapshot = typeof performanceSnapshots.$inferSelect;
export type NewPerformanceSnapshot = typeof performanceSnapshots.$inferInsert;
export type PerformanceAlert = typeof performanceAlerts.$inferSelect;
export type AutoRefineCooldown = typeof autoRefineCooldowns.$inferSelect;
