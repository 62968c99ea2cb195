import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { noContent, ok, routesFor } from '@/api/routes-for';
import { DailyMetrics, DailyMetricsQuery, getDailyMetrics } from './daily-metrics';
import { DeleteTracesInput, deleteTrace, deleteTraces } from './delete-traces';
import { getTrace, TraceDetail } from './get-trace';
import { ListTracesQuery, listTraces, TracePage } from './list-traces';
import { getTraceGroups, TraceGroups, TraceGroupsQuery } from './trace-groups';
import { getTraceMetadataKeys, TraceMetadataKeys, TraceMetadataQuery } from './trace-metadata-keys';

const { delete: del, get, post } = routesFor('Traces');

/** Trace queries. (Ingestion, `POST /v1/traces`, lives with the ingest routes.) */
export const tracesRoutes = createRouter()
  .openapi(
    ...get(
      '/traces',
      'List traces, newest first, with filters and cursor pagination',
      { query: ListTracesQuery },
      ok(TracePage, 'A page of traces'),
      listTraces,
    ),
  )
  .openapi(
    ...get(
      '/trace-metadata',
      "The newest traces' metadata keys and their common values (what the list filters on)",
      { query: TraceMetadataQuery },
      ok(TraceMetadataKeys, 'Keys, most used first'),
      getTraceMetadataKeys,
    ),
  )
  .openapi(
    ...get(
      '/trace-groups',
      'Traces grouped by session or by user: counts, first and last seen, errors and labels per group',
      { query: TraceGroupsQuery },
      ok(TraceGroups, 'Groups, most recently seen first'),
      getTraceGroups,
    ),
  )
  .openapi(
    ...get(
      '/traces/{id}',
      'Get a trace with spans, eval view, metadata, labels, scores and eval results',
      {},
      ok(TraceDetail, 'The trace'),
      getTrace,
    ),
  )
  .openapi(...del('/traces/{id}', 'Delete a trace', {}, noContent('Deleted'), deleteTrace))
  .openapi(
    ...post(
      '/traces/delete',
      'Delete many traces (ids outside this workspace are ignored)',
      { json: DeleteTracesInput },
      ok(z.object({ deleted: z.number().int() }), 'How many were deleted'),
      deleteTraces,
    ),
  )
  .openapi(
    ...get(
      '/metrics/daily',
      "Per UTC day (today so far included): traces, error rate, latency p50/p95, tokens, cost and the active evals' pass rates",
      { query: DailyMetricsQuery },
      ok(DailyMetrics, 'One entry per day of the window'),
      getDailyMetrics,
    ),
  );
