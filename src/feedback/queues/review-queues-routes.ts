import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { CreateReviewQueueInput, createReviewQueue } from './create-review-queue';
import { deleteReviewQueue } from './delete-review-queue';
import { getReviewQueue, ReviewQueueView } from './get-review-queue';
import {
  ListReviewQueueItemsQuery,
  listReviewQueueItems,
  ReviewQueueItemView,
} from './list-review-queue-items';
import { ListReviewQueuesQuery, listReviewQueues } from './list-review-queues';
import { ReviewQueueSummary } from './review-queue-view';

const route = routesFor('Review queues');

export const reviewQueuesRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/review-queues',
      summary: "Make a review queue of an agent's traces (by ids or a trace-list filter)",
      request: { body: jsonBody(CreateReviewQueueInput) },
      responses: { 201: jsonResponse(ReviewQueueView, 'The queue') },
    }),
    async (c) => c.json(await createReviewQueue(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/review-queues',
      summary: 'List review queues, newest first, with progress per assignee',
      request: { query: ListReviewQueuesQuery },
      responses: {
        200: jsonResponse(pageOf(ReviewQueueSummary), 'Queues'),
      },
    }),
    async (c) =>
      c.json(
        { data: await listReviewQueues(c.var.ctx, c.req.valid('query')), nextCursor: null },
        200,
      ),
  )
  .openapi(
    route({
      method: 'get',
      path: '/review-queues/{id}',
      summary: "A review queue's progress per assignee and the agreement between its labellers",
      request: { params: IdParam },
      responses: { 200: jsonResponse(ReviewQueueView, 'The queue') },
    }),
    async (c) => c.json(await getReviewQueue(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/review-queues/{id}/items',
      summary: "A review queue's items in order, for one reviewer or all",
      request: { params: IdParam, query: ListReviewQueueItemsQuery },
      responses: {
        200: jsonResponse(pageOf(ReviewQueueItemView), 'Items'),
      },
    }),
    async (c) =>
      c.json(
        await listReviewQueueItems(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('query') }),
        200,
      ),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/review-queues/{id}',
      summary: 'Delete a review queue (its labels stay)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deleteReviewQueue(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  );
