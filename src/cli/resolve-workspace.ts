import { eq } from 'drizzle-orm';
import type { Ctx, Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { workspaces } from '@/db/schema';

/** A system ctx for the workspace with `slug`, for commands that use the services directly. */
export async function resolveWorkspaceCtx(deps: Deps, slug: string, command: string): Promise<Ctx> {
  const [row] = await deps.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.slug, slug));
  if (!row) {
    throw new AppError(
      'NOT_FOUND',
      `no workspace "${slug}" in this database; start the server once (npm start) or pass --workspace`,
    );
  }
  return { ...deps, workspaceId: row.id, actor: { type: 'system' }, requestId: `cli-${command}` };
}
