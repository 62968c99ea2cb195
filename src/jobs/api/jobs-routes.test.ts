import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi, type TestClient } from '@/api/testing';
import type { JobEvent } from '@/core/ports/job-queue';
import { createJobHandlers } from '@/hosts/job-handlers';
import { JobFailure } from '../classify-job-error';
import { type JobWorker, startJobWorker } from '../start-job-worker';
import { parseSseFrames, waitForStatus } from '../testing';

let api: TestApi;
let viewer: TestClient;
let other: TestClient;
let worker: JobWorker;
const events: JobEvent[] = [];

const enqueue = async (payload: Record<string, unknown>, workspaceId = api.workspaceId) =>
  (await api.deps.queue.enqueue({ type: 'noop', workspaceId, payload })).id;

beforeAll(async () => {
  api = await createTestApi();
  viewer = await api.addKey(api.workspaceId, 'viewer');
  other = await api.addWorkspace();
  api.deps.jobEvents.subscribe((event) => events.push(event));
  worker = startJobWorker(api.deps, {
    handlers: createJobHandlers({
      noop: async (ctx, payload) => {
        if (payload.note === 'fail-hard') {
          throw new Error('boom');
        }
        if (payload.failUntilAttempt && ctx.job.attempt <= payload.failUntilAttempt) {
          throw new JobFailure('UNAVAILABLE', `attempt ${ctx.job.attempt} fails`, true);
        }
        ctx.progress({ done: 1, total: 2, message: 'half' });
        ctx.progress({ done: 2, total: 2, message: 'all' });
        if (payload.sleepMs) {
          await new Promise((resolve) => setTimeout(resolve, payload.sleepMs));
        }
        return { ok: true };
      },
    }),
    pollMs: 20,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
});
afterAll(async () => {
  await worker?.stop(1000);
  api?.close();
});

describe('jobs API', () => {
  it('lists, filters and pages jobs of the workspace only', async () => {
    const first = await enqueue({ note: 'a' });
    await waitForStatus(api.deps, first, ['succeeded']);
    const second = await enqueue({ note: 'b' });
    await waitForStatus(api.deps, second, ['succeeded']);
    await enqueue({ note: 'theirs' }, other.workspaceId);
    const page = await api.json('GET', '/v1/jobs?limit=1&type=noop&status=succeeded');
    expect(page.status).toBe(200);
    expect(page.body.data.map((j: { id: string }) => j.id)).toEqual([second]);
    expect(page.body.data[0]).toMatchObject({
      type: 'noop',
      status: 'succeeded',
      attempts: 1,
      progress: { percent: 100, done: 2, total: 2, message: 'all' },
      result: { ok: true },
      error: null,
    });
    expect(page.body.data[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(page.body.data[0]).not.toHaveProperty('leaseOwner');
    const next = await api.json(
      'GET',
      `/v1/jobs?limit=1&type=noop&status=succeeded&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.data.map((j: { id: string }) => j.id)).toEqual([first]);
    const theirs = await other.json('GET', '/v1/jobs');
    expect(theirs.body.data.map((j: { payload: { note: string } }) => j.payload.note)).toEqual([
      'theirs',
    ]);
  });

  it('shows a retried job with every failed attempt, its error, category and delay', async () => {
    const id = await enqueue({ failUntilAttempt: 2 });
    await waitForStatus(api.deps, id, ['succeeded']);
    const job = await viewer.json('GET', `/v1/jobs/${id}`);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ id, status: 'succeeded', attempts: 3 });
    expect(job.body.history).toHaveLength(2);
    expect(job.body.history[0]).toMatchObject({
      attempt: 1,
      errorCode: 'UNAVAILABLE',
      errorMessage: 'attempt 1 fails',
      category: 'transient',
      retryable: true,
    });
    expect(job.body.history[1].attempt).toBe(2);
    expect(job.body.history.every((h: { delayMs: number }) => h.delayMs >= 0)).toBe(true);
  });

  it('retries a failed job, and answers 409 CONFLICT for one that succeeded', async () => {
    const id = await enqueue({ note: 'fail-hard' });
    await waitForStatus(api.deps, id, ['failed']);
    expect((await viewer.json('POST', `/v1/jobs/${id}/retry`)).status).toBe(403);
    const retried = await api.json('POST', `/v1/jobs/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id, status: 'queued', error: null });
    await waitForStatus(api.deps, id, ['failed']);
    const done = await enqueue({});
    await waitForStatus(api.deps, done, ['succeeded']);
    const conflict = await api.json('POST', `/v1/jobs/${done}/retry`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('CONFLICT');
    expect(conflict.body.error.message).toContain('only failed or cancelled jobs can be retried');
  });

  it('cancels a queued job; viewers may read but not cancel', async () => {
    const id = (
      await api.deps.queue.enqueue(
        { type: 'noop', workspaceId: api.workspaceId, payload: {} },
        { delaySeconds: 3600 },
      )
    ).id;
    const denied = await viewer.json('POST', `/v1/jobs/${id}/cancel`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    expect((await viewer.json('GET', `/v1/jobs/${id}`)).body.status).toBe('queued');
    const cancelled = await api.json('POST', `/v1/jobs/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', cancelRequested: true });
    expect((await api.json('POST', `/v1/jobs/${id}/retry`)).body.status).toBe('queued');
    await api.json('POST', `/v1/jobs/${id}/cancel`);
  });

  it("answers 404 for another workspace's job on every verb", async () => {
    const id = await enqueue({ note: 'theirs' }, other.workspaceId);
    for (const [method, path] of [
      ['GET', `/v1/jobs/${id}`],
      ['GET', `/v1/jobs/${id}/events`],
      ['POST', `/v1/jobs/${id}/cancel`],
      ['POST', `/v1/jobs/${id}/retry`],
    ] as const) {
      const response = await api.json(method, path);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('queues a diagnostic noop job; viewers may not; bad bodies are 400', async () => {
    const queued = await api.json('POST', '/v1/jobs/noop', { note: 'ping' });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({
      type: 'noop',
      payload: { note: 'ping' },
    });
    expect((await waitForStatus(api.deps, queued.body.id, ['succeeded'])).attempts).toBe(1);
    expect((await viewer.json('POST', '/v1/jobs/noop', {})).status).toBe(403);
    for (const body of [{ sleepMs: -1 }, { failPermanently: 'yes' }, { extra: 1 }]) {
      const bad = await api.json('POST', '/v1/jobs/noop', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION');
    }
  });

  it('rejects bad query input with 400 VALIDATION', async () => {
    for (const query of ['status=done', 'type=nope', 'limit=0', 'limit=abc', 'cursor=xyz', 'x=1']) {
      const response = await api.json('GET', `/v1/jobs?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION');
    }
  });
});

describe('job event streams (SSE over HTTP)', () => {
  it('streams a job to its terminal event and resumes after Last-Event-ID', async () => {
    const id = await enqueue({ sleepMs: 50 });
    const response = await api.request(`/v1/jobs/${id}/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const frames = parseSseFrames(await response.text());
    expect(frames[0]?.event).toBe('snapshot');
    expect(frames.at(-1)).toMatchObject({ event: 'succeeded', data: { jobId: id } });
    const mine = events.filter((e) => e.jobId === id);
    const progress = mine.find((e) => e.kind === 'progress');
    const resumed = parseSseFrames(
      await (
        await api.request(`/v1/jobs/${id}/events`, { headers: { 'last-event-id': progress!.id } })
      ).text(),
    );
    expect(resumed.map((f) => f.id)).toEqual(
      mine.slice(mine.indexOf(progress!) + 1).map((e) => e.id),
    );
    expect(resumed.at(-1)?.event).toBe('succeeded');
    const viaQuery = parseSseFrames(
      await (await viewer.request(`/v1/jobs/${id}/events?lastEventId=${progress!.id}`)).text(),
    );
    expect(viaQuery.map((f) => f.id)).toEqual(resumed.map((f) => f.id));
  });

  it("streams the workspace's events (never another workspace's) until the client leaves", async () => {
    const abort = new AbortController();
    const response = await api.request('/v1/jobs/events', { signal: abort.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const theirs = await enqueue({ note: 'theirs' }, other.workspaceId);
    const mine = await enqueue({});
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: succeeded')) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      text += decoder.decode(value);
    }
    abort.abort();
    await reader.cancel().catch(() => {});
    const frames = parseSseFrames(text);
    expect(frames.map((f) => f.data.jobId)).toContain(mine);
    expect(frames.map((f) => f.data.jobId)).not.toContain(theirs);
    expect(frames.find((f) => f.event === 'succeeded')?.data.jobId).toBe(mine);
  });
});
