import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import {
  authenticated,
  errorResponses,
  IdParam,
  jsonBody,
  jsonResponse,
} from '@/api/openapi-schemas';
import { DeleteTracesInput, deleteTrace, deleteTraces } from './delete-traces';
import { getTrace, TraceDetail } from './get-trace';
import { ListTracesQuery, listTraces, TracePage } from './list-traces';

const tags = ['Traces'];

/** Trace queries. (Ingestion, `POST /v1/traces`, lives with the ingest routes.) */
export const tracesRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/traces',
      tags,
      summary: 'List traces, newest first, with filters and cursor pagination',
      security: authenticated,
      request: { query: ListTracesQuery },
      responses: { 200: jsonResponse(TracePage, 'A page of traces'), ...errorResponses },
    }),
    async (c) => c.json(await listTraces(c.var.ctx, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/traces/{id}',
      tags,
      summary: 'Get a trace with spans, eval view, metadata, labels, scores and eval results',
      security: authenticated,
      request: { params: IdParam },
      responses: { 200: jsonResponse(TraceDetail, 'The trace'), ...errorResponses },
    }),
    async (c) => c.json(await getTrace(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/traces/{id}',
      tags,
      summary: 'Delete a trace',
      security: authenticated,
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteTrace(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/traces/delete',
      tags,
      summary: 'Delete many traces (ids outside this workspace are ignored)',
      security: authenticated,
      request: { body: jsonBody(DeleteTracesInput) },
      responses: {
        200: jsonResponse(z.object({ deleted: z.number().int() }), 'How many were deleted'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await deleteTraces(c.var.ctx, c.req.valid('json')), 200),
  );
