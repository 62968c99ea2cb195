import { createRouter } from '@/api/create-router';
import { created, ok, routesFor } from '@/api/routes-for';
import { AppError } from '@/core/errors';
import { CreateWorkspaceInput, createWorkspace } from './create-workspace';
import { getWorkspace } from './get-workspace';
import { listWorkspaces } from './list-workspaces';
import { UpdateWorkspaceInput, updateWorkspace } from './update-workspace';
import { WorkspaceView } from './workspace-view';

const { get, list, patch, post } = routesFor('Workspaces');

export const workspacesRoutes = createRouter()
  .openapi(
    ...list(
      '/workspaces',
      'Workspaces you can act in',
      {},
      WorkspaceView,
      'Workspaces',
      listWorkspaces,
    ),
  )
  .openapi(
    ...post(
      '/workspaces',
      'Create a workspace (signed-in people only; you become its owner)',
      { json: CreateWorkspaceInput },
      created(WorkspaceView, 'The workspace'),
      async (ctx, input) => {
        const { actor } = ctx;
        if (actor.type !== 'user') {
          throw new AppError(
            'FORBIDDEN',
            'API keys are bound to one workspace; sign in to create one',
          );
        }
        return await createWorkspace(ctx, { name: input.name, ownerUserId: actor.userId });
      },
    ),
  )
  .openapi(
    ...get('/workspace', 'The current workspace', {}, ok(WorkspaceView, 'The workspace'), (ctx) =>
      getWorkspace(ctx),
    ),
  )
  .openapi(
    ...patch(
      '/workspace',
      'Rename the current workspace (owners)',
      { json: UpdateWorkspaceInput },
      ok(WorkspaceView, 'The workspace'),
      updateWorkspace,
    ),
  );
