import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
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
import { getTasksetRunOrThrow, TasksetRunView, toTasksetRunView } from '../runs/taskset-run-views';

const route = routesFor('Taskset runs');

export const tasksetRunsRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/taskset-runs',
      summary: 'Run an agent version (or a prompt text) on a taskset split, k rollouts per task',
      request: { body: jsonBody(CreateTasksetRunInput) },
      responses: { 201: jsonResponse(TasksetRunView, 'The queued run') },
    }),
    async (c) => c.json(await createTasksetRun(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/taskset-runs',
      summary: 'List taskset runs, newest first',
      request: { query: ListTasksetRunsQuery },
      responses: { 200: jsonResponse(pageOf(TasksetRunView), 'Runs') },
    }),
    async (c) => c.json(onePage(await listTasksetRuns(c.var.ctx, c.req.valid('query'))), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/taskset-runs/compare',
      summary: 'Compare two runs per task (b - a) with exact paired tests',
      request: { query: CompareTasksetRunsQuery },
      responses: { 200: jsonResponse(TasksetRunComparison, 'The comparison') },
    }),
    async (c) => c.json(await compareTasksetRuns(c.var.ctx, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/taskset-runs/{id}',
      summary: 'A run with its live progress and summary',
      request: { params: IdParam },
      responses: { 200: jsonResponse(TasksetRunView, 'The run') },
    }),
    async (c) => {
      const run = await getTasksetRunOrThrow(c.var.ctx, c.req.valid('param').id);
      return c.json(await toTasksetRunView(c.var.ctx, run), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/taskset-runs/{id}/results',
      summary: "A run's results per task, each rollout with its trace id",
      request: { params: IdParam },
      responses: { 200: jsonResponse(pageOf(TaskResultView), 'Results per task') },
    }),
    async (c) =>
      c.json(onePage(await listTasksetRunResults(c.var.ctx, c.req.valid('param').id)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/taskset-runs/{id}/cancel',
      summary: 'Cancel a queued or running run (finished rollouts are kept)',
      request: { params: IdParam },
      responses: { 200: jsonResponse(TasksetRunView, 'The cancelled run') },
    }),
    async (c) => c.json(await cancelTasksetRun(c.var.ctx, c.req.valid('param').id), 200),
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
