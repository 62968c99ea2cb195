import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { DailyMetrics, DailyMetricsQuery, getDailyMetrics } from './daily-metrics';
import { DeleteTracesInput, deleteTrace, deleteTraces } from './delete-traces';
import { getTrace, TraceDetail } from './get-trace';
import { ListTracesQuery, listTraces, TracePage } from './list-traces';
import { getTraceGroups, TraceGroups, TraceGroupsQuery } from './trace-groups';
import { getTraceMetadataKeys, TraceMetadataKeys, TraceMetadataQuery } from './trace-metadata-keys';

const route = routesFor('Traces');

/** Trace queries. (Ingestion, `POST /v1/traces`, lives with the ingest routes.) */
export const tracesRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/traces',
      summary: 'List traces, newest first, with filters and cursor pagination',
      request: { query: ListTracesQuery },
      responses: { 200: jsonResponse(TracePage, 'A page of traces') },
    }),
    async (c) => c.json(await listTraces(c.var.ctx, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/trace-metadata',
      summary:
        "The newest traces' metadata keys and their common values (what the list filters on)",
      request: { query: TraceMetadataQuery },
      responses: { 200: jsonResponse(TraceMetadataKeys, 'Keys, most used first') },
    }),
    async (c) => c.json(await getTraceMetadataKeys(c.var.ctx, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/trace-groups',
      summary:
        'Traces grouped by session or by user: counts, first and last seen, errors and labels per group',
      request: { query: TraceGroupsQuery },
      responses: { 200: jsonResponse(TraceGroups, 'Groups, most recently seen first') },
    }),
    async (c) => c.json(await getTraceGroups(c.var.ctx, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/traces/{id}',
      summary: 'Get a trace with spans, eval view, metadata, labels, scores and eval results',
      request: { params: IdParam },
      responses: { 200: jsonResponse(TraceDetail, 'The trace') },
    }),
    async (c) => c.json(await getTrace(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/traces/{id}',
      summary: 'Delete a trace',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deleteTrace(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/traces/delete',
      summary: 'Delete many traces (ids outside this workspace are ignored)',
      request: { body: jsonBody(DeleteTracesInput) },
      responses: {
        200: jsonResponse(z.object({ deleted: z.number().int() }), 'How many were deleted'),
      },
    }),
    async (c) => c.json(await deleteTraces(c.var.ctx, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/metrics/daily',
      summary:
        "Per UTC day (today so far included): traces, error rate, latency p50/p95, tokens, cost and the active evals' pass rates",
      request: { query: DailyMetricsQuery },
      responses: { 200: jsonResponse(DailyMetrics, 'One entry per day of the window') },
    }),
    async (c) => c.json(await getDailyMetrics(c.var.ctx, c.req.valid('query')), 200),
  );
