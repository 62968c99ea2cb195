import { createRouter } from '@/api/create-router';
import { jsonBody, jsonResponse, pageOf, pathParams } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { AddedMember, AddMemberInput, addMember } from './add-member';
import { createMemberLoginLink, MemberLoginLink } from './create-member-login-link';
import { listMembers } from './list-members';
import { MemberView } from './member-view';
import { removeMember } from './remove-member';
import { UpdateMemberInput, updateMember } from './update-member';

const route = routesFor('Members');
const UserIdParam = pathParams('userId');

export const membersRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/members',
      summary: 'Members of the current workspace',
      responses: {
        200: jsonResponse(pageOf(MemberView), 'Members'),
      },
    }),
    async (c) => c.json(onePage(await listMembers(c.var.ctx)), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/members',
      summary: 'Add a person by email (owners)',
      request: { body: jsonBody(AddMemberInput) },
      responses: { 201: jsonResponse(AddedMember, 'The member') },
    }),
    async (c) => c.json(await addMember(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'post',
      path: '/members/{userId}/login-link',
      summary: 'A new one-time sign-in link for a member, valid 24 h (owners)',
      request: { params: UserIdParam },
      responses: { 201: jsonResponse(MemberLoginLink, 'The link, shown once') },
    }),
    async (c) =>
      c.json(
        await createMemberLoginLink(c.var.ctx, {
          ...c.req.valid('param'),
          baseUrl: new URL(c.req.url).origin,
        }),
        201,
      ),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/members/{userId}',
      summary: "Change a member's role (owners)",
      request: { params: UserIdParam, body: jsonBody(UpdateMemberInput) },
      responses: { 200: jsonResponse(MemberView, 'The member') },
    }),
    async (c) =>
      c.json(
        await updateMember(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('json') }),
        200,
      ),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/members/{userId}',
      summary: 'Remove a member (owners)',
      request: { params: UserIdParam },
      responses: { 204: { description: 'Removed' } },
    }),
    async (c) => {
      await removeMember(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  );
