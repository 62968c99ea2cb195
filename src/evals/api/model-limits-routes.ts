import { createRouter } from '@/api/create-router';
import { jsonBody, jsonResponse } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import {
  getModelLimits,
  ModelLimitsView,
  UpdateModelLimitsInput,
  updateModelLimits,
} from '../bridge/model-limits';

const route = routesFor('Workspaces');

/** The limits on the model calls of evals that ask a model (`judge`, `ask`), per workspace. */
export const modelLimitsRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/workspace/model-limits',
      summary: 'Model-call limits of evals that ask a model, and what today cost so far',
      responses: { 200: jsonResponse(ModelLimitsView, 'The limits') },
    }),
    async (c) => c.json(await getModelLimits(c.var.ctx), 200),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/workspace/model-limits',
      summary: 'Set model-call limits (owners); null returns a limit to its default',
      request: { body: jsonBody(UpdateModelLimitsInput) },
      responses: { 200: jsonResponse(ModelLimitsView, 'The limits') },
    }),
    async (c) => c.json(await updateModelLimits(c.var.ctx, c.req.valid('json')), 200),
  );
