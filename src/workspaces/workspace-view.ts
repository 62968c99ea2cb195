import { z } from '@hono/zod-openapi';
import { IsoDate, iso } from '@/api/openapi-schemas';
import type { Workspace } from '@/db/schema';
import { RetentionSettings } from '@/traces/retention/retention-settings';
import { ScoreLabelSettings } from '@/traces/score-labels';

export const WorkspaceView = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    createdAt: IsoDate,
    settings: z.object({
      scoreLabels: ScoreLabelSettings.optional(),
      retention: RetentionSettings.optional(),
    }),
  })
  .openapi('Workspace');
export type WorkspaceView = z.infer<typeof WorkspaceView>;

export function toWorkspaceView(row: Workspace): WorkspaceView {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    createdAt: iso(row.createdAt),
    settings: {
      ...(row.settings.scoreLabels ? { scoreLabels: row.settings.scoreLabels } : {}),
      ...(row.settings.retention ? { retention: row.settings.retention } : {}),
    },
  };
}
