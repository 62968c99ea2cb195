import { afterEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { openSqliteDb, type SqliteHandle } from '@/db/client.node.js';
import { createTestWorkspace } from '@/db/testing';
import { explainQueries, type RecordedQuery } from '@/evals/matrix/explain-queries.node';
import { createTestDeps } from '@/hosts/test-deps';
import { ingestTraces } from './ingest-traces';
import { splitTrace } from './testing/split-traces';

/**
 * The reads of an ingest request seek the primary key and the unique indexes whatever the
 * statistics say: with none (a fresh database: SQLite then guesses that `workspace_id = ?`
 * narrows more than `id IN (...)`, issue #16 point 10) and after ANALYZE of a filled workspace.
 */
let handle: SqliteHandle;
afterEach(() => handle?.close());

async function ingestAndRecord(analyze: boolean) {
  const recorded: RecordedQuery[] = [];
  let recording = false;
  handle = openSqliteDb({
    path: ':memory:',
    onQuery: (sql, params) => {
      if (recording && /^select/i.test(sql)) {
        recorded.push({ sql, params });
      }
    },
  });
  const deps = createTestDeps({ db: handle.db });
  const ws = await createTestWorkspace(handle);
  const other = await createTestWorkspace(handle, 'Other');
  const ctx = (workspaceId: string): Ctx => ({
    ...deps,
    workspaceId,
    actor: { type: 'system' },
    requestId: 'plan',
  });
  for (let start = 1; start <= 600; start += 100) {
    const batch = Array.from({ length: 100 }, (_, i) => splitTrace(start + i));
    await ingestTraces(ctx(ws.id), { traces: batch });
    await ingestTraces(ctx(other.id), { traces: batch.slice(0, 20) });
  }
  if (analyze) {
    handle.sqlite.exec('ANALYZE');
  }
  recording = true;
  // five known traces (3+ ids is where the statistics-less plan left the primary key) and a new one
  await ingestTraces(ctx(ws.id), {
    traces: [1, 2, 3, 4, 5, 9999].map((n) => splitTrace(n, 'b')),
    scores: [
      {
        source: 'langfuse',
        traceExternalId: splitTrace(7).externalId,
        score: { externalId: 's', name: 'x', value: 1, comment: null, spanId: null },
      },
    ],
  });
  recording = false;
  return explainQueries(handle.sqlite, recorded);
}

describe.each([
  ['without statistics', false],
  ['after ANALYZE', true],
])('ingest query plans %s', (_name, analyze) => {
  it('seeks traces by primary key or unique index and spans by (workspace, trace), never scanning', async () => {
    const explained = await ingestAndRecord(analyze);
    const traceReads = explained.filter((q) => /from "traces"/.test(q.sql));
    const spanReads = explained.filter((q) => /from "spans"/.test(q.sql));
    expect(traceReads.length).toBeGreaterThanOrEqual(2);
    expect(spanReads.length).toBeGreaterThanOrEqual(1);
    for (const q of explained) {
      expect(q.fullScans, q.sql).toEqual([]);
    }
    for (const q of traceReads) {
      expect(q.plan.join('\n'), q.sql).toMatch(
        /SEARCH traces USING INDEX (sqlite_autoindex_traces_1 \(id=\?\)|traces_workspace_source_external_idx \(workspace_id=\? AND source=\? AND external_id=\?\))/,
      );
    }
    const pendingReads = explained.filter((q) => /from "pending_scores"/.test(q.sql));
    expect(pendingReads.length).toBeGreaterThanOrEqual(1);
    for (const q of pendingReads) {
      expect(q.plan.join('\n'), q.sql).toMatch(
        /SEARCH pending_scores USING INDEX pending_scores_workspace_trace_idx \(workspace_id=\? AND trace_external_id=\?\)/,
      );
    }
    for (const q of spanReads) {
      expect(q.plan.join('\n'), q.sql).toMatch(
        /SEARCH spans USING INDEX spans_trace_span_idx \(trace_id=\?\)/,
      );
    }
  }, 60_000);
});
