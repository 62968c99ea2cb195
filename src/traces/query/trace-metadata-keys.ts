import { z } from '@hono/zod-openapi';
import { desc, eq, sql } from 'drizzle-orm';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import { pageOf } from '@/api/openapi-schemas';
import { service } from '@/core/service';
import { selectInWorkspace } from '@/db/in-workspace';
import { traces } from '@/db/schema';

/** How many of the newest traces the keys are read from (a sample, so the answer stays quick). */
const SAMPLE = 1000;
const VALUES_PER_KEY = 20;

export const TraceMetadataQuery = z.strictObject({
  agentId: z.string().min(1).max(100).optional(),
});

const MetadataKey = z
  .object({
    key: z.string(),
    traces: z.number().int(),
    values: z.array(z.object({ value: z.string(), traces: z.number().int() })),
  })
  .openapi('MetadataKey');
export const TraceMetadataKeys = pageOf(MetadataKey).openapi('TraceMetadataKeys');
export type TraceMetadataKeys = z.infer<typeof TraceMetadataKeys>;

/**
 * The metadata keys of the newest traces (of the workspace or one agent) with their most common
 * scalar values, most used first: what the trace list can filter on (`metaKey`/`metaValue`).
 */
export const getTraceMetadataKeys = service(
  TraceMetadataQuery,
  async (ctx, { agentId }): Promise<TraceMetadataKeys> => {
    if (agentId) {
      await getAgentOrThrow(ctx, agentId);
    }
    const newest = selectInWorkspace(ctx, traces, { metadata: traces.metadata }, [
      agentId ? eq(traces.agentId, agentId) : undefined,
    ])
      .orderBy(desc(traces.startedAt), desc(traces.id))
      .limit(SAMPLE)
      .as('newest');
    const entry = sql`json_each(${newest.metadata})`;
    const rows = await ctx.db
      .select({
        key: sql<string>`"entry"."key"`,
        value: sql<string>`cast("entry"."value" as text)`,
        n: sql<number>`count(*)`.mapWith(Number),
      })
      .from(newest)
      .innerJoin(sql`${entry} as "entry"`, sql`"entry"."type" not in ('object', 'array', 'null')`)
      .groupBy(sql`1`, sql`2`)
      .orderBy(sql`3 desc`);
    const byKey = new Map<string, TraceMetadataKeys['data'][number]>();
    for (const r of rows) {
      const entryOf = byKey.get(r.key) ?? { key: r.key, traces: 0, values: [] };
      entryOf.traces += r.n;
      if (entryOf.values.length < VALUES_PER_KEY) {
        entryOf.values.push({ value: r.value, traces: r.n });
      }
      byKey.set(r.key, entryOf);
    }
    return {
      data: [...byKey.values()].sort((a, b) => b.traces - a.traces || a.key.localeCompare(b.key)),
      nextCursor: null,
    };
  },
);
