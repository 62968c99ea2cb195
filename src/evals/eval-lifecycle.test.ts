import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { evalExecutions, evalPromptCoverage, evals, systemPrompts, traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { getEvalAgreement } from './agreement/eval-agreement';
import { exportEval } from './export/export-eval';
import { getMatrix } from './matrix/get-matrix';
import { getMatrixCell } from './matrix/get-matrix-cell';
import { runEvalVersion } from './runs/run-eval-version';
import { pytestMissing, runExportedPytest } from './testing/exported-pytest';
import { type SeedTrace, seedAgentTraces } from './testing/seed-agent-traces';
import { createEvalVersion } from './versions/create-eval-version';
import { activateEval, archiveEval, rollbackEval } from './versions/set-eval-status';

const CONFIRMS = `def eval_confirms(trace):
    names = [c["name"] for s in trace["steps"] for c in s["tool_calls"]]
    if "cancel_order" in names and "confirm" not in names:
        return False, "cancelled without confirming"
    return True, "confirmed or nothing to confirm"
`;
const BROKEN = `def eval_confirms(trace):
    if trace["steps"][0]["tool_calls"]:
        raise ValueError("boom")
    return True, "no tools"
`;

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
// a started sandbox: the first test that runs an eval then waits for its run, not for Pyodide
beforeAll(() => sandbox.check('def eval_warm(trace):\n    return True, "warm"\n'));
afterAll(async () => {
  await sandbox.close();
  deps.close();
});

const SEEDED: SeedTrace[] = [
  { label: 'positive', toolNames: ['lookup', 'confirm', 'cancel_order'] },
  { label: 'negative', toolNames: ['lookup', 'cancel_order'] },
  { label: 'positive', toolNames: ['lookup'] },
  { label: 'positive', toolNames: ['cancel_order'] }, // the human allowed this one: a contradiction
  { label: 'neutral', toolNames: ['lookup'] },
  { label: null, toolNames: ['cancel_order'] },
];

/** Two fresh workspaces; the first has an agent with the six seeded traces. */
async function seedWorkspaces() {
  const ws = await createTestWorkspace(deps, 'A');
  const wsB = await createTestWorkspace(deps, 'B');
  const ctx: Ctx = { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 't' };
  const other: Ctx = { ...deps, workspaceId: wsB.id, actor: { type: 'system' }, requestId: 't' };
  const { agentId, traceIds } = await seedAgentTraces(ctx, SEEDED);
  return { ctx, other, agentId, traceIds };
}

/** The seeded workspaces with eval_confirms v1 (CONFIRMS) and v2 (BROKEN, its child). */
async function seedVersions() {
  const seeded = await seedWorkspaces();
  const create = (code: string, parentEvalId?: string) =>
    createEvalVersion(seeded.ctx, {
      agentId: seeded.agentId,
      name: 'eval_confirms',
      code,
      generator: 'manual',
      parentEvalId,
    });
  const v1 = await create(CONFIRMS);
  const v2 = await create(BROKEN, v1.id);
  return { ...seeded, v1, v2 };
}

/** The versions, with v1 run on every trace and v2 on the first three (where it raises). */
async function seedRuns() {
  const seeded = await seedVersions();
  await runEvalVersion(seeded.ctx, { evalId: seeded.v1.id });
  await runEvalVersion(seeded.ctx, { evalId: seeded.v2.id, traceIds: seeded.traceIds.slice(0, 3) });
  return seeded;
}

describe('eval versions', () => {
  it('numbers versions per eval and never overwrites one', async () => {
    const { ctx, agentId } = await seedWorkspaces();
    const v1 = await createEvalVersion(ctx, {
      agentId,
      name: 'eval_confirms',
      code: CONFIRMS,
      generator: 'manual',
    });
    const v2 = await createEvalVersion(ctx, {
      agentId,
      name: 'eval_confirms',
      code: BROKEN,
      generator: 'manual',
      parentEvalId: v1.id,
    });
    expect([v1.version, v2.version, v2.parentEvalId, v1.status]).toEqual([
      1,
      2,
      v1.id,
      'candidate',
    ]);
    const rows = await deps.db.select().from(evals).where(eq(evals.agentId, agentId));
    expect(rows.map((r) => r.code)).toEqual([CONFIRMS, BROKEN]);
  });

  it('keeps one active version; activating another deactivates it; rollback returns to the parent', async () => {
    const { ctx, agentId, v1, v2 } = await seedVersions();
    await activateEval(ctx, v1.id);
    await activateEval(ctx, v2.id);
    const statuses = async () =>
      (
        await deps.db.select().from(evals).where(eq(evals.agentId, agentId)).orderBy(evals.version)
      ).map((r) => r.status);
    expect(await statuses()).toEqual(['inactive', 'active']);
    await rollbackEval(ctx, v2.id);
    expect(await statuses()).toEqual(['active', 'inactive']);
    await expect(rollbackEval(ctx, v1.id)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it("answers NOT_FOUND for another workspace's eval and agent", async () => {
    const { other, agentId, v1 } = await seedVersions();
    await expect(activateEval(other, v1.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      createEvalVersion(other, { agentId, name: 'eval_x', code: CONFIRMS, generator: 'manual' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getMatrix(other, { agentId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("carries the eval's auto-refine and alert thresholds over to each new version", async () => {
    const { other } = await seedWorkspaces();
    const seeded = await seedAgentTraces(other, [{ label: 'positive', toolNames: ['lookup'] }]);
    const create = (parentEvalId?: string) =>
      createEvalVersion(other, {
        agentId: seeded.agentId,
        name: 'eval_settings',
        code: CONFIRMS,
        generator: 'manual',
        parentEvalId,
      });
    const v1 = await create();
    expect([v1.autoRefine, v1.alertThresholds]).toEqual([false, {}]);
    await deps.db
      .update(evals)
      .set({ autoRefine: true, alertThresholds: { agreementDrop: 0.2 } })
      .where(eq(evals.id, v1.id));
    const v2 = await create(v1.id);
    expect([v2.version, v2.autoRefine, v2.alertThresholds]).toEqual([
      2,
      true,
      { agreementDrop: 0.2 },
    ]);
  });
});

describe('running an eval version', () => {
  it('stores one verdict per trace in the sandbox and replaces it on a re-run', async () => {
    const { ctx, v1 } = await seedVersions();
    const first = await runEvalVersion(ctx, { evalId: v1.id });
    // Three traces cancel without confirming: a negative, a positive the human allowed, an unlabelled one.
    expect(first).toEqual({ total: 6, passed: 3, failed: 3, errors: 0 });
    const again = await runEvalVersion(ctx, { evalId: v1.id });
    expect(again).toEqual(first);
    const rows = await deps.db
      .select()
      .from(evalExecutions)
      .where(eq(evalExecutions.evalId, v1.id));
    expect(rows).toHaveLength(6);
    const failed = rows.filter((r) => r.status === 'fail').map((r) => r.reason);
    expect(failed).toEqual(Array(3).fill('cancelled without confirming'));
  });

  it("records a raising eval as that trace's error and goes on with the batch", async () => {
    const { ctx, v2, traceIds } = await seedVersions();
    const summary = await runEvalVersion(ctx, { evalId: v2.id, traceIds: traceIds.slice(0, 3) });
    expect(summary).toEqual({ total: 3, passed: 0, failed: 0, errors: 3 });
    const [row] = await deps.db
      .select()
      .from(evalExecutions)
      .where(eq(evalExecutions.evalId, v2.id));
    expect(row?.error?.message).toMatch(/boom/);
  });

  it('computes agreement in SQL, excluding neutral and unlabelled traces', async () => {
    const { ctx, v1 } = await seedRuns();
    const agreement = await getEvalAgreement(ctx, v1.id);
    expect(agreement.counts).toEqual({ tp: 2, fn: 1, fp: 0, tn: 1, neutral: 1, errors: 0 });
    expect({
      executions: agreement.executions,
      unlabelled: agreement.unlabelled,
      n: agreement.n,
    }).toEqual({
      executions: 6,
      unlabelled: 1,
      n: 4,
    });
    expect(agreement.accuracy?.value).toBeCloseTo(0.75);
    expect(agreement.warnings.map((w) => w.code)).toContain('TOO_FEW_LABELS');
  });

  it('keeps per-system-prompt coverage', async () => {
    const { ctx, agentId, v1 } = await seedRuns();
    const [prompt] = await deps.db
      .insert(systemPrompts)
      .values({
        id: ctx.newId('spr'),
        workspaceId: ctx.workspaceId,
        hash: 'h',
        content: 'You help.',
        agentId,
        firstSeenAt: new Date(),
        lastSeenAt: new Date(),
      })
      .returning();
    await deps.db
      .update(traces)
      .set({ systemPromptId: prompt!.id })
      .where(eq(traces.agentId, agentId));
    await runEvalVersion(ctx, { evalId: v1.id });
    const [coverage] = await deps.db
      .select()
      .from(evalPromptCoverage)
      .where(eq(evalPromptCoverage.evalId, v1.id));
    expect(coverage).toMatchObject({
      executions: 6,
      passes: 3,
      fails: 3,
      errors: 0,
      labelled: 4,
      agreed: 3,
    });
  });
});

describe('the contradiction matrix', () => {
  it("shows each version's verdict against the human label, newest trace first", async () => {
    const { ctx, agentId, traceIds } = await seedRuns();
    const matrix = await getMatrix(ctx, { agentId });
    expect(matrix.versions.map((v) => `${v.name} v${v.version}`)).toEqual([
      'eval_confirms v1',
      'eval_confirms v2',
    ]);
    expect(matrix.rows.map((r) => r.trace.id)).toEqual([...traceIds].reverse());
    const states = matrix.rows.map((r) => r.cells.map((c) => c.state));
    expect(states).toEqual([
      ['unlabelled', 'not_run'],
      ['neutral', 'not_run'],
      ['contradiction', 'not_run'],
      ['agree', 'error'],
      ['agree', 'error'],
      ['agree', 'error'],
    ]);
    expect(matrix.versions[0]?.stats).toMatchObject({
      traces: 6,
      executions: 6,
      agree: 3,
      contradictions: 1,
      errors: 0,
      neutral: 1,
      unlabelled: 1,
      notRun: 0,
      accuracy: 0.75,
    });
    // The neutral and the unlabelled trace keep the eval's verdict.
    expect(matrix.rows.slice(0, 2).map((r) => r.cells[0]?.status)).toEqual(['fail', 'pass']);
    expect(matrix.versions[1]?.stats).toMatchObject({ executions: 3, errors: 3, notRun: 3 });
  });

  it("keeps every version's stats on all traces whatever the row filters", async () => {
    const { ctx, agentId } = await seedRuns();
    const all = await getMatrix(ctx, { agentId });
    for (const query of [
      { onlyDisagreements: true },
      { label: 'negative' as const },
      { label: 'unlabelled' as const },
      { since: new Date(Date.now() + 86_400_000) },
    ]) {
      const narrowed = await getMatrix(ctx, { agentId, ...query });
      expect(narrowed.versions.map((v) => v.stats)).toEqual(all.versions.map((v) => v.stats));
    }
    for (const { stats } of all.versions) {
      const { agree, contradictions, errors, neutral, unlabelled, notRun } = stats;
      expect(agree + contradictions + errors + neutral + unlabelled + notRun).toBe(stats.traces);
    }
  });

  it('filters to disagreements and pages with a cursor', async () => {
    const { ctx, agentId, traceIds } = await seedRuns();
    const only = await getMatrix(ctx, { agentId, onlyDisagreements: true });
    expect(only.rows.map((r) => r.trace.id)).toEqual([
      traceIds[3],
      traceIds[2],
      traceIds[1],
      traceIds[0],
    ]);
    const first = await getMatrix(ctx, { agentId, limit: 4 });
    const second = await getMatrix(ctx, { agentId, limit: 4, cursor: first.nextCursor! });
    expect([...first.rows, ...second.rows].map((r) => r.trace.id)).toEqual([...traceIds].reverse());
    expect(second.nextCursor).toBeNull();
    await expect(getMatrix(ctx, { agentId, cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('drills into one cell with code, verdict and labels', async () => {
    const { ctx, other, v1, traceIds } = await seedRuns();
    const cell = await getMatrixCell(ctx, { evalId: v1.id, traceId: traceIds[3]! });
    expect(cell.state).toBe('contradiction');
    expect(cell.eval.code).toBe(CONFIRMS);
    expect(cell.execution?.reason).toBe('cancelled without confirming');
    await expect(
      getMatrixCell(other, { evalId: v1.id, traceId: traceIds[3]! }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('export', () => {
  it('writes a module, a pytest file and its cases', async () => {
    const { ctx, v1 } = await seedVersions();
    const { files } = await exportEval(ctx, v1.id);
    expect(files.map((f) => f.path)).toEqual([
      'eval_confirms.py',
      'test_eval_confirms.py',
      'eval_confirms_cases.json',
    ]);
  });

  it('writes a pytest file that runs outside iofold, green with known disagreements marked expected', async (test) => {
    if (pytestMissing()) {
      test.skip('python3 with pytest is not installed here');
    }
    const pytest = async (evalId: string) => (await runExportedPytest(ctx, evalId, '-rx')).run;
    const { ctx, v1 } = await seedVersions();
    // 4 labelled (non-neutral) cases; the human allowed one cancellation the eval rejects.
    // Before any run iofold knows no verdict, so the disagreement is a plain failure.
    expect((await pytest(v1.id)).stdout).toMatch(/1 failed, 3 passed/);
    await runEvalVersion(ctx, { evalId: v1.id });
    const run = await pytest(v1.id);
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/3 passed, 1 xfailed/);
    expect(run.stdout).toMatch(/XFAIL .*iofold judged it fail while the label says positive/);
  }, 120_000);

  it("refuses to archive or export another workspace's version", async () => {
    const { other, v1 } = await seedVersions();
    await expect(exportEval(other, v1.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(archiveEval(other, v1.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
