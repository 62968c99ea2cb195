import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRouter } from '@/api/create-router';
import type { AppEnv } from '@/api/env';
import { accepted, eventStreamResponse, events, ok, routesFor } from '@/api/routes-for';
import type { Ctx } from '@/core/context';
import { mapPage } from '@/core/page';
import { cancelJob } from '../cancel-job';
import { enqueueNoopJob, NoopJobInput } from '../enqueue-noop-job';
import { getJob } from '../get-job';
import { ListJobsInput, listJobs } from '../list-jobs';
import { retryJob } from '../retry-job';
import { streamJobEvents } from '../stream-job-events';
import { JobDetailView, JobPageView, JobView, toJobDetailView, toJobView } from './job-views';

const { get, post } = routesFor('Jobs');

const StreamQuery = z.strictObject({
  lastEventId: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Resume point when the Last-Event-ID header cannot be set' }),
});
const eventsDescription =
  'Server-Sent Events: snapshot, queued, started, progress, log, retrying, …';

/** Streams job events; resumes after the `Last-Event-ID` header (or `lastEventId` query). */
async function jobEvents(ctx: Ctx, c: Context<AppEnv>, jobId?: string): Promise<Response> {
  const stream = await streamJobEvents(ctx, {
    jobId,
    lastEventId: c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? null,
    signal: c.req.raw.signal,
  });
  return eventStreamResponse(stream);
}

export const jobsRoutes = createRouter()
  .openapi(
    ...get(
      '/jobs',
      'List jobs, newest first',
      { query: ListJobsInput },
      ok(JobPageView, 'A page of jobs'),
      async (ctx, input) => mapPage(await listJobs(ctx, input), toJobView),
    ),
  )
  .openapi(
    ...post(
      '/jobs/noop',
      'Queue a diagnostic no-op job (checks the job pipeline)',
      { json: NoopJobInput },
      accepted(JobView, 'The queued job'),
      async (ctx, input) => toJobView(await enqueueNoopJob(ctx, input)),
    ),
  )
  .openapi(
    ...get(
      '/jobs/events',
      'Live events of every job of the workspace (SSE)',
      { query: StreamQuery },
      events(eventsDescription),
      (ctx, _input, c) => jobEvents(ctx, c),
    ),
  )
  .openapi(
    ...get(
      '/jobs/{id}',
      'One job with every failed attempt',
      {},
      ok(JobDetailView, 'The job'),
      async (ctx, { id }) => toJobDetailView(await getJob(ctx, { jobId: id })),
    ),
  )
  .openapi(
    ...get(
      '/jobs/{id}/events',
      'Live events of one job (SSE), ends after its outcome',
      { query: StreamQuery },
      events(eventsDescription),
      (ctx, { id }, c) => jobEvents(ctx, c, id),
    ),
  )
  .openapi(
    ...post(
      '/jobs/{id}/cancel',
      'Cancel a job (a running one stops cooperatively)',
      {},
      ok(JobView, 'The job'),
      async (ctx, { id }) => toJobView(await cancelJob(ctx, { jobId: id })),
    ),
  )
  .openapi(
    ...post(
      '/jobs/{id}/retry',
      'Queue a failed or cancelled job again',
      {},
      ok(JobView, 'The job, queued'),
      async (ctx, { id }) => toJobView(await retryJob(ctx, { jobId: id })),
    ),
  );
