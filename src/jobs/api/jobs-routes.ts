import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRouter } from '@/api/create-router';
import type { AppEnv } from '@/api/env';
import { IdParam, jsonBody, jsonResponse } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { cancelJob } from '../cancel-job';
import { enqueueNoopJob, NoopJobInput } from '../enqueue-noop-job';
import { getJob } from '../get-job';
import { ListJobsInput, listJobs } from '../list-jobs';
import { retryJob } from '../retry-job';
import { streamJobEvents } from '../stream-job-events';
import { JobDetailView, JobPageView, JobView, toJobDetailView, toJobView } from './job-views';

const route = routesFor('Jobs');

const StreamQuery = z.strictObject({
  lastEventId: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Resume point when the Last-Event-ID header cannot be set' }),
});
const eventStream = {
  description: 'Server-Sent Events: snapshot, queued, started, progress, log, retrying, …',
  content: { 'text/event-stream': { schema: z.string() } },
};

/** Streams job events as `text/event-stream`; resumes after the `Last-Event-ID` header. */
async function sseResponse(c: Context<AppEnv>, jobId?: string): Promise<Response> {
  const stream = await streamJobEvents(c.var.ctx, {
    jobId,
    lastEventId: c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? null,
    signal: c.req.raw.signal,
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}

export const jobsRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/jobs',
      summary: 'List jobs, newest first',
      request: { query: ListJobsInput },
      responses: { 200: jsonResponse(JobPageView, 'A page of jobs') },
    }),
    async (c) => {
      const page = await listJobs(c.var.ctx, c.req.valid('query'));
      return c.json({ data: page.data.map(toJobView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/jobs/noop',
      summary: 'Queue a diagnostic no-op job (checks the job pipeline)',
      request: { body: jsonBody(NoopJobInput) },
      responses: { 202: jsonResponse(JobView, 'The queued job') },
    }),
    async (c) => c.json(toJobView(await enqueueNoopJob(c.var.ctx, c.req.valid('json'))), 202),
  )
  .openapi(
    route({
      method: 'get',
      path: '/jobs/events',
      summary: 'Live events of every job of the workspace (SSE)',
      request: { query: StreamQuery },
      responses: { 200: eventStream },
    }),
    (c) => sseResponse(c),
  )
  .openapi(
    route({
      method: 'get',
      path: '/jobs/{id}',
      summary: 'One job with every failed attempt',
      request: { params: IdParam },
      responses: { 200: jsonResponse(JobDetailView, 'The job') },
    }),
    async (c) =>
      c.json(toJobDetailView(await getJob(c.var.ctx, { jobId: c.req.valid('param').id })), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/jobs/{id}/events',
      summary: 'Live events of one job (SSE), ends after its outcome',
      request: { params: IdParam, query: StreamQuery },
      responses: { 200: eventStream },
    }),
    (c) => sseResponse(c, c.req.valid('param').id),
  )
  .openapi(
    route({
      method: 'post',
      path: '/jobs/{id}/cancel',
      summary: 'Cancel a job (a running one stops cooperatively)',
      request: { params: IdParam },
      responses: { 200: jsonResponse(JobView, 'The job') },
    }),
    async (c) =>
      c.json(toJobView(await cancelJob(c.var.ctx, { jobId: c.req.valid('param').id })), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/jobs/{id}/retry',
      summary: 'Queue a failed or cancelled job again',
      request: { params: IdParam },
      responses: { 200: jsonResponse(JobView, 'The job, queued') },
    }),
    async (c) =>
      c.json(toJobView(await retryJob(c.var.ctx, { jobId: c.req.valid('param').id })), 200),
  );
