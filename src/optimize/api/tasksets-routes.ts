import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { CreateTasksetInput, createTaskset } from '../tasksets/create-taskset';
import {
  CreateTasksetFromTracesInput,
  createTasksetFromTraces,
} from '../tasksets/create-taskset-from-traces';
import {
  AddTasksInput,
  addTasksetTasks,
  RemoveTasksInput,
  removeTasksetTasks,
  splitTaskset,
  UpdateTasksetInput,
  updateTaskset,
} from '../tasksets/edit-taskset';
import { ImportTau2Input, importTau2Taskset } from '../tasksets/import-tau2-taskset';
import {
  getTaskset,
  ListTasksetsQuery,
  ListTasksetTasksQuery,
  listTasksets,
  listTasksetTasks,
} from '../tasksets/list-tasksets';
import { loadFrozenTaskset } from '../tasksets/load-frozen-taskset';
import { SplitInput } from '../tasksets/split-input';
import { TasksetTaskView, TasksetView, toTasksetView } from '../tasksets/taskset-views';

const route = routesFor('Tasksets');

const WriteResult = z
  .object({
    taskset: TasksetView,
    added: z.number().int(),
    duplicates: z.array(
      z.object({
        index: z.number().int(),
        externalId: z.string().nullable(),
        duplicateOf: z.string(),
      }),
    ),
  })
  .openapi('TasksetWriteResult');
const Detail = z
  .object({ taskset: TasksetView, versions: z.array(TasksetView) })
  .openapi('TasksetDetail');

export const tasksetsRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/tasksets',
      summary: "List tasksets (each one's latest version)",
      request: { query: ListTasksetsQuery },
      responses: {
        200: jsonResponse(pageOf(TasksetView), 'Tasksets'),
      },
    }),
    async (c) => c.json(onePage(await listTasksets(c.var.ctx, c.req.valid('query'))), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasksets',
      summary: 'Create a taskset from tasks written by hand',
      request: { body: jsonBody(CreateTasksetInput) },
      responses: { 201: jsonResponse(WriteResult, 'The new taskset') },
    }),
    async (c) => c.json(await createTaskset(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasksets/from-traces',
      summary: "Create a taskset from the agent's tasks whose traces match a filter",
      request: { body: jsonBody(CreateTasksetFromTracesInput) },
      responses: { 201: jsonResponse(WriteResult, 'The new taskset') },
    }),
    async (c) => c.json(await createTasksetFromTraces(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasksets/import/tau2',
      summary: 'Import a tau2 tasks.json (+ split) as a taskset',
      request: { body: jsonBody(ImportTau2Input) },
      responses: { 201: jsonResponse(WriteResult, 'The imported taskset') },
    }),
    async (c) => c.json(await importTau2Taskset(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/tasksets/{id}',
      summary: 'Get a taskset version with every version of it',
      request: { params: IdParam },
      responses: { 200: jsonResponse(Detail, 'The taskset') },
    }),
    async (c) => c.json(await getTaskset(c.var.ctx, c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/tasksets/{id}',
      summary: 'Rename or describe a taskset (all its versions)',
      request: { params: IdParam, body: jsonBody(UpdateTasksetInput) },
      responses: { 200: jsonResponse(TasksetView, 'The taskset') },
    }),
    async (c) =>
      c.json(await updateTaskset(c.var.ctx, c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/tasksets/{id}/tasks',
      summary: "A taskset version's tasks, in order",
      request: { params: IdParam, query: ListTasksetTasksQuery },
      responses: {
        200: jsonResponse(pageOf(TasksetTaskView), 'Tasks'),
      },
    }),
    async (c) =>
      c.json(
        onePage(await listTasksetTasks(c.var.ctx, c.req.valid('param').id, c.req.valid('query'))),
        200,
      ),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasksets/{id}/tasks',
      summary: 'Add tasks (a frozen version gets a new version)',
      request: { params: IdParam, body: jsonBody(AddTasksInput) },
      responses: {
        200: jsonResponse(WriteResult, 'The taskset after the edit'),
      },
    }),
    async (c) =>
      c.json(await addTasksetTasks(c.var.ctx, c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasksets/{id}/tasks/remove',
      summary: 'Remove tasks (a frozen version gets a new version)',
      request: { params: IdParam, body: jsonBody(RemoveTasksInput) },
      responses: {
        200: jsonResponse(TasksetView, 'The taskset after the edit'),
      },
    }),
    async (c) =>
      c.json(
        await removeTasksetTasks(c.var.ctx, c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasksets/{id}/split',
      summary: 'Split into train / val / test with a seed (clusters kept whole)',
      request: { params: IdParam, body: jsonBody(SplitInput) },
      responses: {
        200: jsonResponse(TasksetView, 'The taskset after the split'),
      },
    }),
    async (c) =>
      c.json(await splitTaskset(c.var.ctx, c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasksets/{id}/freeze',
      summary: 'Freeze a version (runs do this; edits then make a new version)',
      request: { params: IdParam },
      responses: { 200: jsonResponse(TasksetView, 'The frozen version') },
    }),
    async (c) => {
      const frozen = await loadFrozenTaskset(c.var.ctx, c.req.valid('param').id);
      return c.json(await toTasksetView(c.var.ctx, frozen.taskset), 200);
    },
  );
