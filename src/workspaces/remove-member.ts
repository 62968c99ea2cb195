import { eq } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { deleteInWorkspace } from '@/db/in-workspace';
import { memberships } from '@/db/schema';
import { assertNotLastOwner } from './assert-not-last-owner';
import { getMemberOrThrow } from './list-members';

/** Removes a member (owners only); the last owner cannot be removed. */
export async function removeMember(ctx: Ctx, input: { userId: string }): Promise<void> {
  assertOwner(ctx);
  const member = await getMemberOrThrow(ctx, input.userId);
  if (member.role === 'owner') {
    await assertNotLastOwner(ctx, member.userId);
  }
  await deleteInWorkspace(ctx, memberships, [eq(memberships.userId, member.userId)]);
}
