import type Database from 'better-sqlite3';

export type RecordedQuery = { sql: string; params: unknown[] };
export type ExplainedQuery = RecordedQuery & { plan: string[]; fullScans: string[] };

const toDriverValue = (value: unknown) =>
  typeof value === 'boolean' ? Number(value) : value instanceof Date ? value.getTime() : value;

/**
 * `EXPLAIN QUERY PLAN` of recorded statements (better-sqlite3; tests and bench). `fullScans`
 * lists plan lines that read a whole table without an index (`SCAN t`, not `SCAN t USING …`).
 */
export function explainQueries(
  sqlite: Database.Database,
  queries: RecordedQuery[],
): ExplainedQuery[] {
  return queries.map((query) => {
    const rows = sqlite
      .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .all(query.params.map(toDriverValue)) as { detail: string }[];
    const plan = rows.map((row) => row.detail);
    return { ...query, plan, fullScans: plan.filter((line) => /^SCAN \w+$/.test(line.trim())) };
  });
}
