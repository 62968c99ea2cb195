import type Database from 'better-sqlite3';
import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { traces } from '@/db/schema';
import { ListTracesQuery, traceListWhere } from './list-traces';
import { traceSummaryColumns } from './trace-summary-view';

/** `EXPLAIN QUERY PLAN` of the trace-list query for `query` (better-sqlite3; tests and bench). */
export function explainTraceList(
  db: Db,
  sqlite: Database.Database,
  workspaceId: string,
  query: Parameters<typeof ListTracesQuery.parse>[0],
): string[] {
  const parsed = ListTracesQuery.parse(query);
  const built = db
    .select(traceSummaryColumns)
    .from(traces)
    .where(traceListWhere({ workspaceId }, parsed))
    .orderBy(desc(traces.startedAt), desc(traces.id))
    .limit(parsed.limit + 1)
    .toSQL();
  const params = built.params.map((p) =>
    p instanceof Date ? p.getTime() : typeof p === 'boolean' ? Number(p) : p,
  );
  const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(params) as {
    detail: string;
  }[];
  return rows.map((r) => r.detail);
}
