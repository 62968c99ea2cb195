import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { cancelGepaRun, resumeGepaRun } from '../gepa/run/control-gepa-run';
import { createGepaRun } from '../gepa/run/create-gepa-run';
import { CreateGepaRunInput } from '../gepa/run/gepa-run-config';
import { getGepaRunOrThrow, toGepaRunView } from '../gepa/run/gepa-run-views';
import { ListGepaRunsQuery, listGepaRuns } from '../gepa/run/list-gepa-runs';
import { streamGepaRun } from '../gepa/run/stream-gepa-run';

const route = routesFor('GEPA runs');

export const GepaRunView = z
  .object({
    id: z.string(),
    agentId: z.string(),
    tasksetId: z.string().nullable(),
    baseVersionId: z.string().nullable(),
    status: z.string(),
    stage: z.string(),
    stopReason: z.string().nullable(),
    iteration: z.number().int(),
    budgetRollouts: z.number().int(),
    usedRollouts: z.number().int(),
    reflection: z.object({
      calls: z.number(),
      inputTokens: z.number(),
      outputTokens: z.number(),
      usd: z.number(),
    }),
    config: z.record(z.string(), z.unknown()),
    best: z.number().int().nullable(),
    candidates: z.array(
      z.object({
        index: z.number().int(),
        parents: z.array(z.number().int()),
        valAverage: z.number(),
        iteration: z.number().int(),
        discoveredAt: z.number().int(),
        text: z.record(z.string(), z.string()),
      }),
    ),
    iterations: z.number().int(),
    testReport: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('GepaRun');

const eventStream = {
  description: 'Server-Sent Events: `progress` on every stage or status change, then `end`',
  content: { 'text/event-stream': { schema: z.string() } },
};

export const gepaRunsRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/gepa-runs',
      summary: "Start a GEPA run: optimise an agent's prompt with its aligned evals as reward",
      request: { body: jsonBody(CreateGepaRunInput) },
      responses: { 201: jsonResponse(GepaRunView, 'The queued run') },
    }),
    async (c) => c.json(await createGepaRun(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/gepa-runs',
      summary: 'List GEPA runs, newest first',
      request: { query: ListGepaRunsQuery },
      responses: { 200: jsonResponse(pageOf(GepaRunView), 'Runs') },
    }),
    async (c) =>
      c.json(
        onePage((await listGepaRuns(c.var.ctx, c.req.valid('query'))).map(toGepaRunView)),
        200,
      ),
  )
  .openapi(
    route({
      method: 'get',
      path: '/gepa-runs/{id}',
      summary: 'A GEPA run: status, budget, candidate pool and test-split report',
      request: { params: IdParam },
      responses: { 200: jsonResponse(GepaRunView, 'The run') },
    }),
    async (c) =>
      c.json(toGepaRunView(await getGepaRunOrThrow(c.var.ctx, c.req.valid('param').id)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/gepa-runs/{id}/cancel',
      summary: 'Cancel a run at the next stage boundary (its best candidate is kept)',
      request: { params: IdParam },
      responses: { 200: jsonResponse(GepaRunView, 'The cancelled run') },
    }),
    async (c) => c.json(await cancelGepaRun(c.var.ctx, c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/gepa-runs/{id}/resume',
      summary: 'Resume a cancelled, paused or failed run from its saved state',
      request: { params: IdParam },
      responses: { 200: jsonResponse(GepaRunView, 'The queued run') },
    }),
    async (c) => c.json(await resumeGepaRun(c.var.ctx, c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/gepa-runs/{id}/events',
      summary: "A run's live progress as Server-Sent Events",
      request: { params: IdParam },
      responses: { 200: eventStream },
    }),
    async (c) =>
      new Response(
        await streamGepaRun(c.var.ctx, c.req.valid('param').id, { signal: c.req.raw.signal }),
        {
          headers: {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-cache, no-transform',
            'x-accel-buffering': 'no',
          },
        },
      ),
  );
