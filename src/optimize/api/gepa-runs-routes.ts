import { createRouter } from '@/api/create-router';
import { created, eventStreamResponse, events, ok, routesFor } from '@/api/routes-for';
import { cancelGepaRun, resumeGepaRun } from '../gepa/run/control-gepa-run';
import { createGepaRun } from '../gepa/run/create-gepa-run';
import { CreateGepaRunInput } from '../gepa/run/gepa-run-config';
import { GepaRunView, toGepaRunView } from '../gepa/run/gepa-run-views';
import { ListGepaRunsQuery, listGepaRuns } from '../gepa/run/list-gepa-runs';
import { GepaRunDetail, getGepaRunDetail } from '../gepa/run/review-agreement';
import { streamGepaRun } from '../gepa/run/stream-gepa-run';

const { get, list, post } = routesFor('GEPA runs');

export const gepaRunsRoutes = createRouter()
  .openapi(
    ...post(
      '/gepa-runs',
      "Start a GEPA run: optimise an agent's prompt with its aligned evals as reward",
      { json: CreateGepaRunInput },
      created(GepaRunView, 'The queued run'),
      createGepaRun,
    ),
  )
  .openapi(
    ...list(
      '/gepa-runs',
      'List GEPA runs, newest first',
      { query: ListGepaRunsQuery },
      GepaRunView,
      'Runs',
      async (ctx, input) => (await listGepaRuns(ctx, input)).map(toGepaRunView),
    ),
  )
  .openapi(
    ...get(
      '/gepa-runs/{id}',
      "A GEPA run: status, budget, candidate pool, test-split report and the reward evals' agreement with the review labels",
      {},
      ok(GepaRunDetail, 'The run'),
      (ctx, { id }) => getGepaRunDetail(ctx, id),
    ),
  )
  .openapi(
    ...post(
      '/gepa-runs/{id}/cancel',
      'Cancel a run at the next stage boundary (its best candidate is kept)',
      {},
      ok(GepaRunView, 'The cancelled run'),
      (ctx, { id }) => cancelGepaRun(ctx, id),
    ),
  )
  .openapi(
    ...post(
      '/gepa-runs/{id}/resume',
      'Resume a cancelled, paused or failed run from its saved state',
      {},
      ok(GepaRunView, 'The queued run'),
      (ctx, { id }) => resumeGepaRun(ctx, id),
    ),
  )
  .openapi(
    ...get(
      '/gepa-runs/{id}/events',
      "A run's live progress as Server-Sent Events",
      {},
      events('Server-Sent Events: `progress` on every stage or status change, then `end`'),
      async (ctx, { id }, c) =>
        eventStreamResponse(await streamGepaRun(ctx, id, { signal: c.req.raw.signal })),
    ),
  );
