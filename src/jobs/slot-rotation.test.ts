import { eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '@/core/ports/job-queue';
import { jobs } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { claimNextJob, fairnessFor } from './claim-job';
import { handleJobBatch } from './cloudflare/handle-job-batch';
import { type JobWorker, startJobWorker } from './start-job-worker';
import { insertNoopJob, readJob, waitFor, waitForStatus } from './testing';

// Probes F8: fairness counted per workspace let two or more workspaces (of one account, or of
// several) keep every job slot from a third: noop sleepers never gave a slot back, and workspaces
// with old queues passed freed slots round among themselves ahead of a newer waiter.

const opened: { close(): void }[] = [];
const workers: JobWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop(1000)));
  for (const deps of opened.splice(0)) {
    deps.close();
  }
});

function freshDeps() {
  const deps = createTestDeps();
  opened.push(deps);
  return deps;
}

describe('a waiting workspace gets a slot whoever holds the others', () => {
  it('a freed slot goes to a workspace waiting since before, not to the one just served', async () => {
    const deps = freshDeps();
    const attackers = await Promise.all(
      ['a1', 'a2', 'a3', 'a4'].map((n) => createTestWorkspace(deps, n)),
    );
    const b = await createTestWorkspace(deps, 'b');
    const t0 = new Date('2026-12-01T00:00:00Z').getTime();
    const at = (s: number) => new Date(t0 + s * 1000);
    const insert = (workspaceId: string, status: 'running' | 'queued', runAt: Date, upd: Date) =>
      insertNoopJob(deps, workspaceId, status, { runAt, updatedAt: upd });
    // every attacker runs one job (claimed at 1 s) and has two queued since 0 s; b queues at 2 s
    const running: string[] = [];
    for (const w of attackers) {
      running.push(await insert(w!.id, 'running', at(0), at(1)));
      await insert(w!.id, 'queued', at(0), at(0));
      await insert(w!.id, 'queued', at(0), at(0));
    }
    const bJob = await insert(b!.id, 'queued', at(2), at(2));
    // the first attacker's job ends at 3 s: its slot is free
    await deps.db
      .update(jobs)
      .set({ status: 'succeeded', updatedAt: at(3) })
      .where(eq(jobs.id, running[0]!));
    const claimed = await claimNextJob(deps.db, {
      leaseToken: 't',
      leaseMs: 30_000,
      now: at(4),
      fairness: fairnessFor(4),
    });
    expect(claimed?.id).toBe(bJob);
  });

  it('Node worker: B runs while A and C hold every slot with 60 s sleepers', async () => {
    const deps = freshDeps();
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => createTestWorkspace(deps, n)));
    const sleepers = (workspaceId: string) =>
      Array.from({ length: 6 }, () => ({
        type: 'noop' as const,
        workspaceId,
        payload: { sleepMs: 60_000 },
      }));
    await deps.queue.enqueueMany([...sleepers(a!.id), ...sleepers(c!.id)]);
    workers.push(
      startJobWorker(deps, { handlers: createJobHandlers(), concurrency: 4, pollMs: 20 }),
    );
    // a took 3 slots while alone, c the fourth (as the probe saw)
    await waitFor(async () => (await runningCount(deps)) === 4);
    const { id } = await deps.queue.enqueue({ type: 'noop', workspaceId: b!.id, payload: {} });
    // before: b waited for a sleeper to end (60 s); now a sleeper gives its slot back within 1 s
    const done = await waitForStatus(deps, id, ['succeeded'], 10_000);
    expect(done.attempts).toBe(1);
    await deps.db
      .update(jobs)
      .set({ status: 'cancelled' })
      .where(inArray(jobs.workspaceId, [a!.id, c!.id]));
  });

  it('Node worker: B takes a reserve slot at once while three workspaces hold every slot', async () => {
    const deps = freshDeps();
    const [a, b, c, d] = await Promise.all(
      ['a', 'b', 'c', 'd'].map((n) => createTestWorkspace(deps, n)),
    );
    const holders = [a!.id, c!.id, d!.id];
    await deps.queue.enqueueMany(
      holders.flatMap((workspaceId) =>
        Array.from({ length: 4 }, () => ({
          type: 'noop' as const,
          workspaceId,
          payload: { sleepMs: 60_000 },
        })),
      ),
    );
    workers.push(
      startJobWorker(deps, { handlers: createJobHandlers(), concurrency: 4, pollMs: 20 }),
    );
    await waitFor(async () => (await runningIds(deps)).length === 4);
    const before = await runningIds(deps);
    const { id } = await deps.queue.enqueue({ type: 'noop', workspaceId: b!.id, payload: {} });
    const done = await waitForStatus(deps, id, ['succeeded'], 10_000);
    // before: b waited until one of the sleepers gave its slot back (a slice, or an eval run's
    // page: seconds beside looping evals); now none had to
    expect(done.attempts).toBe(1);
    expect(await runningIds(deps)).toEqual(before);
    await deps.db
      .update(jobs)
      .set({ status: 'cancelled' })
      .where(inArray(jobs.workspaceId, holders));
  });

  it('queue consumer: a sleeper gives its slot back to a job of another workspace', async () => {
    const deps = freshDeps();
    const [a, b] = await Promise.all(['a', 'b'].map((n) => createTestWorkspace(deps, n)));
    const sleeper = await deps.queue.enqueue({
      type: 'noop',
      workspaceId: a!.id,
      payload: { sleepMs: 5000 },
    });
    const waiting = await deps.queue.enqueue({ type: 'noop', workspaceId: b!.id, payload: {} });
    const redelivered: string[] = [];
    const queue: JobQueue = {
      ...deps.queue,
      redeliver: async (rows) => void redelivered.push(...rows.map((r) => r.id)),
    };
    const message = (jobId: string, workspaceId: string) => ({
      body: { jobId, workspaceId },
      ack: () => {},
      retry: () => {},
    });
    await handleJobBatch(
      { ...deps, queue },
      [message(sleeper.id, a!.id), message(waiting.id, b!.id)],
      { handlers: createJobHandlers() },
    );
    expect(redelivered).toEqual([sleeper.id]);
    expect((await readJob(deps, waiting.id)).status).toBe('succeeded');
    const back = await readJob(deps, sleeper.id);
    expect(back.status).toBe('queued');
    expect(back.payload).toEqual({ sleepMs: 4000 });
    expect(back.attempts).toBe(0);
  });
});

async function runningCount(deps: ReturnType<typeof createTestDeps>) {
  const rows = await deps.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.status, 'running'));
  return rows.length;
}

async function runningIds(deps: ReturnType<typeof createTestDeps>) {
  const rows = await deps.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.status, 'running'));
  return rows.map((r) => r.id).sort();
}
