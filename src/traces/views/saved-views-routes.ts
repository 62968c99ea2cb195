import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import {
  CreateSavedViewInput,
  createSavedView,
  deleteSavedView,
  listSavedViews,
  SavedViewView,
} from './saved-views';

const route = routesFor('Traces');

/** Saved trace-list views (a signed-in member's; API keys have none). */
export const savedViewsRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/saved-views',
      summary: 'Your saved trace-list views and the shared ones',
      responses: { 200: jsonResponse(pageOf(SavedViewView), 'Views by name') },
    }),
    async (c) => c.json({ data: await listSavedViews(c.var.ctx), nextCursor: null }, 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/saved-views',
      summary: "Save the trace list's filter and metadata columns as a view",
      request: { body: jsonBody(CreateSavedViewInput) },
      responses: { 201: jsonResponse(SavedViewView, 'The view') },
    }),
    async (c) => c.json(await createSavedView(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/saved-views/{id}',
      summary: 'Delete one of your saved views',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deleteSavedView(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  );
