import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '@/core/ports/job-queue';
import { openSqliteDb } from '@/db/client.node.js';
import { jobs } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { claimNextJob, fairnessFor } from './claim-job';
import { handleJobBatch } from './cloudflare/handle-job-batch';
import { type JobWorker, startJobWorker } from './start-job-worker';
import { insertNoopJob, readJob, waitFor } from './testing';

// One workspace cannot take every job slot: it gets all but one while it is alone, and half of
// them while another workspace has a job waiting. Same rule on the Node worker and the Worker's
// queue consumer.

const deps = createTestDeps();
const workers: JobWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop(1000)));
});

/** noop jobs that run until released; records which workspaces run at once. */
function gatedHandlers() {
  const running = new Map<string, number>();
  const releases: (() => void)[] = [];
  const handlers = createJobHandlers({
    noop: async (ctx) => {
      running.set(ctx.workspaceId, (running.get(ctx.workspaceId) ?? 0) + 1);
      await new Promise<void>((resolve) => releases.push(resolve));
      running.set(ctx.workspaceId, (running.get(ctx.workspaceId) ?? 1) - 1);
      return null;
    },
  });
  return { handlers, running, releases };
}

describe('fair share of job slots', () => {
  it('computes half the slots while others wait and all but one otherwise', () => {
    expect(fairnessFor(4)).toEqual({ share: 2, cap: 3 });
    expect(fairnessFor(2)).toEqual({ share: 1, cap: 1 });
    expect(fairnessFor(1)).toEqual({ share: 1, cap: 1 });
    expect(fairnessFor(8, 2)).toEqual({ share: 2, cap: 2 });
  });

  it('Node worker: a busy workspace leaves a slot, and gets half once another waits', async () => {
    const [a, b] = await Promise.all([
      createTestWorkspace(deps, 'a'),
      createTestWorkspace(deps, 'b'),
    ]);
    const gate = gatedHandlers();
    workers.push(startJobWorker(deps, { handlers: gate.handlers, concurrency: 4, pollMs: 20 }));
    await deps.queue.enqueueMany(
      Array.from({ length: 6 }, () => ({ type: 'noop' as const, workspaceId: a!.id, payload: {} })),
    );
    await waitFor(async () => gate.running.get(a!.id) === 3);
    await deps.queue.enqueueMany(
      Array.from({ length: 3 }, () => ({ type: 'noop' as const, workspaceId: b!.id, payload: {} })),
    );
    await waitFor(async () => gate.running.get(b!.id) === 1); // started at once, in the free slot
    gate.releases.shift()?.(); // one of a's jobs ends: the slot goes to b, which is waiting
    await waitFor(async () => gate.running.get(b!.id) === 2);
    expect(gate.running.get(a!.id)).toBe(2);
    while (gate.releases.length > 0) {
      gate.releases.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await waitFor(async () => {
      const rows = await deps.db.select({ status: jobs.status }).from(jobs);
      return rows.every((r) => r.status === 'succeeded') && rows.length === 9;
    }, 20_000).finally(() => {
      for (const release of gate.releases.splice(0)) {
        release();
      }
    });
  });

  it('queue consumer: a job of a workspace at its share is deferred as a new message', async () => {
    const [a, b] = await Promise.all([
      createTestWorkspace(deps, 'ca'),
      createTestWorkspace(deps, 'cb'),
    ]);
    const now = new Date();
    const insert = (workspaceId: string, status: 'running' | 'queued') =>
      insertNoopJob(deps, workspaceId, status, { runAt: now });
    for (let i = 0; i < 2; i++) {
      await insert(a!.id, 'running');
    }
    const aQueued = await insert(a!.id, 'queued');
    const bQueued = await insert(b!.id, 'queued');
    const redelivered: string[] = [];
    const queue: JobQueue = {
      ...deps.queue,
      redeliver: async (rows) => void redelivered.push(...rows.map((r) => r.id)),
    };
    const acked: string[] = [];
    const message = (jobId: string, workspaceId: string) => ({
      body: { jobId, workspaceId },
      ack: () => void acked.push(jobId),
      retry: () => {
        throw new Error('a fairness deferral must not use the retry counter');
      },
    });
    await handleJobBatch({ ...deps, queue }, [message(aQueued, a!.id), message(bQueued, b!.id)], {
      handlers: createJobHandlers(),
    });
    expect(redelivered).toEqual([aQueued]);
    expect(acked).toEqual([aQueued, bQueued]);
    expect((await readJob(deps, aQueued)).status).toBe('queued');
    expect((await readJob(deps, aQueued)).runAt.getTime()).toBeGreaterThan(now.getTime());
    expect((await readJob(deps, bQueued)).status).toBe('succeeded');
    await deps.db.update(jobs).set({ status: 'succeeded' }).where(eq(jobs.workspaceId, a!.id));
  });
});

it('a claim reads which workspaces wait once per statement, not once per waiting job', async () => {
  // the correlated form scanned every due job for every candidate: a refused claim over 2,000
  // queued jobs of one workspace took 1.2 s
  const seen: { sql: string; params: unknown[] }[] = [];
  const handle = openSqliteDb({
    path: ':memory:',
    onQuery: (sql, params) => seen.push({ sql, params }),
  });
  await claimNextJob(handle.db, {
    leaseToken: 't',
    leaseMs: 1000,
    now: new Date(),
    fairness: fairnessFor(4),
  });
  const claim = seen.find((q) => /^update "jobs"/.test(q.sql));
  expect(claim).toBeDefined();
  const plan = handle.sqlite
    .prepare(`EXPLAIN QUERY PLAN ${claim!.sql}`)
    .all(...claim!.params.map((p) => (p instanceof Date ? p.getTime() : p))) as {
    detail: string;
  }[];
  const subqueries = plan.map((row) => row.detail).filter((d) => /SCALAR SUBQUERY/.test(d));
  // correlated: only the running count of the candidate's workspace (its limit and its place in
  // the claim order) and when its workspace was last served (an index search); once per
  // statement: the candidate itself and the lowest and highest waiting workspace
  expect(subqueries.filter((d) => d.startsWith('CORRELATED'))).toHaveLength(3);
  expect(plan.some((row) => /jobs_workspace_updated_idx/.test(row.detail))).toBe(true);
  expect(subqueries.filter((d) => !d.startsWith('CORRELATED'))).toHaveLength(3);
  handle.close();
});
