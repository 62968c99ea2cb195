import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import {
  authenticated,
  errorResponses,
  IdParam,
  jsonBody,
  jsonResponse,
} from '@/api/openapi-schemas';
import { deleteFeedback } from './delete-feedback';
import { FeedbackView } from './feedback-view';
import { LabelTraceInput, labelTrace } from './label-trace';
import { ListFeedbackQuery, listFeedback } from './list-feedback';
import { UpdateFeedbackInput, updateFeedback } from './update-feedback';

const tags = ['Feedback'];

export const feedbackRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/feedback',
      tags,
      summary: 'Label a trace (creates or replaces your label on it)',
      security: authenticated,
      request: { body: jsonBody(LabelTraceInput) },
      responses: { 200: jsonResponse(FeedbackView, 'Your label'), ...errorResponses },
    }),
    async (c) => c.json(await labelTrace(c.var.ctx, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/feedback',
      tags,
      summary: 'List labels by trace or agent, newest first',
      security: authenticated,
      request: { query: ListFeedbackQuery },
      responses: {
        200: jsonResponse(
          z.object({ data: z.array(FeedbackView), nextCursor: z.string().nullable() }),
          'Labels',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listFeedback(c.var.ctx, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/feedback/{id}',
      tags,
      summary: "Change a label's rating or notes",
      security: authenticated,
      request: { params: IdParam, body: jsonBody(UpdateFeedbackInput) },
      responses: { 200: jsonResponse(FeedbackView, 'The label'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await updateFeedback(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('json') }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/feedback/{id}',
      tags,
      summary: 'Delete a label',
      security: authenticated,
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteFeedback(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  );
