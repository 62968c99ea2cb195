import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { authenticated, errorResponses, jsonBody, jsonResponse } from '@/api/openapi-schemas';
import { AddedMember, AddMemberInput, addMember } from './add-member';
import { listMembers } from './list-members';
import { MemberView } from './member-view';
import { removeMember } from './remove-member';
import { UpdateMemberInput, updateMember } from './update-member';

const tags = ['Members'];
const UserIdParam = z.object({
  userId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'userId', in: 'path' } }),
});

export const membersRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/members',
      tags,
      summary: 'Members of the current workspace',
      security: authenticated,
      responses: {
        200: jsonResponse(z.object({ data: z.array(MemberView) }), 'Members'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ data: await listMembers(c.var.ctx) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/members',
      tags,
      summary: 'Add a person by email (owners)',
      security: authenticated,
      request: { body: jsonBody(AddMemberInput) },
      responses: { 201: jsonResponse(AddedMember, 'The member'), ...errorResponses },
    }),
    async (c) => c.json(await addMember(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/members/{userId}',
      tags,
      summary: "Change a member's role (owners)",
      security: authenticated,
      request: { params: UserIdParam, body: jsonBody(UpdateMemberInput) },
      responses: { 200: jsonResponse(MemberView, 'The member'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await updateMember(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('json') }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/members/{userId}',
      tags,
      summary: 'Remove a member (owners)',
      security: authenticated,
      request: { params: UserIdParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      await removeMember(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  );
