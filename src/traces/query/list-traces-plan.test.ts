import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@/core/cursor';
import { createTestDb, createTestWorkspace } from '@/db/testing';
import { createRecordingCtx } from '@/hosts/testing/query-recorder';
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
    const { handle: filled, ctx, record } = await createRecordingCtx();
    try {
      // ingest writes each trace's deterministic summary
      const batch = Array.from({ length: 60 }, (_, i) => splitTrace(i + 1));
      await ingestTraces(ctx, { traces: batch });
      const { result: page, queries } = await record(() => listTraces(ctx, { limit: 20 }));
      expect(page.data.every((t) => t.summary !== null)).toBe(true);
      const lookups = queries.filter((q) => /from "trace_summaries"/.test(q.sql));
      expect(lookups).toHaveLength(1);
      expect(lookups[0]?.plan.join('\n')).toMatch(/INDEX trace_summaries_trace_kind_model_idx/);
    } finally {
      filled.close();
    }
  });
});
