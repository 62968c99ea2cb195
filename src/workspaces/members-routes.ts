import { createRouter } from '@/api/create-router';
import { created, noContent, ok, routesFor } from '@/api/routes-for';
import { AddedMember, AddMemberInput, addMember } from './add-member';
import { createMemberLoginLink, MemberLoginLink } from './create-member-login-link';
import { listMembers } from './list-members';
import { MemberView } from './member-view';
import { removeMember } from './remove-member';
import { UpdateMemberInput, updateMember } from './update-member';

const { delete: del, list, patch, post } = routesFor('Members');

export const membersRoutes = createRouter()
  .openapi(
    ...list('/members', 'Members of the current workspace', {}, MemberView, 'Members', listMembers),
  )
  .openapi(
    ...post(
      '/members',
      'Add a person by email (owners)',
      { json: AddMemberInput },
      created(AddedMember, 'The member'),
      addMember,
    ),
  )
  .openapi(
    ...post(
      '/members/{userId}/login-link',
      'A new one-time sign-in link for a member, valid 24 h (owners)',
      {},
      created(MemberLoginLink, 'The link, shown once'),
      (ctx, input, c) =>
        createMemberLoginLink(ctx, {
          ...input,
          baseUrl: new URL(c.req.url).origin,
        }),
    ),
  )
  .openapi(
    ...patch(
      '/members/{userId}',
      "Change a member's role (owners)",
      { json: UpdateMemberInput },
      ok(MemberView, 'The member'),
      updateMember,
    ),
  )
  .openapi(
    ...del('/members/{userId}', 'Remove a member (owners)', {}, noContent('Removed'), removeMember),
  );
