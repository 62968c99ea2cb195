import { z } from '@hono/zod-openapi';
import { IsoDate, iso } from '@/api/openapi-schemas';
import type { Workspace } from '@/db/schema';

export const WorkspaceView = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: IsoDate })
  .openapi('Workspace');
export type WorkspaceView = z.infer<typeof WorkspaceView>;

export function toWorkspaceView(row: Workspace): WorkspaceView {
  return { id: row.id, name: row.name, slug: row.slug, createdAt: iso(row.createdAt) };
}
