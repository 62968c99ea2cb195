import { count } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { users } from '@/db/schema';
import { createWorkspace } from '@/workspaces/create-workspace';
import { createLoginToken } from './login-links';

export type BootstrapResult =
  | { created: false }
  | { created: true; userId: string; workspaceId: string; loginToken: string };

/**
 * First start: when no user exists, creates an owner, a `default` workspace and a one-time login
 * token. Does nothing on later starts (use `createLoginToken` for a new link).
 */
export async function bootstrapOwner(
  deps: Pick<Deps, 'db' | 'newId' | 'now'>,
  input: { email?: string; name?: string } = {},
): Promise<BootstrapResult> {
  const [existing] = await deps.db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) {
    return { created: false };
  }
  const userId = deps.newId('usr');
  const now = deps.now();
  await deps.db.insert(users).values({
    id: userId,
    email: input.email ?? 'owner@localhost',
    name: input.name ?? 'Owner',
    createdAt: now,
    updatedAt: now,
  });
  const workspace = await createWorkspace(deps, {
    name: 'Default',
    ownerUserId: userId,
    slug: 'default',
  });
  const { token } = await createLoginToken(deps, { userId });
  return { created: true, userId, workspaceId: workspace.id, loginToken: token };
}
