import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import { service } from '@/core/service';
import { workspaces } from '@/db/schema';
import { RetentionSettings } from '@/traces/retention/retention-settings';
import { ScoreLabelSettings } from '@/traces/score-labels';
import { getWorkspace } from './get-workspace';
import type { WorkspaceView } from './workspace-view';

export const UpdateWorkspaceInput = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    scoreLabels: ScoreLabelSettings.openapi('ScoreLabelSettings', {
      description:
        'How scores from other platforms become labels: NUMERIC at or above `numericThreshold` is positive, below negative; CATEGORICAL values map through `categories`. BOOLEAN scores are always labels.',
    }).optional(),
    retention: RetentionSettings.openapi('RetentionSettings', {
      description:
        'Drop span payloads (`spanPayloadDays`) or whole traces (`traceDays`) older than N days; labelled traces, traces tasks were made from and eval training sets are kept unless `includeKept`. Null keeps everything.',
    }).optional(),
  })
  .openapi('UpdateWorkspaceInput');

/** Renames the ctx's workspace or sets its score-to-label or retention rules (owners only). */
export const updateWorkspace = service(
  UpdateWorkspaceInput,
  assertOwner,
  async (ctx, { name, scoreLabels, retention }): Promise<WorkspaceView> => {
    const [current] = await ctx.db
      .select({ settings: workspaces.settings })
      .from(workspaces)
      .where(eq(workspaces.id, ctx.workspaceId));
    await ctx.db
      .update(workspaces)
      .set({
        ...(name ? { name } : {}),
        ...(scoreLabels || retention
          ? {
              settings: {
                ...current?.settings,
                ...(scoreLabels ? { scoreLabels } : {}),
                ...(retention ? { retention } : {}),
              },
            }
          : {}),
        updatedAt: ctx.now(),
      })
      .where(eq(workspaces.id, ctx.workspaceId));
    return getWorkspace(ctx);
  },
);
