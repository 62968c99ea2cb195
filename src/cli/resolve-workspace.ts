import { asc, count, eq } from 'drizzle-orm';
import { bootstrapOwner } from '@/auth/bootstrap-owner';
import type { Ctx, Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { users, workspaces } from '@/db/schema';

/**
 * A system ctx for the workspace with `slug`, for commands that use the services directly. A
 * database nobody has used yet gets what the server's first start creates (an owner and the
 * `default` workspace), so a fresh `--data-dir` works from the terminal alone.
 */
export async function resolveWorkspaceCtx(deps: Deps, slug: string, command: string): Promise<Ctx> {
  const [people] = await deps.db.select({ n: count() }).from(users);
  if ((people?.n ?? 0) === 0) {
    await bootstrapOwner(deps);
  }
  const [row] = await deps.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.slug, slug));
  if (!row) {
    const known = await deps.db
      .select({ slug: workspaces.slug })
      .from(workspaces)
      .orderBy(asc(workspaces.slug));
    throw new AppError(
      'NOT_FOUND',
      `no workspace "${slug}" in this database; workspaces here: ${known.map((w) => w.slug).join(', ')} (create one with: iofold workspaces create NAME)`,
    );
  }
  return { ...deps, workspaceId: row.id, actor: { type: 'system' }, requestId: `cli-${command}` };
}
