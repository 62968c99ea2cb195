import { z } from '@hono/zod-openapi';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { randomToken } from '@/core/web-crypto';
import { memberships, workspaces } from '@/db/schema';
import { toWorkspaceView, type WorkspaceView } from './workspace-view';

export const CreateWorkspaceInput = z
  .strictObject({ name: z.string().trim().min(1).max(100) })
  .openapi('CreateWorkspaceInput');

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base || 'workspace';
}

/** Creates a workspace with `ownerUserId` as its owner, atomically. Slugs get a random suffix. */
export async function createWorkspace(
  deps: Pick<Deps, 'db' | 'newId' | 'now'>,
  input: { name: string; ownerUserId: string; slug?: string },
): Promise<WorkspaceView> {
  const { name } = CreateWorkspaceInput.parse({ name: input.name });
  const id = deps.newId('ws');
  const now = deps.now();
  const slug =
    input.slug ??
    `${slugify(name)}-${randomToken(4)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}`;
  const [inserted] = await deps.db.batch([
    deps.db
      .insert(workspaces)
      .values({ id, name, slug, createdAt: now, updatedAt: now })
      .returning(),
    deps.db
      .insert(memberships)
      .values({ workspaceId: id, userId: input.ownerUserId, role: 'owner', createdAt: now }),
  ]);
  const row = inserted[0];
  if (!row) {
    throw new AppError('INTERNAL', 'workspace insert returned nothing');
  }
  return toWorkspaceView(row);
}
