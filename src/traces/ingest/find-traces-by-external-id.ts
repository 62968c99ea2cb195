import { inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { idChunks } from '@/db/id-chunks';
import { selectInWorkspace } from '@/db/in-workspace';
import { TRACE_SOURCES, traces } from '@/db/schema';
import type { TraceSource } from '../normalised-trace';

/** External ids per query: the sources' list binds parameters too (D1 allows 100). */
const CHUNK = 80;

/**
 * Row ids of this workspace's traces by external id, whatever protocol delivered them (a
 * Langfuse score names a trace that `@langfuse/otel` sent over OTLP). When several sources hold
 * one id, `preferred` wins, then the order of `TRACE_SOURCES`. Seeks the unique
 * (workspace, source, external id) index once per source.
 */
export async function findTracesByExternalId(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  externalIds: string[],
  preferred: TraceSource,
): Promise<Map<string, string>> {
  const rank = (source: string) =>
    source === preferred ? -1 : TRACE_SOURCES.indexOf(source as TraceSource);
  const found = new Map<string, { id: string; source: string }>();
  const unique = [...new Set(externalIds)];
  for (const chunk of idChunks(unique, CHUNK)) {
    const rows = await selectInWorkspace(
      ctx,
      traces,
      { id: traces.id, source: traces.source, externalId: traces.externalId },
      [inArray(traces.source, [...TRACE_SOURCES]), inArray(traces.externalId, chunk)],
    );
    for (const row of rows) {
      const seen = found.get(row.externalId);
      if (!seen || rank(row.source) < rank(seen.source)) {
        found.set(row.externalId, row);
      }
    }
  }
  return new Map([...found].map(([externalId, row]) => [externalId, row.id]));
}
