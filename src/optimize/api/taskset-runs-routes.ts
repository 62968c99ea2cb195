import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse } from '@/api/openapi-schemas';
import { created, ok, routesFor } from '@/api/routes-for';
import { cancelTasksetRun } from '../runs/cancel-taskset-run';
import {
  CompareTasksetRunsQuery,
  compareTasksetRuns,
  TasksetRunComparison,
} from '../runs/compare-taskset-runs';
import { CreateTasksetRunInput, createTasksetRun } from '../runs/create-taskset-run';
import {
  ListTasksetRunsQuery,
  listTasksetRunResults,
  listTasksetRuns,
  TaskResultView,
} from '../runs/list-taskset-runs';
import { ResumeTasksetRunInput, resumeTasksetRun } from '../runs/resume-taskset-run';
import { getTasksetRun, TasksetRunView } from '../runs/taskset-run-views';

const route = routesFor('Taskset runs');
const { get, list, post } = route;

export const tasksetRunsRoutes = createRouter()
  .openapi(
    ...post(
      '/taskset-runs',
      'Run an agent version (or a prompt text) on a taskset split, k rollouts per task',
      { json: CreateTasksetRunInput },
      created(TasksetRunView, 'The queued run'),
      createTasksetRun,
    ),
  )
  .openapi(
    ...list(
      '/taskset-runs',
      'List taskset runs, newest first',
      { query: ListTasksetRunsQuery },
      TasksetRunView,
      'Runs',
      listTasksetRuns,
    ),
  )
  .openapi(
    ...get(
      '/taskset-runs/compare',
      'Compare two runs per task (b - a) with exact paired tests',
      { query: CompareTasksetRunsQuery },
      ok(TasksetRunComparison, 'The comparison'),
      compareTasksetRuns,
    ),
  )
  .openapi(
    ...get(
      '/taskset-runs/{id}',
      'A run with its live progress and summary',
      {},
      ok(TasksetRunView, 'The run'),
      (ctx, { id }) => getTasksetRun(ctx, id),
    ),
  )
  .openapi(
    ...list(
      '/taskset-runs/{id}/results',
      "A run's results per task, each rollout with its trace id",
      {},
      TaskResultView,
      'Results per task',
      (ctx, { id }) => listTasksetRunResults(ctx, id),
    ),
  )
  .openapi(
    ...post(
      '/taskset-runs/{id}/cancel',
      'Cancel a queued or running run (finished rollouts are kept)',
      {},
      ok(TasksetRunView, 'The cancelled run'),
      (ctx, { id }) => cancelTasksetRun(ctx, id),
    ),
  )
  .openapi(
    route({
      method: 'post',
      path: '/taskset-runs/{id}/resume',
      summary: 'Resume a cancelled, stopped or failed run (optionally with a new cost ceiling)',
      request: { params: IdParam, body: { ...jsonBody(ResumeTasksetRunInput), required: false } },
      responses: { 200: jsonResponse(TasksetRunView, 'The queued run') },
    }),
    async (c) =>
      c.json(
        await resumeTasksetRun(c.var.ctx, c.req.valid('param').id, c.req.valid('json') ?? {}),
        200,
      ),
  );
