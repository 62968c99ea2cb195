import { createRouter } from '@/api/create-router';
import { ok, routesFor } from '@/api/routes-for';
import {
  getModelLimits,
  ModelLimitsView,
  UpdateModelLimitsInput,
  updateModelLimits,
} from '../bridge/model-limits';

const { get, patch } = routesFor('Workspaces');

/** The limits on the model calls of evals that ask a model (`judge`, `ask`), per workspace. */
export const modelLimitsRoutes = createRouter()
  .openapi(
    ...get(
      '/workspace/model-limits',
      'Model-call limits of evals that ask a model, and what today cost so far',
      {},
      ok(ModelLimitsView, 'The limits'),
      (ctx) => getModelLimits(ctx),
    ),
  )
  .openapi(
    ...patch(
      '/workspace/model-limits',
      'Set model-call limits (owners); null returns a limit to its default',
      { json: UpdateModelLimitsInput },
      ok(ModelLimitsView, 'The limits'),
      updateModelLimits,
    ),
  );
