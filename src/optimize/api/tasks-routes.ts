import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { accepted, ok, routesFor } from '@/api/routes-for';
import { CreateTaskInput, createTask } from '../tasks/create-task';
import { getTask } from '../tasks/get-task';
import { listSimilarTraces } from '../tasks/list-similar-traces';
import { ListClustersQuery, listTaskClusters } from '../tasks/list-task-clusters';
import { ListTasksQuery, listTasks } from '../tasks/list-tasks';
import { readTaskFeedback } from '../tasks/read-task-feedback';
import { ExtractTasksInput, requestTaskIndex } from '../tasks/request-task-index';
import { ClusterView, SimilarTraceView, TaskFeedbackView, TaskView } from '../tasks/task-views';

const route = routesFor('Tasks');
const { get, list, post } = route;

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
    ...get(
      '/tasks',
      'List tasks (newest first), with their cluster and labels',
      { query: ListTasksQuery },
      ok(pageOf(TaskView), 'Tasks'),
      listTasks,
    ),
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
    ...post(
      '/tasks/extract',
      'Extract tasks, similar traces and clusters from traces (background job)',
      { json: ExtractTasksInput },
      accepted(Queued, 'The tasks.index job'),
      requestTaskIndex,
    ),
  )
  .openapi(
    ...list(
      '/tasks/clusters',
      "An agent's clusters of one task, largest first",
      { query: ListClustersQuery },
      ClusterView,
      'Clusters',
      listTaskClusters,
    ),
  )
  .openapi(
    ...list(
      '/tasks/similar',
      "A trace's top-10 similar traces",
      { query: SimilarQuery },
      SimilarTraceView,
      'Similar traces, best first',
      (ctx, { traceId }) => listSimilarTraces(ctx, traceId),
    ),
  )
  .openapi(
    ...get(
      '/tasks/{id}',
      'A task with its similar traces and labelled runs',
      {},
      ok(TaskDetail, 'The task'),
      (ctx, { id }) => getTask(ctx, id),
    ),
  )
  .openapi(
    ...list(
      '/tasks/{id}/feedback',
      'Labelled runs of a task (same task, contrast, similar) with labels and notes',
      {},
      TaskFeedbackView,
      'Task–feedback pairs',
      (ctx, { id }) => readTaskFeedback(ctx, id),
    ),
  );
