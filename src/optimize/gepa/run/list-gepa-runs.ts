import { z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { service } from '@/core/service';
import { rowsInWorkspace } from '@/db/in-workspace';
import { gepaRuns } from '@/db/schema';

export const ListGepaRunsQuery = z.strictObject({
  agentId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** The workspace's runs (optionally one agent's), newest first. */
export const listGepaRuns = service(ListGepaRunsQuery, async (ctx, q) =>
  rowsInWorkspace(ctx, gepaRuns, [...(q.agentId ? [eq(gepaRuns.agentId, q.agentId)] : [])])
    .orderBy(desc(gepaRuns.createdAt))
    .limit(q.limit),
);
