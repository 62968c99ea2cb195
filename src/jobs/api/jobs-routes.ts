import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createRouter } from '@/api/create-router';
import type { AppEnv } from '@/api/env';
import {
  authenticated,
  errorResponses,
  IdParam,
  jsonBody,
  jsonResponse,
} from '@/api/openapi-schemas';
import { cancelJob } from '../cancel-job';
import { enqueueNoopJob, NoopJobInput } from '../enqueue-noop-job';
import { getJob } from '../get-job';
import { ListJobsInput, listJobs } from '../list-jobs';
import { retryJob } from '../retry-job';
import { streamJobEvents } from '../stream-job-events';
import { JobDetailView, JobPageView, JobView, toJobDetailView, toJobView } from './job-views';

const tags = ['Jobs'];
const route = <M extends 'get' | 'post', P extends string>(
  method: M,
  path: P,
  summary: string,
) => ({
  method,
  path,
  tags,
  summary,
  security: authenticated,
});

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
    createRoute({
      ...route('get', '/jobs', 'List jobs, newest first'),
      request: { query: ListJobsInput },
      responses: { 200: jsonResponse(JobPageView, 'A page of jobs'), ...errorResponses },
    }),
    async (c) => {
      const page = await listJobs(c.var.ctx, c.req.valid('query'));
      return c.json({ data: page.items.map(toJobView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      ...route('post', '/jobs/noop', 'Queue a diagnostic no-op job (checks the job pipeline)'),
      request: { body: jsonBody(NoopJobInput) },
      responses: { 202: jsonResponse(JobView, 'The queued job'), ...errorResponses },
    }),
    async (c) => c.json(toJobView(await enqueueNoopJob(c.var.ctx, c.req.valid('json'))), 202),
  )
  .openapi(
    createRoute({
      ...route('get', '/jobs/events', 'Live events of every job of the workspace (SSE)'),
      request: { query: StreamQuery },
      responses: { 200: eventStream, ...errorResponses },
    }),
    (c) => sseResponse(c),
  )
  .openapi(
    createRoute({
      ...route('get', '/jobs/{id}', 'One job with every failed attempt'),
      request: { params: IdParam },
      responses: { 200: jsonResponse(JobDetailView, 'The job'), ...errorResponses },
    }),
    async (c) =>
      c.json(toJobDetailView(await getJob(c.var.ctx, { jobId: c.req.valid('param').id })), 200),
  )
  .openapi(
    createRoute({
      ...route('get', '/jobs/{id}/events', 'Live events of one job (SSE), ends after its outcome'),
      request: { params: IdParam, query: StreamQuery },
      responses: { 200: eventStream, ...errorResponses },
    }),
    (c) => sseResponse(c, c.req.valid('param').id),
  )
  .openapi(
    createRoute({
      ...route('post', '/jobs/{id}/cancel', 'Cancel a job (a running one stops cooperatively)'),
      request: { params: IdParam },
      responses: { 200: jsonResponse(JobView, 'The job'), ...errorResponses },
    }),
    async (c) =>
      c.json(toJobView(await cancelJob(c.var.ctx, { jobId: c.req.valid('param').id })), 200),
  )
  .openapi(
    createRoute({
      ...route('post', '/jobs/{id}/retry', 'Queue a failed or cancelled job again'),
      request: { params: IdParam },
      responses: { 200: jsonResponse(JobView, 'The job, queued'), ...errorResponses },
    }),
    async (c) =>
      c.json(toJobView(await retryJob(c.var.ctx, { jobId: c.req.valid('param').id })), 200),
  );
