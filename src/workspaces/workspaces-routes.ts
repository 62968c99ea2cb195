import { createRouter } from '@/api/create-router';
import { jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { AppError } from '@/core/errors';
import { onePage } from '@/core/page';
import { CreateWorkspaceInput, createWorkspace } from './create-workspace';
import { getWorkspace } from './get-workspace';
import { listWorkspaces } from './list-workspaces';
import { UpdateWorkspaceInput, updateWorkspace } from './update-workspace';
import { WorkspaceView } from './workspace-view';

const route = routesFor('Workspaces');

export const workspacesRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/workspaces',
      summary: 'Workspaces you can act in',
      responses: {
        200: jsonResponse(pageOf(WorkspaceView), 'Workspaces'),
      },
    }),
    async (c) => c.json(onePage(await listWorkspaces(c.var.ctx)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/workspaces',
      summary: 'Create a workspace (signed-in people only; you become its owner)',
      request: { body: jsonBody(CreateWorkspaceInput) },
      responses: { 201: jsonResponse(WorkspaceView, 'The workspace') },
    }),
    async (c) => {
      const { actor } = c.var.ctx;
      if (actor.type !== 'user') {
        throw new AppError(
          'FORBIDDEN',
          'API keys are bound to one workspace; sign in to create one',
        );
      }
      const input = c.req.valid('json');
      return c.json(
        await createWorkspace(c.var.ctx, { name: input.name, ownerUserId: actor.userId }),
        201,
      );
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/workspace',
      summary: 'The current workspace',
      responses: { 200: jsonResponse(WorkspaceView, 'The workspace') },
    }),
    async (c) => c.json(await getWorkspace(c.var.ctx), 200),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/workspace',
      summary: 'Rename the current workspace (owners)',
      request: { body: jsonBody(UpdateWorkspaceInput) },
      responses: { 200: jsonResponse(WorkspaceView, 'The workspace') },
    }),
    async (c) => c.json(await updateWorkspace(c.var.ctx, c.req.valid('json')), 200),
  );
