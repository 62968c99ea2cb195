import { describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { jobWorld } from '@/hosts/testing/job-world';
import { cancelJob } from './cancel-job';
import { getJob } from './get-job';
import { listJobs } from './list-jobs';
import { retryJob } from './retry-job';
import { waitFor, waitForStatus } from './testing';

const world = jobWorld();

describe('job services', () => {
  it('cancels a running job cooperatively: the handler sees its signal abort', async () => {
    let sawAbort = false;
    world.start({
      handlers: createJobHandlers({
        noop: (ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => {
              sawAbort = ctx.isCancelled();
              reject(ctx.signal.reason);
            });
          }),
      }),
      pollMs: 50,
    });
    const { id } = await world.enqueueNoop();
    await waitForStatus(world.deps, id, ['running']);
    const requested = await cancelJob(createSystemCtx(world.deps, world.ws), { jobId: id });
    expect(requested.cancelRequested).toBe(true);
    const job = await waitForStatus(world.deps, id, ['cancelled', 'failed', 'succeeded']);
    expect(job.status).toBe('cancelled');
    expect(sawAbort).toBe(true);
    const detail = await getJob(createSystemCtx(world.deps, world.ws), { jobId: id });
    expect(detail.history).toMatchObject([{ category: 'cancelled', retryable: false }]);
  });

  it('cancels a queued job at once and retries it on request', async () => {
    const ctx = createSystemCtx(world.deps, world.ws);
    const { id } = await world.enqueueNoop();
    expect((await cancelJob(ctx, { jobId: id })).status).toBe('cancelled');
    expect((await cancelJob(ctx, { jobId: id })).status).toBe('cancelled');
    world.start({ handlers: createJobHandlers(), pollMs: 50 });
    const retried = await retryJob(ctx, { jobId: id });
    expect(retried).toMatchObject({ status: 'queued', error: null, maxAttempts: 3 });
    expect((await waitForStatus(world.deps, id, ['succeeded'])).attempts).toBe(1);
    await expect(retryJob(ctx, { jobId: id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(cancelJob(ctx, { jobId: id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it("answers NOT_FOUND for another workspace's job and never lists it", async () => {
    const other = (await createTestWorkspace(world.deps, 'Other')).id;
    const { id } = await world.enqueueNoop({}, other);
    const ctx = createSystemCtx(world.deps, world.ws);
    await expect(getJob(ctx, { jobId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelJob(ctx, { jobId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(retryJob(ctx, { jobId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listJobs(ctx)).data).toEqual([]);
  });

  it('lists newest first with a keyset cursor and filters by status and type', async () => {
    const ctx = createSystemCtx(world.deps, world.ws);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await world.deps.queue.enqueue({
            type: 'noop',
            workspaceId: world.ws,
            payload: { note: `${i}` },
          })
        ).id,
      );
    }
    await cancelJob(ctx, { jobId: ids[0]! });
    const page1 = await listJobs(ctx, { limit: 2 });
    const page2 = await listJobs(ctx, { limit: 2, cursor: page1.nextCursor! });
    const page3 = await listJobs(ctx, { limit: 2, cursor: page2.nextCursor! });
    const seen = [...page1.data, ...page2.data, ...page3.data].map((job) => job.id);
    const all = (await listJobs(ctx, { limit: 200 })).data.map((job) => job.id);
    expect(seen).toEqual(all);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(page3.nextCursor).toBeNull();
    expect((await listJobs(ctx, { status: 'cancelled' })).data.map((j) => j.id)).toEqual([ids[0]]);
    expect((await listJobs(ctx, { type: 'eval.execute' })).data).toEqual([]);
  });

  it('publishes queued, started, progress, log and succeeded events for a job', async () => {
    const kinds: string[] = [];
    world.deps.jobEvents.subscribe((event) => kinds.push(event.kind));
    world.start({
      handlers: createJobHandlers({
        noop: async (ctx) => {
          ctx.progress({ done: 1, total: 4 });
          ctx.logLine('quarter');
          ctx.progress({ done: 4 });
          return 'done';
        },
      }),
      pollMs: 50,
    });
    const { id } = await world.enqueueNoop();
    const job = await waitForStatus(world.deps, id, ['succeeded']);
    await waitFor(async () => kinds.includes('succeeded'));
    expect(kinds).toEqual(['queued', 'started', 'progress', 'log', 'progress', 'succeeded']);
    expect(job.progress).toEqual({ percent: 100, done: 4, total: 4, message: 'quarter' });
  });
});
