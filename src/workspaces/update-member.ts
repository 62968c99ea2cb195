import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { MEMBER_ROLES, memberships } from '@/db/schema';
import { assertNotLastOwner } from './assert-not-last-owner';
import { getMemberOrThrow } from './list-members';
import type { MemberView } from './member-view';

export const UpdateMemberInput = z
  .strictObject({ role: z.enum(MEMBER_ROLES) })
  .openapi('UpdateMemberInput');

/** Changes a member's role (owners only); the last owner cannot be demoted. */
export async function updateMember(
  ctx: Ctx,
  input: { userId: string } & z.input<typeof UpdateMemberInput>,
): Promise<MemberView> {
  assertOwner(ctx);
  const { role } = UpdateMemberInput.parse({ role: input.role });
  const member = await getMemberOrThrow(ctx, input.userId);
  if (member.role === 'owner' && role !== 'owner') {
    await assertNotLastOwner(ctx, member.userId);
  }
  await ctx.db
    .update(memberships)
    .set({ role })
    .where(inWorkspace(ctx, memberships, [eq(memberships.userId, member.userId)]));
  return { ...member, role };
}
