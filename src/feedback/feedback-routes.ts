import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { deleteFeedback } from './delete-feedback';
import { FeedbackView } from './feedback-view';
import { LabelTraceInput, labelTrace } from './label-trace';
import { ListFeedbackQuery, listFeedback } from './list-feedback';
import { UpdateFeedbackInput, updateFeedback } from './update-feedback';

const route = routesFor('Feedback');

export const feedbackRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/feedback',
      summary: 'Label a trace (creates or replaces your label on it)',
      request: { body: jsonBody(LabelTraceInput) },
      responses: { 200: jsonResponse(FeedbackView, 'Your label') },
    }),
    async (c) => c.json(await labelTrace(c.var.ctx, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/feedback',
      summary: 'List labels by trace or agent, newest first',
      request: { query: ListFeedbackQuery },
      responses: {
        200: jsonResponse(pageOf(FeedbackView), 'Labels'),
      },
    }),
    async (c) => c.json(await listFeedback(c.var.ctx, c.req.valid('query')), 200),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/feedback/{id}',
      summary: "Change a label's rating or notes",
      request: { params: IdParam, body: jsonBody(UpdateFeedbackInput) },
      responses: { 200: jsonResponse(FeedbackView, 'The label') },
    }),
    async (c) =>
      c.json(
        await updateFeedback(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('json') }),
        200,
      ),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/feedback/{id}',
      summary: 'Delete a label',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deleteFeedback(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  );
