import { z } from '@hono/zod-openapi';
import { IsoDate, iso, pageOf, viewOf } from '@/api/openapi-schemas';
import type { Job, JobRetry } from '@/db/schema';
import { ERROR_CATEGORIES, JOB_STATUSES } from '@/db/schema/constants';
import type { JobDetail } from '../get-job';

const JobError = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });

export const JobView = z
  .object({
    id: z.string(),
    type: z.string(),
    status: z.enum(JOB_STATUSES),
    payload: z.unknown(),
    priority: z.number().int(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    progress: z
      .object({
        percent: z.number(),
        done: z.number(),
        total: z.number(),
        message: z.string().optional(),
      })
      .nullable(),
    result: z.unknown(),
    error: JobError.nullable(),
    cancelRequested: z.boolean(),
    createdBy: z.string().nullable(),
    createdAt: IsoDate,
    runAt: IsoDate,
    startedAt: IsoDate.nullable(),
    finishedAt: IsoDate.nullable(),
    updatedAt: IsoDate,
  })
  .openapi('Job');
export type JobView = z.infer<typeof JobView>;

const JobAttemptView = z
  .object({
    attempt: z.number().int(),
    errorCode: z.string(),
    errorMessage: z.string(),
    category: z.enum(ERROR_CATEGORIES),
    retryable: z.boolean(),
    delayMs: z.number().int().nullable().openapi({ description: 'null when it was the last try' }),
    at: IsoDate,
  })
  .openapi('JobAttempt');

export const JobDetailView = JobView.extend({
  /** Every failed attempt, in order. */
  history: z.array(JobAttemptView),
}).openapi('JobDetail');

export const JobPageView = pageOf(JobView).openapi('JobPage');

/** The API shape of a job: ISO dates, no lease internals. */
export function toJobView(job: Job): JobView {
  return viewOf(JobView, { ...job, result: job.result ?? null });
}

function toAttemptView(row: JobRetry) {
  return {
    attempt: row.attempt,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    category: row.category,
    retryable: row.retryable,
    delayMs: row.delayMs,
    at: iso(row.createdAt),
  };
}

export function toJobDetailView(job: JobDetail) {
  return { ...toJobView(job), history: job.history.map(toAttemptView) };
}
