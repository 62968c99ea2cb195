import { sql } from 'drizzle-orm';
import { bool, createdAt, json, parentRef, timestamp, updatedAt } from './columns';
import { ERROR_CATEGORIES, JOB_STATUSES } from './constants';
import { index, integer, text, uniqueIndex } from './kit';
import { createdByAndAt, tenantTable } from './workspaces';

export type JobProgress = { percent: number; done: number; total: number; message?: string };
export type JobError = { code: string; message: string; retryable: boolean };

/** Background work with leases: a job whose worker dies is claimed again after `leaseExpiresAt`. */
export const jobs = tenantTable(
  'jobs',
  {
    type: text('type').notNull(),
    payload: json<unknown>('payload').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    priority: integer('priority').notNull().default(0),
    runAt: timestamp('run_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: timestamp('lease_expires_at'),
    progress: json<JobProgress>('progress'),
    result: json<unknown>('result'),
    error: json<JobError>('error'),
    cancelRequested: bool('cancel_requested').notNull().default(false),
    idempotencyKey: text('idempotency_key'),
    ...createdByAndAt(),
    startedAt: timestamp('started_at'),
    finishedAt: timestamp('finished_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('jobs_claim_idx').on(t.status, t.priority, t.runAt),
    index('jobs_lease_idx').on(t.status, t.leaseExpiresAt),
    index('jobs_workspace_created_idx').on(t.workspaceId, t.createdAt),
    index('jobs_workspace_status_idx').on(t.workspaceId, t.status),
    index('jobs_workspace_updated_idx').on(t.workspaceId, t.updatedAt),
    uniqueIndex('jobs_workspace_idempotency_idx')
      .on(t.workspaceId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

/** One row per failed attempt: its error, category and the delay before the next try. */
export const jobRetryHistory = tenantTable(
  'job_retry_history',
  {
    jobId: parentRef('job_id', () => jobs.id),
    attempt: integer('attempt').notNull(),
    errorCode: text('error_code').notNull(),
    errorMessage: text('error_message').notNull(),
    category: text('category', { enum: ERROR_CATEGORIES }).notNull(),
    retryable: bool('retryable').notNull(),
    delayMs: integer('delay_ms'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('job_retry_history_job_attempt_idx').on(t.jobId, t.attempt),
    index('job_retry_history_workspace_idx').on(t.workspaceId, t.createdAt),
  ],
);

export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;
export type JobRetry = typeof jobRetryHistory.$inferSelect;
