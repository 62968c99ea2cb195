import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/core/errors';
import { createSystemCtx } from '@/core/system-ctx';
import { jobs } from '@/db/schema';
import { createJobHandlers } from '@/hosts/job-handlers';
import { jobWorld } from '@/hosts/testing/job-world';
import { claimNextJob } from './claim-job';
import { JobFailure } from './classify-job-error';
import { getJob } from './get-job';
import type { JobHandlers } from './job-handler';
import { reclaimExpiredJobs } from './reclaim-expired-jobs';
import { readJob, waitForStatus } from './testing';

const world = jobWorld();

const fastRetry = { baseDelayMs: 10, maxDelayMs: 1000 };
const start = (handlers: Partial<JobHandlers> = {}, extra = {}) =>
  world.start({ handlers: createJobHandlers(handlers), retry: fastRetry, pollMs: 50, ...extra });

describe('job worker on the jobs table', () => {
  it('runs a queued job once and stores its result', async () => {
    start();
    const { id } = await world.enqueueNoop();
    const job = await waitForStatus(world.deps, id, ['succeeded', 'failed']);
    expect(job).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      result: { ok: true, attempt: 1 },
    });
    expect(job.leaseOwner).toBeNull();
    expect(job.finishedAt).toBeInstanceOf(Date);
  });

  it('retries a transient failure with growing recorded delays, then succeeds', async () => {
    start();
    const { id } = await world.enqueueNoop({ failUntilAttempt: 3 });
    await waitForStatus(world.deps, id, ['succeeded', 'failed']);
    const detail = await getJob(createSystemCtx(world.deps, world.ws), { jobId: id });
    expect(detail.status).toBe('succeeded');
    expect(detail.attempts).toBe(4);
    expect(detail.history.map((h) => [h.attempt, h.category, h.retryable, h.errorCode])).toEqual([
      [1, 'transient', true, 'UNAVAILABLE'],
      [2, 'transient', true, 'UNAVAILABLE'],
      [3, 'transient', true, 'UNAVAILABLE'],
    ]);
    const delays = detail.history.map((h) => h.delayMs ?? -1);
    expect(delays[0]).toBeGreaterThanOrEqual(5);
    expect(delays[1]).toBeGreaterThanOrEqual(delays[0]!);
    expect(delays[2]).toBeGreaterThanOrEqual(delays[1]!);
    expect(delays[2]).toBeGreaterThan(delays[0]!);
  });

  it('stops a permanent failure at once with its error visible', async () => {
    let calls = 0;
    start({
      noop: async () => {
        calls++;
        throw new AppError('VALIDATION', 'trace tr_1 has no output');
      },
    });
    const { id } = await world.enqueueNoop();
    await waitForStatus(world.deps, id, ['failed']);
    const detail = await getJob(createSystemCtx(world.deps, world.ws), { jobId: id });
    expect(calls).toBe(1);
    expect(detail.error).toEqual({
      code: 'VALIDATION',
      message: 'trace tr_1 has no output',
      retryable: false,
    });
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0]).toMatchObject({
      category: 'permanent',
      retryable: false,
      delayMs: null,
    });
  });

  it('gives up after max attempts', async () => {
    start();
    const { id } = await world.deps.queue.enqueue(
      { type: 'noop', workspaceId: world.ws, payload: { failUntilAttempt: 99 } },
      { maxAttempts: 3 },
    );
    const job = await waitForStatus(world.deps, id, ['failed']);
    const detail = await getJob(createSystemCtx(world.deps, world.ws), { jobId: id });
    expect(job.attempts).toBe(3);
    expect(detail.history.map((h) => h.delayMs === null)).toEqual([false, false, true]);
  });

  it('treats unknown thrown errors as transient and JobFailure(retryable=false) as permanent', async () => {
    let calls = 0;
    start({
      noop: async (ctx) => {
        calls++;
        if (ctx.job.attempt === 1) {
          throw new Error('socket hang up');
        }
        throw new JobFailure('BAD_INPUT', 'no labels', false);
      },
    });
    const { id } = await world.enqueueNoop();
    const job = await waitForStatus(world.deps, id, ['failed']);
    expect(calls).toBe(2);
    expect(job.error?.code).toBe('BAD_INPUT');
  });

  it('claims the lowest priority value first, then by run_at, and leaves scheduled jobs until they are due', async () => {
    const low = await world.enqueueNoop({ note: 'low' });
    const high = await world.deps.queue.enqueue(
      { type: 'noop', workspaceId: world.ws, payload: { note: 'high' } },
      { priority: -5 },
    );
    await world.deps.queue.enqueue(
      { type: 'noop', workspaceId: world.ws, payload: { note: 'later' } },
      { priority: -9, delaySeconds: 60 },
    );
    const claim = () =>
      claimNextJob(world.deps.db, {
        leaseToken: world.deps.newId(),
        leaseMs: 1000,
        now: new Date(),
      });
    expect((await claim())?.id).toBe(high.id);
    expect((await claim())?.id).toBe(low.id);
    expect(await claim()).toBeUndefined();
  });

  it('returns the first job for a repeated idempotency key', async () => {
    const message = { type: 'noop', workspaceId: world.ws, payload: {} };
    const a = await world.deps.queue.enqueue(message, { idempotencyKey: 'import:1' });
    const b = await world.deps.queue.enqueue(message, { idempotencyKey: 'import:1' });
    expect(b).toEqual({ id: a.id, created: false });
    expect(a.created).toBe(true);
  });

  it('rejects unknown types and invalid payloads before they reach the table', async () => {
    await expect(
      world.deps.queue.enqueue({ type: 'nope', workspaceId: world.ws, payload: {} }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      world.deps.queue.enqueue({
        type: 'eval.execute',
        workspaceId: world.ws,
        payload: { evalId: 3 },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('reclaims a job whose worker stopped renewing its lease and records the lost attempt', async () => {
    const { id } = await world.enqueueNoop();
    const claimed = await claimNextJob(world.deps.db, {
      leaseToken: 'dead-worker',
      leaseMs: 1,
      now: new Date(),
    });
    expect(claimed?.id).toBe(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await reclaimExpiredJobs(world.deps)).toEqual([id]);
    start();
    const job = await waitForStatus(world.deps, id, ['succeeded']);
    const detail = await getJob(createSystemCtx(world.deps, world.ws), { jobId: id });
    expect(job.attempts).toBe(2);
    expect(detail.history).toMatchObject([
      { attempt: 1, errorCode: 'LEASE_EXPIRED', category: 'timeout', delayMs: 0 },
    ]);
  });

  it('renews the lease of a long job so it is not reclaimed while running', async () => {
    start({}, { leaseMs: 90 });
    const { id } = await world.enqueueNoop({ sleepMs: 400 });
    const job = await waitForStatus(world.deps, id, ['succeeded', 'failed']);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('keeps a lost lease from writing an outcome', async () => {
    let release = () => {};
    start(
      {
        noop: (ctx) =>
          new Promise((resolve) => {
            release = () => resolve({ stale: true });
            ctx.signal.addEventListener('abort', () => resolve({ aborted: true }));
          }),
      },
      { leaseMs: 60_000 },
    );
    const { id } = await world.enqueueNoop();
    await waitForStatus(world.deps, id, ['running']);
    // another worker reclaimed the job (its lease token changed)
    await world.deps.db.update(jobs).set({ leaseOwner: 'other-worker' }).where(eq(jobs.id, id));
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readJob(world.deps, id)).status).toBe('running');
  });
});
