import { agentsRoutes } from '@/agents/agents-routes';
import { practicesRoutes } from '@/agents/practices/practices-routes';
import { authRoutes } from '@/auth/auth-routes';
import { meRoutes } from '@/auth/me-routes';
import { setupRoutes } from '@/auth/setup-routes';
import { evalsRoutes } from '@/evals/api/evals-routes';
import { modelLimitsRoutes } from '@/evals/api/model-limits-routes';
import { feedbackRoutes } from '@/feedback/feedback-routes';
import { reviewQueuesRoutes } from '@/feedback/queues/review-queues-routes';
import { integrationsRoutes } from '@/integrations/integrations-routes';
import { jobsRoutes } from '@/jobs/api/jobs-routes';
import { monitoringRoutes } from '@/monitoring/api/monitoring-routes';
import { gepaRunsRoutes } from '@/optimize/api/gepa-runs-routes';
import { tasksRoutes } from '@/optimize/api/tasks-routes';
import { tasksetRunsRoutes } from '@/optimize/api/taskset-runs-routes';
import { tasksetsRoutes } from '@/optimize/api/tasksets-routes';
import { playgroundRoutes } from '@/playground/playground-routes';
import { toolsRoutes } from '@/tools/api/tools-routes';
import { tracesRoutes } from '@/traces/query/traces-routes';
import { savedViewsRoutes } from '@/traces/views/saved-views-routes';
import { apiKeysRoutes } from '@/workspaces/api-keys-routes';
import { membersRoutes } from '@/workspaces/members-routes';
import { workspacesRoutes } from '@/workspaces/workspaces-routes';
import { createRouter } from './create-router';

/**
 * Every `/v1` resource, chained so `AppType` (and `hc<AppType>`) sees each route.
 * To add a resource: build it with `createRouter()` and add one `.route('/', yourRoutes)` line.
 */
export const v1Routes = createRouter()
  .route('/', authRoutes)
  .route('/', setupRoutes)
  .route('/', meRoutes)
  .route('/', workspacesRoutes)
  .route('/', membersRoutes)
  .route('/', apiKeysRoutes)
  .route('/', integrationsRoutes)
  .route('/', agentsRoutes)
  .route('/', tracesRoutes)
  .route('/', savedViewsRoutes)
  .route('/', feedbackRoutes)
  .route('/', reviewQueuesRoutes)
  .route('/', evalsRoutes)
  .route('/', modelLimitsRoutes)
  .route('/', jobsRoutes)
  .route('/', monitoringRoutes)
  .route('/', tasksetsRoutes)
  .route('/', tasksetRunsRoutes)
  .route('/', toolsRoutes)
  .route('/', tasksRoutes)
  .route('/', playgroundRoutes)
  .route('/', practicesRoutes)
  .route('/', gepaRunsRoutes);
