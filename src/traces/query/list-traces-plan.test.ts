import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { encodeCursor } from '@/core/cursor';
import { openSqliteDb } from '@/db/client.node.js';
import { createTestDb, createTestWorkspace } from '@/db/testing';
import { explainQueries, type RecordedQuery } from '@/evals/matrix/explain-queries.node';
import { createTestDeps } from '@/hosts/test-deps';
import { ingestTraces } from '../ingest/ingest-traces';
import { splitTrace } from '../ingest/testing/split-traces';
import { explainTraceList } from './explain-trace-list.node';
import { listTraces } from './list-traces';

const handle = createTestDb();
let workspaceId: string;
beforeAll(async () => {
  workspaceId = (await createTestWorkspace(handle)).id;
  handle.sqlite.exec('ANALYZE');
});
afterAll(() => handle.close());

const cursor = encodeCursor({ at: Date.now(), id: 'tr_x' });

describe('trace list query plans', () => {
  it.each([
    [{}],
    [{ agentId: 'agt_1' }],
    [{ agentId: 'agt_1', label: 'negative' as const, cursor }],
    [{ label: 'positive' as const }],
    [{ labelled: false }],
    [{ hasErrors: true, cursor }],
    [{ source: 'otlp' as const, q: 'refund' }],
  ])('searches an index, never scans the table: %j', (query) => {
    const plan = explainTraceList(handle.db, handle.sqlite, workspaceId, query);
    expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX traces_workspace_/);
    expect(plan.some((line) => /^SCAN traces$/.test(line.trim()))).toBe(false);
  });
});

describe('the summary lines of a trace-list page', () => {
  it('are looked up by trace id on a database without statistics, not by a workspace scan', async () => {
    const recorded: RecordedQuery[] = [];
    let recording = false;
    const filled = openSqliteDb({
      path: ':memory:',
      onQuery: (sql, params) => {
        if (recording) {
          recorded.push({ sql, params });
        }
      },
    });
    try {
      const ws = await createTestWorkspace(filled);
      const ctx: Ctx = {
        ...createTestDeps({ db: filled.db }),
        workspaceId: ws.id,
        actor: { type: 'system' },
        requestId: 'plan',
      };
      // ingest writes each trace's deterministic summary
      const batch = Array.from({ length: 60 }, (_, i) => splitTrace(i + 1));
      await ingestTraces(ctx, { traces: batch });
      recording = true;
      const page = await listTraces(ctx, { limit: 20 });
      recording = false;
      expect(page.data.every((t) => t.summary !== null)).toBe(true);
      const lookups = explainQueries(filled.sqlite, recorded).filter((q) =>
        /from "trace_summaries"/.test(q.sql),
      );
      expect(lookups).toHaveLength(1);
      expect(lookups[0]?.plan.join('\n')).toMatch(/INDEX trace_summaries_trace_kind_model_idx/);
    } finally {
      filled.close();
    }
  });
});
