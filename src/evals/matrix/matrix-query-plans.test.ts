import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb } from '@/db/client.node.js';
import { workspaces } from '@/db/schema';
import { createTestDeps } from '@/db/testing';
import { getEvalAgreement } from '../agreement/eval-agreement';
import { explainQueries, type RecordedQuery } from './explain-queries.node.js';
import { getMatrix, type MatrixQuery } from './get-matrix';
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
    const stats = explained.find((q) => q.sql.includes('count(*)') && q.sql.includes('group by'));
    // Statistics walk the agent's traces and read executions from a covering index.
    expect(stats?.plan.join('\n')).toMatch(
      /SEARCH traces USING COVERING INDEX[\s\S]*SEARCH eval_executions USING COVERING INDEX/,
    );
  });

  it('counts one version from a covering index for its metrics', async () => {
    const explained = await plansOf(() => getEvalAgreement(ctx, main.evalIds[0] ?? ''));
    const stats = explained.find((q) => q.sql.includes('count(*)'));
    expect(stats?.fullScans).toEqual([]);
    expect(stats?.plan.join('\n')).toMatch(/SEARCH eval_executions USING COVERING INDEX/);
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
