import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { created, ok, routesFor } from '@/api/routes-for';
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
import { freezeTaskset } from '../tasksets/load-frozen-taskset';
import { SplitInput } from '../tasksets/split-input';
import { TasksetTaskView, TasksetView } from '../tasksets/taskset-views';

const { get, list, patch, post } = routesFor('Tasksets');

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
    ...list(
      '/tasksets',
      "List tasksets (each one's latest version)",
      { query: ListTasksetsQuery },
      TasksetView,
      'Tasksets',
      listTasksets,
    ),
  )
  .openapi(
    ...post(
      '/tasksets',
      'Create a taskset from tasks written by hand',
      { json: CreateTasksetInput },
      created(WriteResult, 'The new taskset'),
      createTaskset,
    ),
  )
  .openapi(
    ...post(
      '/tasksets/from-traces',
      "Create a taskset from the agent's tasks whose traces match a filter",
      { json: CreateTasksetFromTracesInput },
      created(WriteResult, 'The new taskset'),
      createTasksetFromTraces,
    ),
  )
  .openapi(
    ...post(
      '/tasksets/import/tau2',
      'Import a tau2 tasks.json (+ split) as a taskset',
      { json: ImportTau2Input },
      created(WriteResult, 'The imported taskset'),
      importTau2Taskset,
    ),
  )
  .openapi(
    ...get(
      '/tasksets/{id}',
      'Get a taskset version with every version of it',
      {},
      ok(Detail, 'The taskset'),
      (ctx, { id }) => getTaskset(ctx, id),
    ),
  )
  .openapi(
    ...patch(
      '/tasksets/{id}',
      'Rename or describe a taskset (all its versions)',
      { json: UpdateTasksetInput },
      ok(TasksetView, 'The taskset'),
      (ctx, { id, ...body }) => updateTaskset(ctx, id, body),
    ),
  )
  .openapi(
    ...list(
      '/tasksets/{id}/tasks',
      "A taskset version's tasks, in order",
      { query: ListTasksetTasksQuery },
      TasksetTaskView,
      'Tasks',
      (ctx, { id, ...query }) => listTasksetTasks(ctx, id, query),
    ),
  )
  .openapi(
    ...post(
      '/tasksets/{id}/tasks',
      'Add tasks (a frozen version gets a new version)',
      { json: AddTasksInput },
      ok(WriteResult, 'The taskset after the edit'),
      (ctx, { id, ...body }) => addTasksetTasks(ctx, id, body),
    ),
  )
  .openapi(
    ...post(
      '/tasksets/{id}/tasks/remove',
      'Remove tasks (a frozen version gets a new version)',
      { json: RemoveTasksInput },
      ok(TasksetView, 'The taskset after the edit'),
      (ctx, { id, ...body }) => removeTasksetTasks(ctx, id, body),
    ),
  )
  .openapi(
    ...post(
      '/tasksets/{id}/split',
      'Split into train / val / test with a seed (clusters kept whole)',
      { json: SplitInput },
      ok(TasksetView, 'The taskset after the split'),
      (ctx, { id, ...body }) => splitTaskset(ctx, id, body),
    ),
  )
  .openapi(
    ...post(
      '/tasksets/{id}/freeze',
      'Freeze a version (runs do this; edits then make a new version)',
      {},
      ok(TasksetView, 'The frozen version'),
      (ctx, { id }) => freezeTaskset(ctx, id),
    ),
  );
