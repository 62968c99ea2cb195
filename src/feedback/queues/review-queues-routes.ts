import { createRouter } from '@/api/create-router';
import { pageOf } from '@/api/openapi-schemas';
import { created, noContent, ok, routesFor } from '@/api/routes-for';
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

const { delete: del, get, list, post } = routesFor('Review queues');

export const reviewQueuesRoutes = createRouter()
  .openapi(
    ...post(
      '/review-queues',
      "Make a review queue of an agent's traces (by ids or a trace-list filter)",
      { json: CreateReviewQueueInput },
      created(ReviewQueueView, 'The queue'),
      createReviewQueue,
    ),
  )
  .openapi(
    ...list(
      '/review-queues',
      'List review queues, newest first, with progress per assignee',
      { query: ListReviewQueuesQuery },
      ReviewQueueSummary,
      'Queues',
      listReviewQueues,
    ),
  )
  .openapi(
    ...get(
      '/review-queues/{id}',
      "A review queue's progress per assignee and the agreement between its labellers",
      {},
      ok(ReviewQueueView, 'The queue'),
      getReviewQueue,
    ),
  )
  .openapi(
    ...get(
      '/review-queues/{id}/items',
      "A review queue's items in order, for one reviewer or all",
      { query: ListReviewQueueItemsQuery },
      ok(pageOf(ReviewQueueItemView), 'Items'),
      listReviewQueueItems,
    ),
  )
  .openapi(
    ...del(
      '/review-queues/{id}',
      'Delete a review queue (its labels stay)',
      {},
      noContent('Deleted'),
      deleteReviewQueue,
    ),
  );
