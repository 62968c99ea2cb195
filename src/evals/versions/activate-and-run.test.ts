import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { evals, jobs } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createTestDeps } from '@/hosts/test-deps';
import { readJob } from '@/jobs/testing';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { runEvalVersion } from '../runs/run-eval-version';
import { seedAgentTraces } from '../testing/seed-agent-traces';
import { activateAndRun, countNotRun } from './activate-and-run';
import { createManualEval } from './create-manual-eval';

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
let ctx: Ctx;
let agentId: string;
let traceIds: string[];
const code = (reason: string) =>
  `def eval_ok(trace: dict) -> tuple[bool, str]:\n    return True, "${reason}"\n`;

beforeAll(async () => {
  ctx = createSystemCtx(deps, (await createTestWorkspace(deps)).id);
  ({ agentId, traceIds } = await seedAgentTraces(
    ctx,
    [0, 1, 2, 3, 4].map(() => ({ label: null, toolNames: [] })),
  ));
});
afterAll(async () => {
  await sandbox.close();
  deps.close();
});

describe('activating a version', () => {
  it('queues a run on the traces the version has not judged, and only those', async () => {
    const v1 = await createManualEval(ctx, { agentId, code: code('v1') });
    await runEvalVersion(ctx, { evalId: v1.id, traceIds: traceIds.slice(0, 2) });
    const activated = await activateAndRun(ctx, v1.id);
    expect(activated).toMatchObject({ notRun: 3, version: { id: v1.id, status: 'active' } });
    const job = await readJob(deps, activated.runJobId ?? '');
    expect(job).toMatchObject({
      type: 'eval.execute',
      payload: { evalId: v1.id, onlyNotRun: true },
    });
    const summary = await runEvalVersion(ctx, { evalId: v1.id, onlyNotRun: true });
    expect(summary.total).toBe(3);
    expect(await countNotRun(ctx, v1)).toBe(0);
  });

  it('queues nothing when the version has judged every trace, and deactivates the other', async () => {
    const [v1] = await deps.db.select().from(evals).where(eq(evals.agentId, agentId));
    const v2 = await createManualEval(ctx, { agentId, code: code('v2') });
    await runEvalVersion(ctx, { evalId: v2.id });
    const before = (await deps.db.select().from(jobs)).length;
    const activated = await activateAndRun(ctx, v2.id);
    expect({ runJobId: activated.runJobId, notRun: activated.notRun }).toEqual({
      runJobId: null,
      notRun: 0,
    });
    expect((await deps.db.select().from(jobs)).length).toBe(before);
    const [old] = await deps.db
      .select()
      .from(evals)
      .where(eq(evals.id, v1?.id ?? ''));
    expect(old?.status).toBe('inactive');
  });
});
