import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { spans, traces } from '@/db/schema';
import { ctxWorld } from '@/hosts/testing/ctx-world';
import { readEvalView } from '@/traces/stored-eval-view';
import { PULL_OVERLAP_MS, pullTraces } from './pull-traces';
import type { PullSource } from './pull-types';
import {
  startFakeLangfuse,
  startFakeLangsmith,
  startFakePhoenix,
} from './testing/fake-platforms.node';
import { langfuseTrace, langsmithTrace, phoenixTrace } from './testing/platform-records';

const world = ctxWorld();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const slept: number[] = [];
const http = {
  sleep: async (ms: number) => {
    slept.push(ms);
  },
  baseDelayMs: 10,
};
const count = async (table: typeof traces | typeof spans) =>
  (await world.ctx.db.select().from(table).where(eq(table.workspaceId, world.ctx.workspaceId)))
    .length;
/** The stored trace row with this external id. */
const storedTrace = async (externalId: string) =>
  (await world.ctx.db.select().from(traces).where(eq(traces.externalId, externalId)))[0];

/** The pull source that reaches a started fake platform; the fake closes after the test. */
function sourceFor<F extends { url: string; close: () => Promise<void> }>(
  fake: F,
  source: Omit<PullSource, 'baseUrl'>,
): { fake: F; source: PullSource } {
  closers.push(fake.close);
  return { fake, source: { ...source, baseUrl: fake.url } };
}

async function langfuse() {
  const { fake, source } = sourceFor(
    await startFakeLangfuse({ publicKey: 'pk-lf-1', secretKey: 'sk-lf-1' }),
    { platform: 'langfuse', secret: 'sk-lf-1', config: { publicKey: 'pk-lf-1' } },
  );
  const add = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const { trace, observations } = langfuseTrace(i);
      fake.data.traces.push(trace);
      fake.data.observations.push(...observations);
    }
  };
  return { fake, add, source };
}

const SUPPORT_PROJECT = { id: '11111111-2222-4333-8444-555555555555', name: 'support' };

const langsmith = async (project = SUPPORT_PROJECT) =>
  sourceFor(await startFakeLangsmith('ls-key', project), {
    platform: 'langsmith',
    secret: 'ls-key',
    config: { project: 'support' },
  });

const phoenix = async () =>
  sourceFor(await startFakePhoenix('px-key', 'support'), {
    platform: 'phoenix',
    secret: 'px-key',
    config: { project: 'support' },
  });

describe('pullTraces from Langfuse', () => {
  it('pages to the end, stores whole traces through ingest, and a second sync pulls only new records (plus the overlap window)', async () => {
    const { fake, add, source } = await langfuse();
    add(0, 5);
    const first = await pullTraces(world.ctx, source, { pageSize: 2, http });
    expect(first).toMatchObject({ records: 15, created: 5, errors: 0 });
    expect(fake.seen.filter((r) => r.path === '/api/public/traces')).toHaveLength(3);
    expect(fake.seen.filter((r) => r.path === '/api/public/observations')).toHaveLength(5);
    expect(fake.seen[0]?.query.get('orderBy')).toBe('timestamp.asc');
    expect(fake.seen[0]?.query.has('fromTimestamp')).toBe(false);
    expect(await count(traces)).toBe(5);
    expect(await count(spans)).toBe(10);
    const row = await storedTrace('lf-trace-3');
    expect(row).toMatchObject({
      source: 'langfuse',
      name: 'support-chat',
      sessionId: 'session-3',
      spanCount: 2,
      inputTokens: 20,
    });
    expect(row?.agentId).not.toBeNull();
    expect(first.cursor).toEqual({
      traces: '2026-03-01T04:00:00.000Z',
      observations: '2026-03-01T04:00:00.100Z',
    });

    add(5, 7);
    fake.seen.length = 0;
    const second = await pullTraces(world.ctx, source, { pageSize: 2, http, cursor: first.cursor });
    expect(fake.seen[0]?.query.get('fromTimestamp')).toBe(
      new Date(Date.parse('2026-03-01T04:00:00.000Z') - PULL_OVERLAP_MS).toISOString(),
    );
    // the 2 new traces and their 4 observations, plus trace 4 re-read in the overlap window
    expect(second).toMatchObject({ records: 9, created: 2, updated: 0 });
    expect(await count(traces)).toBe(7);
    expect(await count(spans)).toBe(14);

    const third = await pullTraces(world.ctx, source, { pageSize: 2, http, cursor: second.cursor });
    expect(third).toMatchObject({ created: 0, updated: 0 });
    expect(third.cursor).toEqual(second.cursor);
  });

  it('waits out a 429 (Retry-After) and a 500, then succeeds', async () => {
    const { fake, add, source } = await langfuse();
    add(0, 2);
    slept.length = 0;
    fake.fail({ status: 429, headers: { 'retry-after': '3' } }, { status: 500 });
    const result = await pullTraces(world.ctx, source, { http });
    expect(result.created).toBe(2);
    expect(slept[0]).toBe(3000);
    expect(slept).toHaveLength(2);
    expect(slept[1]).toBeLessThanOrEqual(20);
    expect(await count(traces)).toBe(2);
  });

  it('fails permanently on 401 without retrying, and gives up after repeated 5xx', async () => {
    const { fake, add, source } = await langfuse();
    add(0, 1);
    await expect(
      pullTraces(world.ctx, { ...source, secret: 'sk-wrong' }, { http }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(fake.seen).toHaveLength(1);
    fake.fail({ status: 503 }, { status: 502 }, { status: 500 });
    await expect(
      pullTraces(world.ctx, source, { http: { ...http, maxAttempts: 3 } }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await count(traces)).toBe(0);
  });
});

describe('pullTraces from LangSmith', () => {
  it('finds the project by name, follows cursors to the end and syncs incrementally', async () => {
    const project = SUPPORT_PROJECT;
    const { fake, source } = await langsmith(project);
    for (let i = 0; i < 4; i++) {
      fake.runs.push(...langsmithTrace(i, project.id));
    }
    const first = await pullTraces(world.ctx, source, { pageSize: 5, http });
    expect(first).toMatchObject({ records: 12, created: 4, errors: 0, pages: 3 });
    expect(await count(traces)).toBe(4);
    expect(await count(spans)).toBe(12);
    const row = await storedTrace('00000000-0000-4000-8000-000000000002');
    expect(row).toMatchObject({
      source: 'langsmith',
      name: 'AgentExecutor',
      sessionId: 'thread-2',
      toolCallCount: 1,
      outputPreview: '4',
    });
    expect(first.cursor.runs).toBe('2026-03-01T03:00:01.000Z');

    fake.runs.push(...langsmithTrace(4, project.id));
    const second = await pullTraces(world.ctx, source, { pageSize: 5, http, cursor: first.cursor });
    const query = fake.seen.at(-1)?.body as { start_time: string; session: string[] };
    expect(query.session).toEqual([project.id]);
    expect(query.start_time).toBe(
      new Date(Date.parse('2026-03-01T03:00:01.000Z') - PULL_OVERLAP_MS).toISOString(),
    );
    // the new trace's 3 runs plus the last trace's, re-read in the overlap window
    expect(second).toMatchObject({ records: 6, created: 1, updated: 0 });
    expect(await count(traces)).toBe(5);
    expect(fake.seen.every((r) => r.headers['x-api-key'] === 'ls-key')).toBe(true);
  });

  it('says which project is missing', async () => {
    const { source } = await langsmith({ id: 'x', name: 'support' });
    await expect(
      pullTraces(world.ctx, { ...source, config: { project: 'nope' } }, { http }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('"nope"') });
  });
});

describe('pullTraces from Phoenix', () => {
  it('follows next_cursor to the end, retries a 500 and syncs incrementally', async () => {
    const { fake, source } = await phoenix();
    for (let i = 0; i < 3; i++) {
      fake.spans.push(...phoenixTrace(i));
    }
    fake.fail({ status: 500 });
    const first = await pullTraces(world.ctx, source, { pageSize: 4, http });
    expect(first).toMatchObject({ records: 6, created: 3, errors: 0, pages: 2 });
    const row = await storedTrace('ph-trace-1');
    expect(row).toMatchObject({
      source: 'phoenix',
      name: 'agent',
      sessionId: 'ps-1',
      spanCount: 2,
    });
    expect((await readEvalView(row!.evalView, world.ctx.db)).messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
    ]);

    fake.spans.push(...phoenixTrace(3));
    fake.seen.length = 0;
    const second = await pullTraces(world.ctx, source, { pageSize: 4, http, cursor: first.cursor });
    expect(fake.seen[0]?.query.get('start_time')).toBe(
      new Date(Date.parse(first.cursor.spans as string) - PULL_OVERLAP_MS).toISOString(),
    );
    expect(second).toMatchObject({ records: 4, created: 1, updated: 0 });
    expect(await count(traces)).toBe(4);
  });

  it('fails permanently on 401', async () => {
    const { fake, source } = await phoenix();
    await expect(
      pullTraces(world.ctx, { ...source, secret: 'bad' }, { http }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(fake.seen).toHaveLength(1);
  });
});
