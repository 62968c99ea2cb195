import { z } from '@hono/zod-openapi';
import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { pageOf } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { type Page, toPage } from '@/core/page';
import { service } from '@/core/service';
import { idChunks } from '@/db/id-chunks';
import { inWorkspace } from '@/db/in-workspace';
import { afterCursor, containsText } from '@/db/list-filters';
import { RATINGS, TRACE_SOURCES, traceSummaries, traces } from '@/db/schema';
import {
  MetadataColumns,
  MetadataKey,
  MetaValues,
  metaColumn,
  metadataValue,
  parseMeta,
  sessionKey,
  userKey,
} from './trace-list-columns';
import { TraceSummary, toTraceSummary, traceSummaryColumns } from './trace-summary-view';

/** `true`/`false` in a query string (services may pass booleans). */
const booleanQuery = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((v) => v === true || v === 'true')
  .openapi({ type: 'boolean' });

export const ListTracesQuery = z
  .strictObject({
    agentId: z.string().min(1).max(100).optional(),
    source: z.enum(TRACE_SOURCES).optional(),
    externalId: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .openapi({ description: 'The id the sender gave the trace, whatever protocol delivered it' }),
    from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'startedAt >= from' }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'startedAt < to' }),
    hasErrors: booleanQuery.optional(),
    labelled: booleanQuery.optional(),
    label: z.enum(RATINGS).optional(),
    q: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Text in the input or output preview' }),
    metaKey: MetadataKey.optional().openapi({
      description: 'Traces whose metadata has this key (with metaValue: that value)',
    }),
    metaValue: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'The value of metaKey, compared as text' }),
    sessionId: z.string().min(1).max(256).optional().openapi({
      description: 'The session (its protocol id, else session_id or sessionId in metadata)',
    }),
    userId: z.string().min(1).max(256).optional().openapi({
      description: 'The user (its protocol id, else user_id or userId in metadata)',
    }),
    columns: MetadataColumns.optional(),
    cursor: z.string().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .openapi('ListTracesQuery');
export type ListTracesQuery = z.input<typeof ListTracesQuery>;

const TraceSummaryLine = z
  .object({
    text: z.string().openapi({
      description: "One line: the user's goal · user turns · tools used · how it ended",
    }),
    goal: z.string().nullable().openapi({ description: 'The first user message, in one line' }),
    userTurns: z.number().int(),
    tools: z.record(z.string(), z.number().int()).openapi({ description: 'Calls per tool name' }),
    errorCount: z.number().int(),
    handoffs: z.number().int(),
    ending: z.enum(['answer', 'question', 'tool_call', 'error', 'none']),
  })
  .openapi('TraceSummaryLine');
type TraceSummaryLine = z.infer<typeof TraceSummaryLine>;

export const TraceListItem = TraceSummary.extend({
  sessionId: z.string().nullable().openapi({
    description: 'The session: its protocol id, else session_id or sessionId in metadata',
  }),
  userId: z.string().nullable().openapi({
    description: 'The user: its protocol id, else user_id or userId in metadata',
  }),
  tags: z.array(z.string()),
  meta: MetaValues,
  summary: TraceSummaryLine.nullable().openapi({
    description: 'The summary written at ingest (null for a trace stored before summaries)',
  }),
}).openapi('TraceListItem');
export type TraceListItem = z.infer<typeof TraceListItem>;

export const TracePage = pageOf(TraceListItem).openapi('TracePage');

/** The filter part of the trace list, shared with counts and the bench's query plan. */
export function traceListWhere(
  ctx: Pick<Ctx, 'workspaceId'>,
  query: z.output<typeof ListTracesQuery>,
): SQL {
  const conditions: (SQL | undefined)[] = [];
  if (query.agentId) {
    conditions.push(eq(traces.agentId, query.agentId));
  }
  if (query.source) {
    conditions.push(eq(traces.source, query.source));
  }
  if (query.externalId) {
    // every source named, so the (workspace, source, external id) unique index serves it
    if (!query.source) {
      conditions.push(inArray(traces.source, [...TRACE_SOURCES]));
    }
    conditions.push(eq(traces.externalId, query.externalId));
  }
  if (query.from) {
    conditions.push(gte(traces.startedAt, new Date(query.from)));
  }
  if (query.to) {
    conditions.push(lt(traces.startedAt, new Date(query.to)));
  }
  if (query.hasErrors !== undefined) {
    conditions.push(eq(traces.hasErrors, query.hasErrors));
  }
  if (query.label) {
    conditions.push(eq(traces.label, query.label));
  } else if (query.labelled === true) {
    conditions.push(isNotNull(traces.label));
  } else if (query.labelled === false) {
    conditions.push(isNull(traces.label));
  }
  if (query.q) {
    conditions.push(
      or(containsText(traces.inputPreview, query.q), containsText(traces.outputPreview, query.q)),
    );
  }
  if (query.metaKey) {
    // not indexed: scans the workspace's traces in time order, as the text search does
    const value = metadataValue(query.metaKey);
    conditions.push(
      query.metaValue === undefined
        ? sql`${value} is not null`
        : sql`cast(${value} as text) = ${query.metaValue}`,
    );
  }
  if (query.sessionId) {
    conditions.push(sql`${sessionKey} = ${query.sessionId}`);
  }
  if (query.userId) {
    conditions.push(sql`${userKey} = ${query.userId}`);
  }
  conditions.push(afterCursor(traces.startedAt, traces.id, query.cursor));
  return inWorkspace(ctx, traces, conditions) as SQL;
}

/** The deterministic summary of each trace (written at ingest), by trace id. */
async function summaryLines(ctx: Ctx, ids: string[]): Promise<Map<string, TraceSummaryLine>> {
  const out = new Map<string, TraceSummaryLine>();
  for (const chunk of idChunks(ids)) {
    const rows = await ctx.db
      .select({
        traceId: traceSummaries.traceId,
        text: traceSummaries.text,
        body: traceSummaries.body,
      })
      .from(traceSummaries)
      .where(
        and(
          inArray(traceSummaries.traceId, chunk),
          eq(traceSummaries.kind, 'deterministic'),
          eq(traceSummaries.model, ''),
          eq(traceSummaries.promptHash, ''),
          // `+`: no index may serve it, or SQLite without statistics scans the workspace's
          // summaries (every trace has one) instead of looking up the page's ids
          sql`+${traceSummaries.workspaceId} = ${ctx.workspaceId}`,
        ),
      );
    for (const { traceId, text, body } of rows) {
      out.set(traceId, {
        text,
        goal: body.goal,
        userTurns: body.userTurns,
        tools: body.tools,
        errorCount: body.errorCount,
        handoffs: body.handoffs,
        ending: body.finalMessageKind,
      });
    }
  }
  return out;
}

/**
 * The trace list: newest first, keyset-paginated on `(startedAt, id)`; every filter but the text
 * search and the metadata filter indexed; each trace with its summary line (one indexed lookup per
 * 90 traces).
 */
export const listTraces = service(
  ListTracesQuery,
  async (ctx, query): Promise<Page<TraceListItem>> => {
    if (query.metaValue !== undefined && !query.metaKey) {
      throw new AppError(
        'VALIDATION',
        'metaValue needs metaKey: the metadata key it is the value of',
      );
    }
    const rows = await ctx.db
      .select({
        ...traceSummaryColumns,
        sessionId: sessionKey,
        userId: userKey,
        tags: traces.tags,
        meta: metaColumn(query.columns ?? []),
      })
      .from(traces)
      .where(traceListWhere(ctx, query))
      .orderBy(desc(traces.startedAt), desc(traces.id))
      .limit(query.limit + 1);
    const page = toPage(
      rows,
      query.limit,
      (row) => ({ at: row.startedAt.getTime(), id: row.id }),
      ({ userId, tags, meta, ...row }) => ({
        ...toTraceSummary(row),
        userId: userId === null ? null : String(userId),
        tags,
        meta: parseMeta(meta),
      }),
    );
    const lines = await summaryLines(
      ctx,
      page.data.map((t) => t.id),
    );
    return {
      ...page,
      data: page.data.map((t) => ({ ...t, summary: lines.get(t.id) ?? null })),
    };
  },
);
