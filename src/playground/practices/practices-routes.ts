import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { CreatePracticeInput, PracticeView, UpdatePracticeInput } from './practice-input';
import { createPractice, deletePractice, listPractices, updatePractice } from './practices';

const route = routesFor('Prompt practices');

export const practicesRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/prompt-practices',
      summary: "Best-practice rules: iofold's, then the workspace's",
      responses: { 200: jsonResponse(pageOf(PracticeView), 'Rules') },
    }),
    async (c) => c.json(onePage(await listPractices(c.var.ctx)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/prompt-practices',
      summary: 'Add a workspace rule (one sentence, an optional trigger and lint)',
      request: { body: jsonBody(CreatePracticeInput) },
      responses: { 201: jsonResponse(PracticeView, 'The rule') },
    }),
    async (c) => c.json(await createPractice(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/prompt-practices/{id}',
      summary: 'Edit or disable a workspace rule',
      request: { params: IdParam, body: jsonBody(UpdatePracticeInput) },
      responses: { 200: jsonResponse(PracticeView, 'The rule') },
    }),
    async (c) =>
      c.json(await updatePractice(c.var.ctx, c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/prompt-practices/{id}',
      summary: 'Delete a workspace rule',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deletePractice(c.var.ctx, c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
