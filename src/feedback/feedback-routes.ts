import { createRouter } from '@/api/create-router';
import { pageOf } from '@/api/openapi-schemas';
import { noContent, ok, routesFor } from '@/api/routes-for';
import { deleteFeedback } from './delete-feedback';
import { FeedbackView } from './feedback-view';
import { LabelTraceInput, labelTrace } from './label-trace';
import { ListFeedbackQuery, listFeedback } from './list-feedback';
import { UpdateFeedbackInput, updateFeedback } from './update-feedback';

const { delete: del, get, patch, post } = routesFor('Feedback');

export const feedbackRoutes = createRouter()
  .openapi(
    ...post(
      '/feedback',
      'Label a trace (creates or replaces your label on it)',
      { json: LabelTraceInput },
      ok(FeedbackView, 'Your label'),
      labelTrace,
    ),
  )
  .openapi(
    ...get(
      '/feedback',
      'List labels by trace or agent, newest first',
      { query: ListFeedbackQuery },
      ok(pageOf(FeedbackView), 'Labels'),
      listFeedback,
    ),
  )
  .openapi(
    ...patch(
      '/feedback/{id}',
      "Change a label's rating or notes",
      { json: UpdateFeedbackInput },
      ok(FeedbackView, 'The label'),
      updateFeedback,
    ),
  )
  .openapi(...del('/feedback/{id}', 'Delete a label', {}, noContent('Deleted'), deleteFeedback));
