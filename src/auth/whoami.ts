import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { MEMBER_ROLES, workspaces } from '@/db/schema';
import { actorRole } from './assert-role';
import { findUserView, UserView } from './user-view';

export const Whoami = z
  .object({
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    role: z.enum(MEMBER_ROLES),
    actor: z.object({
      type: z.enum(['user', 'apiKey', 'job', 'system']),
      id: z.string().nullable(),
    }),
    user: UserView.nullable(),
    csrfToken: z
      .string()
      .optional()
      .openapi({ description: 'For sessions: send as `x-csrf-token` on mutations' }),
  })
  .openapi('Whoami');
export type Whoami = z.infer<typeof Whoami>;

/** Who the credential is and which workspace it acts in. */
export async function whoami(ctx: Ctx): Promise<Whoami> {
  const [workspace] = await ctx.db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId))
    .limit(1);
  if (!workspace) {
    throw notFound('workspace', ctx.workspaceId);
  }
  const { actor } = ctx;
  const user = actor.type === 'user' ? ((await findUserView(ctx.db, actor.userId)) ?? null) : null;
  const id =
    actor.type === 'user'
      ? actor.userId
      : actor.type === 'apiKey'
        ? actor.keyId
        : actor.type === 'job'
          ? actor.jobId
          : null;
  return { workspace, role: actorRole(ctx), actor: { type: actor.type, id }, user };
}
