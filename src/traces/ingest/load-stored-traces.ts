import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { type Span, spans, type Trace, traces } from '@/db/schema';

const CHUNK = 90;

/** Stored trace rows and their spans for the given row ids (workspace-scoped). */
export async function loadStoredTraces(
  ctx: Ctx,
  ids: string[],
): Promise<{ rows: Map<string, Trace>; spans: Map<string, Span[]> }> {
  const rows = new Map<string, Trace>();
  const spansByTrace = new Map<string, Span[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await ctx.db
      .select()
      .from(traces)
      .where(
        and(eq(traces.workspaceId, ctx.workspaceId), inArray(traces.id, ids.slice(i, i + CHUNK))),
      );
    for (const row of found) {
      rows.set(row.id, row);
    }
  }
  const existing = [...rows.keys()];
  for (let i = 0; i < existing.length; i += CHUNK) {
    const found = await ctx.db
      .select()
      .from(spans)
      .where(
        and(
          eq(spans.workspaceId, ctx.workspaceId),
          inArray(spans.traceId, existing.slice(i, i + CHUNK)),
        ),
      );
    for (const span of found) {
      const list = spansByTrace.get(span.traceId) ?? [];
      list.push(span);
      spansByTrace.set(span.traceId, list);
    }
  }
  return { rows, spans: spansByTrace };
}
