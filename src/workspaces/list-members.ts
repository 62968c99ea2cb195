import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { memberships, users } from '@/db/schema';
import type { MemberView } from './member-view';

function selectMembers(ctx: Ctx, userId?: string) {
  return ctx.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inWorkspace(ctx, memberships, [userId ? eq(memberships.userId, userId) : undefined]))
    .orderBy(asc(memberships.createdAt), asc(users.id));
}

export async function listMembers(ctx: Ctx): Promise<MemberView[]> {
  const rows = await selectMembers(ctx);
  return rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() }));
}

export async function getMemberOrThrow(ctx: Ctx, userId: string): Promise<MemberView> {
  const [row] = await selectMembers(ctx, userId);
  if (!row) {
    throw notFound('member', userId);
  }
  return { ...row, joinedAt: row.joinedAt.toISOString() };
}
