import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { CreateTaskInput, createTask } from '../tasks/create-task';
import { getTask } from '../tasks/get-task';
import { listSimilarTraces } from '../tasks/list-similar-traces';
import { ListClustersQuery, listTaskClusters } from '../tasks/list-task-clusters';
import { ListTasksQuery, listTasks } from '../tasks/list-tasks';
import { readTaskFeedback } from '../tasks/read-task-feedback';
import { ExtractTasksInput, requestTaskIndex } from '../tasks/request-task-index';
import { ClusterView, SimilarTraceView, TaskFeedbackView, TaskView } from '../tasks/task-views';

const route = routesFor('Tasks');

const TaskDetail = z
  .object({
    task: TaskView,
    similar: z.array(SimilarTraceView),
    feedback: z.array(TaskFeedbackView),
  })
  .openapi('TaskDetail');
const CreateTaskResult = z
  .object({ created: z.boolean(), duplicateOf: z.string().nullable(), task: TaskView })
  .openapi('CreateTaskResult');
const Queued = z.object({ jobId: z.string() }).openapi('QueuedTaskIndex');
const SimilarQuery = z.strictObject({ traceId: z.string().min(1).max(100) });

export const tasksRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/tasks',
      summary: 'List tasks (newest first), with their cluster and labels',
      request: { query: ListTasksQuery },
      responses: { 200: jsonResponse(pageOf(TaskView), 'Tasks') },
    }),
    async (c) => c.json(await listTasks(c.var.ctx, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasks',
      summary: 'Write a task by hand (a duplicate is reported, not inserted)',
      request: { body: jsonBody(CreateTaskInput) },
      responses: {
        201: jsonResponse(CreateTaskResult, 'The new task'),
        200: jsonResponse(CreateTaskResult, 'The task it repeats (nothing inserted)'),
      },
    }),
    async (c) => {
      const result = await createTask(c.var.ctx, c.req.valid('json'));
      return result.created ? c.json(result, 201) : c.json(result, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/tasks/extract',
      summary: 'Extract tasks, similar traces and clusters from traces (background job)',
      request: { body: jsonBody(ExtractTasksInput) },
      responses: { 202: jsonResponse(Queued, 'The tasks.index job') },
    }),
    async (c) => c.json(await requestTaskIndex(c.var.ctx, c.req.valid('json')), 202),
  )
  .openapi(
    route({
      method: 'get',
      path: '/tasks/clusters',
      summary: "An agent's clusters of one task, largest first",
      request: { query: ListClustersQuery },
      responses: { 200: jsonResponse(pageOf(ClusterView), 'Clusters') },
    }),
    async (c) => c.json(onePage(await listTaskClusters(c.var.ctx, c.req.valid('query'))), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/tasks/similar',
      summary: "A trace's top-10 similar traces",
      request: { query: SimilarQuery },
      responses: { 200: jsonResponse(pageOf(SimilarTraceView), 'Similar traces, best first') },
    }),
    async (c) =>
      c.json(onePage(await listSimilarTraces(c.var.ctx, c.req.valid('query').traceId)), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/tasks/{id}',
      summary: 'A task with its similar traces and labelled runs',
      request: { params: IdParam },
      responses: { 200: jsonResponse(TaskDetail, 'The task') },
    }),
    async (c) => c.json(await getTask(c.var.ctx, c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/tasks/{id}/feedback',
      summary: 'Labelled runs of a task (same task, contrast, similar) with labels and notes',
      request: { params: IdParam },
      responses: { 200: jsonResponse(pageOf(TaskFeedbackView), 'Task–feedback pairs') },
    }),
    async (c) => c.json(onePage(await readTaskFeedback(c.var.ctx, c.req.valid('param').id)), 200),
  );
