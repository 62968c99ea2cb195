import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import {
  evalExecutions,
  jobs,
  rolloutBatches,
  rolloutResults,
  spans,
  tasksetRunResults,
  traces,
} from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { waitFor } from '@/jobs/testing';
import { cancelTasksetRun } from './cancel-taskset-run';
import { createTasksetRun } from './create-taskset-run';
import { resumeTasksetRun } from './resume-taskset-run';
import { getTasksetRunOrThrow } from './taskset-run-views';
import { rolloutWorld, shopAgent } from './testing';

const world = rolloutWorld({ maxRetryDelayMs: 100 });
const { servers, startWorker } = world;
beforeEach(() => servers.llm.setResponder(shopAgent()));

const finished = (id: string) =>
  waitFor(async () => {
    const run = await getTasksetRunOrThrow(world.ctx, id);
    return ['succeeded', 'failed', 'cancelled', 'stopped'].includes(run.status) ? run : null;
  }, 60_000);

describe('taskset runs', () => {
  it('runs a multi-turn tool-using split through a job: traces stored, evals run, results aggregated', async () => {
    startWorker();
    const created = await createTasksetRun(world.ctx, {
      tasksetId: world.seeded.tasksetId,
      agentVersionId: world.seeded.versionId,
      split: 'test',
      k: 2,
      parallel: 3,
    });
    expect(created.status).toBe('queued');
    const run = await finished(created.id);
    expect(run.status).toBe('succeeded');

    const rows = await world.deps.db.select().from(rolloutResults);
    expect(rows).toHaveLength(4); // 2 test tasks x k 2
    expect(rows.every((r) => r.status === 'succeeded' && r.traceId)).toBe(true);
    const stored = await world.deps.db.select().from(traces).where(eq(traces.source, 'taskset'));
    expect(stored).toHaveLength(4);
    expect(stored.map((t) => t.agentId)).toEqual(stored.map(() => world.seeded.agentId));
    expect(stored[0]?.metadata).toMatchObject({ run_id: run.id, user_mode: expect.any(String) });
    // the rendered prompt, and the task's tools in replay mode on the trace's spans
    const taskZero = rows.find((r) => r.taskId === run.config.taskIds?.[0]);
    const toolSpans = await world.deps.db
      .select()
      .from(spans)
      .where(and(eq(spans.traceId, taskZero?.traceId ?? ''), eq(spans.kind, 'TOOL')));
    expect(toolSpans.map((s) => [s.name, s.attributes['iofold.tool.mode']])).toEqual([
      ['get_user', 'replay'],
      ['cancel_order', 'replay'],
    ]);
    expect(servers.llm.requests.some((r) => JSON.stringify(r.body).includes('Shop: north.'))).toBe(
      true,
    );

    // the eval ran once per rollout (by the batch; no auto-eval job for rollout traces)
    const executions = await world.deps.db.select().from(evalExecutions);
    expect(executions).toHaveLength(4);
    expect(await world.deps.db.select().from(jobs).where(eq(jobs.type, 'eval.execute'))).toEqual(
      [],
    );
    // task 0 is scripted (who am I?, now cancel A1): passes; task 1 never cancels: fails
    const results = await world.deps.db
      .select()
      .from(tasksetRunResults)
      .where(eq(tasksetRunResults.runId, run.id));
    const byTask = new Map(results.map((r) => [r.taskId, r]));
    const [first, second] = run.config.taskIds ?? [];
    expect(byTask.get(first ?? '')).toMatchObject({
      status: 'succeeded',
      score: 1,
      evalResults: { eval_cancelled: { passed: true } },
    });
    expect(byTask.get(second ?? '')).toMatchObject({
      score: 0,
      evalResults: { eval_cancelled: { passed: false, reason: expect.stringMatching(/^0\/2/) } },
    });
    expect(run.summary).toMatchObject({ tasks: 2, rolloutsDone: 4, succeeded: 4, meanScore: 0.5 });
    expect(run.costUsd).toBeGreaterThan(0);
    const [batch] = await world.deps.db.select().from(rolloutBatches);
    expect(batch).toMatchObject({ status: 'succeeded', rolloutsPlanned: 4, rolloutsDone: 4 });
  });

  it('fails a rollout whose model keeps answering 429, and the run goes on', async () => {
    const agent = shopAgent();
    servers.llm.setResponder((request) =>
      request.lastUserText.includes('(1)')
        ? { type: 'rate_limit', retryAfterSeconds: 0 }
        : agent(request),
    );
    const before = servers.llm.requests.length;
    startWorker();
    const created = await createTasksetRun(world.ctx, {
      tasksetId: world.seeded.tasksetId,
      split: 'test',
    });
    const run = await finished(created.id);
    expect(run.status).toBe('succeeded');
    const rows = await world.deps.db.select().from(rolloutResults);
    const failed = rows.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ terminationReason: 'error', score: null });
    // backed off and retried (3 retries by default) before giving up
    const limited = servers.llm.requests
      .slice(before)
      .filter((r) => r.lastUserText.includes('(1)'));
    expect(limited).toHaveLength(4);
    expect(rows.find((r) => r.status === 'succeeded')?.score).toBe(1);
    expect(run.summary).toMatchObject({ succeeded: 1, failed: 1 });
  });

  it('never starts a rollout that would pass the cost ceiling, ends stopped, and resumes with more', async () => {
    startWorker();
    const created = await createTasksetRun(world.ctx, {
      tasksetId: world.seeded.tasksetId,
      k: 3,
      parallel: 4,
      maxCostUsd: 0.0000001,
    });
    const stopped = await finished(created.id);
    expect(stopped.status).toBe('stopped');
    const first = await world.deps.db.select().from(rolloutResults);
    // the first rollout (no estimate yet) ran alone and cost more than the whole ceiling
    expect(first).toHaveLength(1);
    expect(stopped.costUsd).toBeGreaterThan(0.0000001);
    const perRollout = stopped.costUsd;
    const ceiling = perRollout * 5.5;
    await resumeTasksetRun(world.ctx, created.id, { maxCostUsd: ceiling });
    const resumed = await finished(created.id);
    expect(resumed.status).toBe('stopped');
    expect(resumed.costUsd).toBeLessThanOrEqual(ceiling);
    const rows = await world.deps.db.select().from(rolloutResults);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThan(12);
  });

  it('cancels mid-run (rollouts in flight end interrupted) and resumes to finish every rollout once', async () => {
    servers.llm.setResponder(shopAgent(40));
    startWorker();
    const created = await createTasksetRun(world.ctx, {
      tasksetId: world.seeded.tasksetId,
      k: 3,
      parallel: 2,
    });
    await waitFor(async () => {
      const done = await world.deps.db
        .select()
        .from(rolloutResults)
        .where(eq(rolloutResults.status, 'succeeded'));
      return done.length >= 2;
    }, 30_000);
    const cancelled = await cancelTasksetRun(world.ctx, created.id);
    expect(cancelled.status).toBe('cancelled');
    await waitFor(async () => {
      const [job] = await world.deps.db
        .select()
        .from(jobs)
        .where(eq(jobs.id, created.jobId ?? ''));
      return job?.status === 'cancelled';
    });
    const atCancel = await world.deps.db.select().from(rolloutResults);
    expect(atCancel.length).toBeLessThan(12);
    // the rollouts in flight were aborted: they end interrupted, none is left running
    expect(atCancel.filter((r) => r.status === 'running')).toEqual([]);
    const interrupted = atCancel.filter((r) => r.status === 'interrupted');
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted[0]).toMatchObject({
      terminationReason: 'interrupted',
      error: 'interrupted: job cancelled',
      traceId: null,
    });
    await expect(cancelTasksetRun(world.ctx, created.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    await resumeTasksetRun(world.ctx, created.id);
    const run = await finished(created.id);
    expect(run.status).toBe('succeeded');
    const rows = await world.deps.db.select().from(rolloutResults);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(
      await world.deps.db.select().from(traces).where(eq(traces.source, 'taskset')),
    ).toHaveLength(12);
    await expect(resumeTasksetRun(world.ctx, created.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it("answers NOT_FOUND for another workspace's run and for a version of another agent", async () => {
    const other = createSystemCtx(world.deps, (await createTestWorkspace(world.deps, 'B')).id, 'b');
    const created = await createTasksetRun(world.ctx, {
      tasksetId: world.seeded.tasksetId,
      split: 'test',
    });
    await expect(getTasksetRunOrThrow(other, created.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(cancelTasksetRun(other, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      createTasksetRun(other, { tasksetId: world.seeded.tasksetId }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      createTasksetRun(world.ctx, {
        tasksetId: world.seeded.tasksetId,
        agentVersionId: 'agv_nope',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      createTasksetRun(world.ctx, { tasksetId: world.seeded.tasksetId, split: 'val' }),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
  });
});
