import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { authenticated, errorResponses, jsonBody, jsonResponse } from '@/api/openapi-schemas';
import { AppError } from '@/core/errors';
import { CreateWorkspaceInput, createWorkspace } from './create-workspace';
import { getWorkspace } from './get-workspace';
import { listWorkspaces } from './list-workspaces';
import { UpdateWorkspaceInput, updateWorkspace } from './update-workspace';
import { WorkspaceView } from './workspace-view';

const tags = ['Workspaces'];

export const workspacesRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/workspaces',
      tags,
      summary: 'Workspaces you can act in',
      security: authenticated,
      responses: {
        200: jsonResponse(z.object({ data: z.array(WorkspaceView) }), 'Workspaces'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ data: await listWorkspaces(c.var.ctx) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/workspaces',
      tags,
      summary: 'Create a workspace (signed-in people only; you become its owner)',
      security: authenticated,
      request: { body: jsonBody(CreateWorkspaceInput) },
      responses: { 201: jsonResponse(WorkspaceView, 'The workspace'), ...errorResponses },
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
    createRoute({
      method: 'get',
      path: '/workspace',
      tags,
      summary: 'The current workspace',
      security: authenticated,
      responses: { 200: jsonResponse(WorkspaceView, 'The workspace'), ...errorResponses },
    }),
    async (c) => c.json(await getWorkspace(c.var.ctx), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/workspace',
      tags,
      summary: 'Rename the current workspace (owners)',
      security: authenticated,
      request: { body: jsonBody(UpdateWorkspaceInput) },
      responses: { 200: jsonResponse(WorkspaceView, 'The workspace'), ...errorResponses },
    }),
    async (c) => c.json(await updateWorkspace(c.var.ctx, c.req.valid('json')), 200),
  );
