import { asc, count, eq, or } from 'drizzle-orm';
import { bootstrapOwner } from '@/auth/bootstrap-owner';
import type { Ctx, Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import type { Db } from '@/db/client';
import { users, workspaces } from '@/db/schema';

/**
 * A system ctx for the workspace `wanted` names (`findWorkspace`), for commands that use the
 * services directly. A database nobody has used yet gets what the server's first start creates
 * (an owner and the `default` workspace), so a fresh `--data-dir` works from the terminal alone.
 */
export async function resolveWorkspaceCtx(
  deps: Deps,
  wanted: string,
  command: string,
): Promise<Ctx> {
  const [people] = await deps.db.select({ n: count() }).from(users);
  if ((people?.n ?? 0) === 0) {
    await bootstrapOwner(deps);
  }
  const { id } = await findWorkspace(deps.db, wanted);
  return { ...deps, workspaceId: id, actor: { type: 'system' }, requestId: `cli-${command}` };
}

/**
 * The workspace of this database that `wanted` names: its slug or id, else its name when exactly
 * one workspace has that name (`workspaces create "Support bot"` gives the slug
 * `support-bot-x7k2`; the name given there finds it too). Unknown or shared by several: NOT_FOUND,
 * naming the slugs there are.
 */
export async function findWorkspace(db: Db, wanted: string): Promise<{ id: string; slug: string }> {
  const candidates = await db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name })
    .from(workspaces)
    .where(or(eq(workspaces.slug, wanted), eq(workspaces.id, wanted), eq(workspaces.name, wanted)))
    .orderBy(asc(workspaces.slug));
  const exact = candidates.find((w) => w.slug === wanted || w.id === wanted);
  const named = candidates.filter((w) => w.name === wanted);
  const match = exact ?? (named.length === 1 ? named[0] : undefined);
  if (match) {
    return { id: match.id, slug: match.slug };
  }
  const slugs = (list: { slug: string }[]) => list.map((w) => w.slug).join(', ');
  if (named.length > 1) {
    throw new AppError(
      'NOT_FOUND',
      `${named.length} workspaces are named "${wanted}": give one's slug (${slugs(named)})`,
    );
  }
  const known = await db
    .select({ slug: workspaces.slug })
    .from(workspaces)
    .orderBy(asc(workspaces.slug));
  throw new AppError(
    'NOT_FOUND',
    `no workspace "${wanted}" in this database; workspaces here: ${slugs(known)} (create one with: iofold workspaces create NAME)`,
  );
}
