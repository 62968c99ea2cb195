import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { evalCandidates, evalExecutions, evals, refinementHistory } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { runQueuedJob } from '@/jobs/testing';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { generateEval } from '../generation/generate-eval';
import { seedAgentTraces } from '../testing/seed-agent-traces';
import { createEvalVersion } from '../versions/create-eval-version';

const sandbox = createPyodideSandbox({ poolSize: 1 });
const deps = createTestDeps({ sandbox });
let ctx: Ctx;
let agentId: string;
let worker: JobWorker;

const texts = [
  'cancel order 51 from Monday',
  'track parcel to Lyon',
  'remove item 3 from cart',
  'fix my billing postcode',
  'abort the renewal of plan Pro',
  'opening hours on Sunday',
  'drop my duplicate booking',
  'reset two factor device',
  'void purchase of printer ink',
  'is the lamp in stock',
  'stop the weekly flower order',
  'change email to new domain',
  'cancel table booking for Friday',
  'where did my refund go',
  'end my gym membership next month',
  'update the card on file',
  'call off the furniture delivery',
  'translate the invoice to French',
  'revoke access for my old phone',
  'split the bill with my partner',
  'undo the transfer I made today',
  'list my saved addresses',
  'retract my product review',
  'print a copy of the warranty',
];

beforeAll(async () => {
  // Start the Pyodide pool here: its cold start on a busy machine is not what the tests measure.
  await sandbox.check('def eval_warm(trace):\n    return True, "warm"\n');
  const ws = await createTestWorkspace(deps);
  ctx = createSystemCtx(deps, ws.id);
  // 24 labels, 6 of them failing: enough for a rule right on every held-out trace to beat always
  // passing (6 wins, no loss), which the abstention asks before a version is created
  ({ agentId } = await seedAgentTraces(
    ctx,
    texts.map((text, i) =>
      i % 2 === 0
        ? {
            label: i % 4 === 0 ? 'negative' : 'positive',
            toolNames: i % 4 === 0 ? ['cancel_order'] : ['confirm', 'cancel_order'],
            text,
          }
        : { label: 'positive', toolNames: ['lookup'], text },
    ),
  ));
  worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
});
afterAll(async () => {
  await worker.stop(1000);
  await sandbox.close();
  deps.close();
});

describe('eval jobs', () => {
  it('generates an eval in the background and records the result on the job', async () => {
    const progress: { percent: number; message: string }[] = [];
    const logs: string[] = [];
    const unsubscribe = deps.jobEvents.subscribe((event) => {
      if (event.kind === 'progress') {
        progress.push(event.data as { percent: number; message: string });
      } else if (event.kind === 'log') {
        logs.push((event.data as { line: string }).line);
      }
    });
    const job = await runQueuedJob(
      deps,
      {
        type: 'eval.generate',
        workspaceId: ctx.workspaceId,
        payload: { agentId, name: 'eval_safe_cancel' },
      },
      60_000,
    );
    unsubscribe();
    expect(job.error).toBeNull();
    // Progress moves through named stages, never backwards, and each stage is logged once.
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    // (Before them, a line saying no model is configured, so no LLM candidates.)
    expect(logs.slice(logs.indexOf('loading labelled traces'))).toEqual([
      'loading labelled traces',
      'writing candidates from 24 labels',
      'cross-validating 1 candidates on 24 labels',
      'checking 1 candidates on all 24 labels',
      'saving the candidates and the winner',
    ]);
    expect(progress.some((p) => p.message.endsWith('(1 of 1 done)'))).toBe(true);
    // cross-validation moves the bar fold by fold, not in one jump from 20% to 80%
    const validating = progress.filter((p) => p.message.startsWith('cross-validating'));
    expect(new Set(validating.map((p) => p.percent)).size).toBeGreaterThanOrEqual(4);
    expect(progress.some((p) => p.message.startsWith('checking') && p.percent === 95)).toBe(true);
    expect(job.progress).toMatchObject({ percent: 100, message: 'created eval_safe_cancel v1' });
    const result = job.result as { evalId: string; winner: string };
    expect(result.winner).toBe('synth');
    const [created] = await deps.db.select().from(evals).where(eq(evals.id, result.evalId));
    expect(created).toMatchObject({ name: 'eval_safe_cancel', version: 1, status: 'candidate' });
  });

  it("runs an eval version over the agent's traces with progress, and a re-delivery changes nothing", async () => {
    const [version] = await deps.db.select().from(evals).where(eq(evals.agentId, agentId));
    for (let run = 0; run < 2; run++) {
      const job = await runQueuedJob(
        deps,
        { type: 'eval.execute', workspaceId: ctx.workspaceId, payload: { evalId: version!.id } },
        60_000,
      );
      expect(job.result).toMatchObject({ total: 24, errors: 0 });
      expect(job.progress).toMatchObject({ done: 24, total: 24 });
    }
    const [executions] = await deps.db
      .select({ n: count() })
      .from(evalExecutions)
      .where(eq(evalExecutions.evalId, version!.id));
    expect(executions?.n).toBe(24);
  });

  it('refines into the given history row and reports a finished refinement instead of redoing it', async () => {
    const [version] = await deps.db.select().from(evals).where(eq(evals.agentId, agentId));
    const payload = { evalId: version!.id, refinementId: 'ref_job_1', trigger: 'manual' as const };
    const done = await runQueuedJob(
      deps,
      { type: 'eval.refine', workspaceId: ctx.workspaceId, payload },
      60_000,
    );
    expect(done.error).toBeNull();
    const [history] = await deps.db
      .select()
      .from(refinementHistory)
      .where(eq(refinementHistory.id, 'ref_job_1'));
    expect(history?.status).toBe('rejected');
    const redelivered = await runQueuedJob(
      deps,
      { type: 'eval.refine', workspaceId: ctx.workspaceId, payload },
      60_000,
    );
    expect(redelivered.result).toMatchObject({
      refinementId: 'ref_job_1',
      status: 'rejected',
      reused: true,
    });
  });

  it('fails an eval job at once, without retries, for an eval of another workspace', async () => {
    const other = await createTestWorkspace(deps, 'B');
    const [version] = await deps.db.select().from(evals).where(eq(evals.agentId, agentId));
    const job = await runQueuedJob(
      deps,
      { type: 'eval.execute', workspaceId: other.id, payload: { evalId: version!.id } },
      30_000,
    );
    expect({ status: job.status, attempts: job.attempts, code: job.error?.code }).toEqual({
      status: 'failed',
      attempts: 1,
      code: 'NOT_FOUND',
    });
  });

  it('fails a generation whose labels fell short after it was queued, its last progress line saying why', async () => {
    // the route checks the labels before queueing; a job queued before labels were removed meets them here
    const few = await agentWithOneGoodLabel('few-good');
    const job = await runQueuedJob(
      deps,
      {
        type: 'eval.generate',
        workspaceId: ctx.workspaceId,
        payload: { agentId: few, force: true },
      },
      30_000,
    );
    const why =
      'not enough labels to generate an eval: this agent has 1 good and 9 bad (neutral labels do not count); generation needs at least 8, 2 good and 2 bad: label 1 more good';
    expect({ status: job.status, attempts: job.attempts, error: job.error }).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'PRECONDITION_FAILED', message: why },
    });
    expect(job.progress?.message).toBe(`stopped: ${why}`);
  });

  it('fails a refinement whose labels fell short after it was queued before running the current version', async () => {
    const few = await agentWithOneGoodLabel('few-good-refined');
    const version = await createEvalVersion(ctx, {
      agentId: few,
      name: 'eval_short_of_labels',
      code: 'def eval_short_of_labels(trace):\n    return True, "always"\n',
      generator: 'manual',
    });
    const payload = { evalId: version.id, refinementId: 'ref_short', trigger: 'manual' as const };
    const job = await runQueuedJob(
      deps,
      { type: 'eval.refine', workspaceId: ctx.workspaceId, payload },
      30_000,
    );
    const why =
      'not enough labels to refine an eval: this agent has 1 good and 9 bad (neutral labels do not count); refinement needs at least 8, 2 good and 2 bad: label 1 more good';
    expect({ status: job.status, attempts: job.attempts, error: job.error }).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'PRECONDITION_FAILED', message: why },
    });
    expect(job.progress?.message).toBe(`stopped: ${why}`);
    const ran = await deps.db
      .select({ n: count() })
      .from(evalExecutions)
      .where(eq(evalExecutions.evalId, version.id));
    expect(ran[0]?.n).toBe(0);
    const [history] = await deps.db
      .select()
      .from(refinementHistory)
      .where(eq(refinementHistory.id, 'ref_short'));
    expect(history).toMatchObject({ status: 'failed', outcome: { reason: why } });
    expect(history?.finishedAt).not.toBeNull();
  });

  it('stores the generation under the id its 202 answered, so a retried job or a re-run after a crash adds no second version', async () => {
    const payload = { agentId, name: 'eval_retried', generationId: 'gen_from_202' };
    const done = await runQueuedJob(
      deps,
      { type: 'eval.generate', workspaceId: ctx.workspaceId, payload },
      60_000,
    );
    expect(done.error).toBeNull();
    expect((done.result as { generationId: string }).generationId).toBe('gen_from_202');
    const stored = await deps.db
      .select({ evalId: evalCandidates.evalId })
      .from(evalCandidates)
      .where(
        and(eq(evalCandidates.generationId, 'gen_from_202'), eq(evalCandidates.status, 'selected')),
      );
    expect(stored).toHaveLength(1);
    // the queue delivers the job again (the worker died after saving, before finishing it)
    const redone = await runQueuedJob(
      deps,
      { type: 'eval.generate', workspaceId: ctx.workspaceId, payload },
      60_000,
    );
    expect(redone.result).toMatchObject({ reused: true, evalId: stored[0]!.evalId });
    // a crash after the version was saved but before its candidates: the re-run finds the version
    const rerun = await generateEval(
      ctx,
      { agentId, name: 'eval_retried' },
      { generationId: 'gen_from_202' },
    );
    expect(rerun.created?.id).toBe(stored[0]!.evalId);
    const versions = await deps.db
      .select({ n: count() })
      .from(evals)
      .where(eq(evals.name, 'eval_retried'));
    expect(versions[0]!.n).toBe(1);
    // two full generations in the Pyodide sandbox
  }, 120_000);
});

/** An agent with 1 trace labelled good and 9 bad: too few to generate or refine. */
async function agentWithOneGoodLabel(name: string): Promise<string> {
  const traces = Array.from({ length: 9 }, (_, i) => ({
    label: 'negative' as const,
    toolNames: [],
    text: `b ${i}`,
  }));
  const { agentId } = await seedAgentTraces(
    ctx,
    [{ label: 'positive', toolNames: [], text: 'a' }, ...traces],
    name,
  );
  return agentId;
}
