import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb } from '@/db/client.node.js';
import { evalExecutions, traces, workspaces } from '@/db/schema';
import { createTestDeps } from '@/hosts/test-deps';
import { getEvalAgreement } from '../agreement/eval-agreement';
import { explainQueries, type RecordedQuery } from './explain-queries.node.js';
import { cellState, getMatrix, type MatrixQuery } from './get-matrix';
import { type SeededMatrix, seedMatrix } from './testing/seed-matrix';

let recording: RecordedQuery[] | null = null;
const handle = openSqliteDb({
  path: ':memory:',
  onQuery: (sql, params) => recording?.push({ sql, params }),
});
const deps = createTestDeps({ db: handle.db });
let ctx: Ctx;
let main: SeededMatrix;

async function plansOf(run: () => Promise<unknown>) {
  recording = [];
  await run();
  const queries = recording;
  recording = null;
  return explainQueries(handle.sqlite, queries);
}

beforeAll(async () => {
  await handle.db.insert(workspaces).values({ id: 'ws_plans', name: 'plans', slug: 'ws_plans' });
  main = await seedMatrix(handle.db, {
    workspaceId: 'ws_plans',
    agentId: 'agt_a',
    traces: 400,
    versions: 5,
  });
  await seedMatrix(handle.db, {
    workspaceId: 'ws_plans',
    agentId: 'agt_b',
    traces: 400,
    versions: 2,
  });
  // Another tenant with many versions, so the planner sees what a shared database looks like.
  await handle.db.insert(workspaces).values({ id: 'ws_other', name: 'other', slug: 'ws_other' });
  await seedMatrix(handle.db, {
    workspaceId: 'ws_other',
    agentId: 'agt_other',
    traces: 20,
    versions: 60,
  });
  handle.sqlite.exec('ANALYZE');
  ctx = createSystemCtx(deps, 'ws_plans');
});
afterAll(() => {
  handle.close();
  deps.close();
});

describe('matrix and metrics query plans', () => {
  const scenarios: [string, () => MatrixQuery][] = [
    ['the first page', () => ({ agentId: main.agentId })],
    ['only disagreements', () => ({ agentId: main.agentId, onlyDisagreements: true })],
    ['a version filter', () => ({ agentId: main.agentId, evalIds: main.evalIds.slice(1, 3) })],
    ['a label filter', () => ({ agentId: main.agentId, label: 'negative' })],
  ];
  it.each(scenarios)('reads %s through indexes, never a whole table', async (_name, query) => {
    const explained = await plansOf(() => getMatrix(ctx, query()));
    expect(explained.length).toBeGreaterThanOrEqual(4);
    for (const q of explained) {
      expect(q.fullScans, q.sql).toEqual([]);
      expect(q.plan.join('\n'), q.sql).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
    }
    // Statistics: the versions' maintained verdict counts by primary key, and the agent's trace
    // total from a covering index; no execution is counted.
    const counts = explained.filter((q) => q.sql.includes('"eval_verdict_counts"'));
    expect(counts).toHaveLength(1);
    expect(counts[0]?.plan.join('\n')).toMatch(
      /SEARCH eval_verdict_counts USING INDEX sqlite_autoindex_eval_verdict_counts_1/,
    );
    // Verdicts on the labels each version was built from: one indexed lookup per training trace.
    const training = explained.filter((q) => q.sql.includes('json_each'));
    expect(training).toHaveLength(1);
    expect(training[0]?.plan.join('\n')).toMatch(
      /SEARCH eval_executions USING (COVERING )?INDEX \w+ \(eval_id=\? AND trace_id=\?\)/,
    );
    const counting = explained.filter((q) => /count\(/i.test(q.sql));
    expect(counting.map((q) => q.plan.join('\n'))).toEqual([
      expect.stringMatching(/^SEARCH traces USING COVERING INDEX/),
    ]);
  });

  it("reads one version's metrics from its maintained counts", async () => {
    const explained = await plansOf(() => getEvalAgreement(ctx, main.evalIds[0] ?? ''));
    const stats = explained.find((q) => q.sql.includes('"eval_verdict_counts"'));
    expect(stats?.plan.join('\n')).toMatch(
      /SEARCH eval_verdict_counts USING INDEX sqlite_autoindex_eval_verdict_counts_1/,
    );
    expect(explained.some((q) => /count\(/i.test(q.sql))).toBe(false);
  });

  it('derives the headline from the maintained counts exactly as counting the cells would', async () => {
    const all = await getMatrix(ctx, { agentId: main.agentId });
    const rows = await deps.db
      .select({ evalId: evalExecutions.evalId, status: evalExecutions.status, label: traces.label })
      .from(evalExecutions)
      .innerJoin(traces, eq(traces.id, evalExecutions.traceId))
      .where(eq(traces.agentId, main.agentId));
    for (const version of all.versions) {
      const states = rows
        .filter((r) => r.evalId === version.id)
        .map((r) => cellState(r.label, r.status));
      const n = (state: string) => states.filter((s) => s === state).length;
      expect(version.stats).toMatchObject({
        traces: 400,
        executions: states.length,
        agree: n('agree'),
        contradictions: n('contradiction'),
        errors: n('error'),
        neutral: n('neutral'),
        unlabelled: n('unlabelled'),
        notRun: 400 - states.length,
      });
    }
  });

  it('still answers what the page shows: only rows with a contradiction or an error', async () => {
    const page = await getMatrix(ctx, { agentId: main.agentId, onlyDisagreements: true });
    expect(page.rows.length).toBe(50);
    for (const row of page.rows) {
      expect(row.cells.some((c) => c.state === 'contradiction' || c.state === 'error')).toBe(true);
    }
    const all = await getMatrix(ctx, { agentId: main.agentId });
    const first = all.versions[0]?.stats;
    // 400 traces: 300 labelled, of which 100 neutral; every version ran on all of them.
    expect(first?.executions).toBe(400);
    expect(all.versions.map((v) => v.id)).toEqual(main.evalIds);
  });
});
