import { z } from '@hono/zod-openapi';
import { asc, eq, gte, lte } from 'drizzle-orm';
import { service } from '@/core/service';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type PerformanceSnapshot, performanceSnapshots } from '@/db/schema';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ListSnapshotsInput = z.object({
  evalId: z.string().optional(),
  from: Day.optional(),
  to: Day.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(400),
});

/** Daily snapshots in day order (`from`/`to` inclusive). */
export const listSnapshots = service(
  ListSnapshotsInput,
  async (ctx, parsed): Promise<PerformanceSnapshot[]> => {
    return rowsInWorkspace(ctx, performanceSnapshots, [
      parsed.evalId ? eq(performanceSnapshots.evalId, parsed.evalId) : undefined,
      parsed.from ? gte(performanceSnapshots.day, parsed.from) : undefined,
      parsed.to ? lte(performanceSnapshots.day, parsed.to) : undefined,
    ])
      .orderBy(asc(performanceSnapshots.day), asc(performanceSnapshots.evalId))
      .limit(parsed.limit);
  },
);
