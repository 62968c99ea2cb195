import { eq } from 'drizzle-orm';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@/db/client';
import * as schema from '@/db/schema';
import { parseSseFrames, waitFor } from '@/jobs/testing';
import { utcDay } from '@/monitoring/utc-day';
import {
  type ApiCall,
  apiCaller,
  migrateD1,
  seedOwnerKey,
  startApiAndConsumer,
} from './helpers/workerd';

/**
 * The Cloudflare adapter in workerd: jobs enqueued through the Worker's HTTP API travel through a
 * real Miniflare queue (producer `JOBS`, consumer `iofold-jobs`) into the Worker's `queue`
 * handler, with D1 as the jobs table; the cron (`scheduled`) handler requeues expired leases and
 * writes monitoring snapshots.
 */
let mf: Miniflare;
let db: Db;
let secret: string;
let call: ApiCall;

const waitForJob = (id: string, statuses: string[]) =>
  waitFor(async () => {
    const job = (await call('GET', `/v1/jobs/${id}`)).body;
    return statuses.includes(job.status) ? job : undefined;
  }, 30_000);

beforeAll(async () => {
  // the consumer runs in another isolate than the request streaming events
  mf = await startApiAndConsumer({ maxRetries: 100 });
  const d1 = await migrateD1(mf, 'api');
  db = createDb(d1);
  secret = await seedOwnerKey(d1, 'ws_jobs');
  call = apiCaller(mf, secret);
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

describe('Cloudflare Queues job adapter in workerd', () => {
  it('runs a job enqueued through the HTTP API to success in D1', async () => {
    const queued = await call('POST', '/v1/jobs/noop', { note: 'worker' });
    expect(queued.status).toBe(202);
    const job = await waitForJob(queued.body.id, ['succeeded', 'failed']);
    expect(job).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      result: { ok: true, attempt: 1 },
    });
    expect(job.history).toEqual([]);
  });

  it('retries a transient failure with recorded delays, then succeeds', async () => {
    const queued = await call('POST', '/v1/jobs/noop', { failUntilAttempt: 2 });
    const job = await waitForJob(queued.body.id, ['succeeded', 'failed']);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(job.history.map((h: { attempt: number }) => h.attempt)).toEqual([1, 2]);
    expect(job.history[0]).toMatchObject({
      errorCode: 'UNAVAILABLE',
      category: 'transient',
      retryable: true,
    });
    expect(job.history.every((h: { delayMs: number }) => h.delayMs > 0)).toBe(true);
  });

  it('stops a permanent failure at once with its error visible', async () => {
    const queued = await call('POST', '/v1/jobs/noop', { failPermanently: true });
    const job = await waitForJob(queued.body.id, ['succeeded', 'failed']);
    expect(job).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'VALIDATION', message: 'noop asked to fail permanently', retryable: false },
    });
    expect(job.history).toHaveLength(1);
    expect(job.history[0]).toMatchObject({ category: 'permanent', delayMs: null });
    const retried = await call('POST', `/v1/jobs/${job.id}/retry`);
    expect(retried.body.status).toBe('queued');
    expect((await waitForJob(job.id, ['failed'])).attempts).toBe(2);
  });

  it("delivers a job's terminal event over SSE although it runs in another isolate", async () => {
    const queued = await call('POST', '/v1/jobs/noop', { sleepMs: 300 });
    const response = await mf.dispatchFetch(`http://iofold.test/v1/jobs/${queued.body.id}/events`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const frames = parseSseFrames(await response.text());
    expect(frames[0]?.event).toBe('snapshot');
    // no bus event crosses isolates: the outcome comes from re-reading the row (no event id)
    expect(frames.filter((f) => f.id)).toEqual([]);
    expect(frames.at(-1)).toMatchObject({
      event: 'succeeded',
      data: { jobId: queued.body.id, result: { ok: true } },
    });
  });

  it('cron: requeues a job whose lease expired and writes monitoring snapshots', async () => {
    const past = new Date(Date.now() - 60_000);
    await db.insert(schema.jobs).values({
      id: 'job_orphan',
      workspaceId: 'ws_jobs',
      type: 'noop',
      payload: { note: 'orphan' },
      status: 'running',
      runAt: past,
      attempts: 1,
      leaseOwner: 'cf:dead',
      leaseExpiresAt: past,
      startedAt: past,
    });
    await db.insert(schema.agents).values({ id: 'agt_w', workspaceId: 'ws_jobs', name: 'a' });
    await db.insert(schema.evals).values({
      id: 'evl_w',
      workspaceId: 'ws_jobs',
      agentId: 'agt_w',
      name: 'eval_w',
      version: 1,
      status: 'active',
      code: 'def eval_w(trace):\n    return True, "ok"\n',
      codeHash: 'h',
      generator: 'manual',
    });
    const worker = await mf.getWorker('api');
    await worker.scheduled({ cron: '*/10 * * * *' });
    const job = await waitForJob('job_orphan', ['succeeded', 'failed']);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(job.history[0]).toMatchObject({ attempt: 1, errorCode: 'LEASE_EXPIRED' });
    const snapshots = await db
      .select()
      .from(schema.performanceSnapshots)
      .where(eq(schema.performanceSnapshots.evalId, 'evl_w'));
    expect(snapshots.map((s) => s.day)).toContain(utcDay(new Date()));
    const api = await call('GET', '/v1/evals/evl_w/snapshots');
    expect(api.body.data.at(-1)).toMatchObject({ evalId: 'evl_w', executions: 0 });
  });
});
