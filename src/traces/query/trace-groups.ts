import { z } from '@hono/zod-openapi';
import { and, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import { IsoDate } from '@/api/openapi-schemas';
import { service } from '@/core/service';
import { inWorkspace } from '@/db/in-workspace';
import { traces } from '@/db/schema';
import { LabelCounts } from '@/feedback/label-counts';
import { sessionKey, userKey } from './trace-list-columns';

export const TraceGroupsQuery = z
  .strictObject({
    by: z.enum(['session', 'user']),
    agentId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .openapi('TraceGroupsQuery');

export const TraceGroup = z
  .object({
    key: z.string().openapi({ description: 'The session id or user id' }),
    traces: z.number().int(),
    firstSeen: IsoDate,
    lastSeen: IsoDate,
    errors: z.number().int().openapi({ description: 'Traces with an error' }),
    errorRate: z.number(),
    labels: LabelCounts,
    tokens: z.number().int(),
  })
  .openapi('TraceGroup');
export type TraceGroup = z.infer<typeof TraceGroup>;

export const TraceGroups = z
  .object({
    by: z.enum(['session', 'user']),
    groups: z.array(TraceGroup),
    total: z.number().int().openapi({ description: 'All groups, also past `limit`' }),
    ungrouped: z.number().int().openapi({ description: 'Traces without a session (user) id' }),
  })
  .openapi('TraceGroups');
export type TraceGroups = z.infer<typeof TraceGroups>;

const count = (condition: SQL) =>
  sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

/**
 * Traces grouped by session or by user (the protocol's id, else the id in metadata), most recently
 * seen first: counts, first and last seen, errors, labels and tokens per group. Scans the
 * workspace's (or agent's) traces, as the metadata filter does.
 */
export const getTraceGroups = service(
  TraceGroupsQuery,
  async (ctx, query): Promise<TraceGroups> => {
    if (query.agentId) {
      await getAgentOrThrow(ctx, query.agentId);
    }
    const key = query.by === 'session' ? sessionKey : userKey;
    const scope = inWorkspace(ctx, traces, [
      query.agentId ? eq(traces.agentId, query.agentId) : undefined,
    ]);
    const rows = await ctx.db
      .select({
        key: sql<string>`${key}`,
        traces: sql<number>`count(*)`,
        firstSeen: sql<number>`min(${traces.startedAt})`,
        lastSeen: sql<number>`max(${traces.startedAt})`,
        errors: count(sql`${traces.hasErrors} = 1`),
        positive: count(sql`${traces.label} = 'positive'`),
        negative: count(sql`${traces.label} = 'negative'`),
        neutral: count(sql`${traces.label} = 'neutral'`),
        tokens: sql<number>`coalesce(sum(${traces.inputTokens} + ${traces.outputTokens}), 0)`,
      })
      .from(traces)
      .where(and(scope, isNotNull(key)))
      .groupBy(key)
      .orderBy(desc(sql`max(${traces.startedAt})`), sql`1`)
      .limit(query.limit);
    const [totals] = await ctx.db
      .select({
        total: sql<number>`count(distinct ${key})`,
        ungrouped: count(sql`${key} is null`),
      })
      .from(traces)
      .where(scope);
    return {
      by: query.by,
      groups: rows.map((r) => ({
        key: r.key,
        traces: r.traces,
        firstSeen: new Date(r.firstSeen).toISOString(),
        lastSeen: new Date(r.lastSeen).toISOString(),
        errors: r.errors,
        errorRate: r.traces ? r.errors / r.traces : 0,
        labels: { positive: r.positive, negative: r.negative, neutral: r.neutral },
        tokens: r.tokens,
      })),
      total: totals?.total ?? 0,
      ungrouped: totals?.ungrouped ?? 0,
    };
  },
);
