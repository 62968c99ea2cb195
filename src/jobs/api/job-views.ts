import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { IsoDate, iso, pageOf, viewOf } from '@/api/openapi-schemas';
import { type Job, type JobRetry, jobRetryHistory, jobs } from '@/db/schema';
import type { JobDetail } from '../get-job';

const JobError = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });

export const JobView = z
  .object({
    ...columnFields(jobs, 'id', 'type', 'status'),
    payload: z.unknown(),
    ...columnFields(jobs, 'priority', 'attempts', 'maxAttempts'),
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
    ...columnFields(jobs, 'cancelRequested', 'createdBy'),
    ...columnFields(jobs, 'createdAt', 'runAt', 'startedAt', 'finishedAt', 'updatedAt'),
  })
  .openapi('Job');
export type JobView = z.infer<typeof JobView>;

const JobAttemptView = z
  .object({
    ...columnFields(jobRetryHistory, 'attempt', 'errorCode', 'errorMessage'),
    ...columnFields(jobRetryHistory, 'category', 'retryable'),
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
