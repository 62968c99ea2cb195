import { describe, expect, it } from 'vitest';
import { createRecordingCtx } from '@/hosts/testing/query-recorder';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { splitTrace } from '@/traces/ingest/testing/split-traces';
import { type IndexTasksInput, indexTasks } from './index-tasks';

/**
 * Marking summaries indexed (and pending again on a full rebuild) names the traces; on a database
 * without statistics (a user's) SQLite must look them up by trace id, not read every summary of
 * the workspace through `trace_summaries_workspace_idx` (workspace_id, created_at).
 */
describe('the tasks index marks summaries', () => {
  it.each([
    ['incrementally', {}],
    ['on a full rebuild of an agent', { full: true, agentId: 'agent' }],
    ['on a full rebuild of the workspace', { full: true }],
  ] as [string, IndexTasksInput][])('%s by trace id, not by a workspace scan', async (_, input) => {
    const { handle: db, ctx, record } = await createRecordingCtx();
    try {
      await ingestTraces(ctx, { traces: Array.from({ length: 40 }, (_, i) => splitTrace(i + 1)) });
      const agentId = db.sqlite
        .prepare('SELECT agent_id FROM traces WHERE agent_id IS NOT NULL LIMIT 1')
        .pluck()
        .get() as string | undefined;
      const { result, queries } = await record(() =>
        indexTasks(ctx, {
          ...input,
          ...('agentId' in input ? { agentId: agentId as string } : {}),
        }),
      );
      expect(result.traces).toBe(40);
      const updates = queries.filter(
        (q) => /^update "trace_summaries"/.test(q.sql) && (q.sql.includes(' in (') || !input.full),
      );
      expect(updates.length).toBeGreaterThan(0);
      for (const update of updates) {
        expect(update.plan.join('\n'), update.sql).toMatch(
          /INDEX trace_summaries_trace_kind_model_idx/,
        );
      }
    } finally {
      db.close();
    }
  });
});
