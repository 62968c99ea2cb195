import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi } from '@/api/testing';
import type { Ctx } from '@/core/context';
import { createFileUploadStore } from '@/core/ports/file-upload-store.node.js';
import type { JobEvent } from '@/core/ports/job-queue';
import { createMemoryUploadStore } from '@/core/ports/upload-store';
import { traces } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { waitForStatus } from '@/jobs/testing';
import { chunkedStream } from '../testing/chunked-stream';
import { type ImportResult, importTraces } from './import-traces';
import { startImport } from './start-import';

/** A summary as it reads in any workspace: the agents by name and count (their ids are per workspace). */
const withoutAgentIds = ({ agents, ...rest }: ImportResult) => ({
  ...rest,
  agents: agents.map(({ name, traces }) => ({ name, traces })),
});

const scratch = mkdtempSync(join(tmpdir(), 'iofold-import-job-'));
let deps: ReturnType<typeof createTestDeps>;
let worker: JobWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  deps.close();
});

async function workspaceCtx(): Promise<Ctx> {
  const ws = await createTestWorkspace(deps);
  return { ...deps, workspaceId: ws.id, actor: { type: 'system' }, requestId: 'test' };
}

const streamOf = (text: string, chunk = 64 * 1024) => chunkedStream(text, chunk);

const convo = (i: number) =>
  JSON.stringify({
    id: `c${i}`,
    reward: i % 3 === 0 ? 0 : 1,
    messages: [
      { role: 'system', content: `You are the support assistant of shop ${i % 4}.` },
      { role: 'user', content: `where is order ${i}?` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 't1',
            type: 'function',
            function: { name: 'find_order', arguments: `{"id":${i}}` },
          },
        ],
      },
      { role: 'tool', tool_call_id: 't1', content: '{"status":"shipped"}' },
      { role: 'assistant', content: `Order ${i} has shipped.` },
    ],
  });

const traceCount = async (ctx: Ctx) =>
  (
    await ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(traces)
      .where(eq(traces.workspaceId, ctx.workspaceId))
  )[0]?.n;

describe.each([
  ['in memory', () => createMemoryUploadStore()],
  ['in a folder', () => createFileUploadStore(mkdtempSync(join(scratch, 'uploads-')))],
])('the traces.import job with uploads %s', (_name, makeStore) => {
  beforeEach(() => {
    deps = createTestDeps({ uploads: makeStore() });
  });

  it('stores the good records and lists a malformed line by number, as the sync import does', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => convo(i));
    lines[450] = '{"id": "broken", "messages": [';
    const ctx = await workspaceCtx();
    const started = await startImport(ctx, streamOf(lines.join('\n')));
    worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
    const job = await waitForStatus(deps, started.jobId, ['succeeded', 'failed'], 60_000);
    expect(job.error).toBeNull();
    expect(job.result).toMatchObject({ records: 600, tracesStored: 599, created: 599, errors: 1 });
    const { recordErrors } = job.result as { recordErrors: { line: number; message: string }[] };
    expect(recordErrors).toHaveLength(1);
    expect(recordErrors[0]?.line).toBe(451);
    expect(recordErrors[0]?.message).toMatch(/^invalid JSON/);
    expect(await traceCount(ctx)).toBe(599);
    expect(await deps.uploads?.open(started.importId)).toBeNull();
    // the same file through the synchronous path gives the same summary
    const other = await workspaceCtx();
    const sync = await importTraces(other, streamOf(lines.join('\n')));
    const { importId: _id, ...fromJob } = job.result as ImportResult & { importId: string };
    expect(withoutAgentIds(sync)).toEqual(withoutAgentIds(fromJob));
  });

  it('fails a file that cannot be read at all with why, writes nothing and drops the upload', async () => {
    const good = new TextEncoder().encode(
      `${Array.from({ length: 300 }, (_, i) => convo(i)).join('\n')}\n`,
    );
    const bytes = new Uint8Array(good.length + 2);
    bytes.set(good);
    bytes.set([0xc3, 0x28], good.length); // not UTF-8, after 300 good lines
    const ctx = await workspaceCtx();
    const started = await startImport(
      ctx,
      new ReadableStream({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      }),
    );
    worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
    const job = await waitForStatus(deps, started.jobId, ['succeeded', 'failed'], 60_000);
    expect(job.status).toBe('failed');
    expect(job.attempts).toBe(1);
    expect(job.error).toMatchObject({ code: 'VALIDATION' });
    expect(job.error?.message).toMatch(/not valid UTF-8/);
    expect(await traceCount(ctx)).toBe(0);
    expect(await deps.uploads?.open(started.importId)).toBeNull();
  });

  it("answers NOT_FOUND for another workspace's upload", async () => {
    const owner = await workspaceCtx();
    const other = await workspaceCtx();
    const started = await startImport(owner, streamOf(convo(1)));
    await deps.uploads?.put('imp_stolen', streamOf(convo(2)), {
      workspaceId: owner.workspaceId,
    });
    const { enqueueJob } = await import('@/jobs/enqueue-job');
    const stolen = await enqueueJob(other, other.workspaceId, 'traces.import', {
      importId: 'imp_stolen',
    });
    worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
    const bad = await waitForStatus(deps, stolen.id, ['succeeded', 'failed'], 60_000);
    expect(bad.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(await traceCount(other)).toBe(0);
    await waitForStatus(deps, started.jobId, ['succeeded'], 60_000);
    expect(await traceCount(owner)).toBe(1);
  });
});

describe('the traces.import job with uploads in a folder, as on the Node host', () => {
  beforeEach(() => {
    deps = createTestDeps({ uploads: createFileUploadStore(mkdtempSync(join(scratch, 'big-'))) });
  });

  // 2,000 records through the job and the sync path: past the default 30 s on a loaded machine
  // (30.7 s at load 28, seen at main's 3322003 as well)
  it('imports a multi-thousand-record file with increasing progress and the same result as the sync path', async () => {
    const file = `${Array.from({ length: 2000 }, (_, i) => convo(i)).join('\n')}\n`;
    const ctx = await workspaceCtx();
    const events: JobEvent[] = [];
    deps.jobEvents.subscribe((e) => events.push(e));
    const started = await startImport(ctx, streamOf(file), { labelField: 'reward' });
    expect(started.bytes).toBe(new TextEncoder().encode(file).length);
    worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
    const job = await waitForStatus(deps, started.jobId, ['succeeded', 'failed'], 120_000);
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');

    const done = events
      .filter((e) => e.jobId === started.jobId && e.kind === 'progress')
      .map((e) => e.data as { done: number; total: number; message?: string });
    const written = done.filter((p) => p.total === 2000);
    expect(written.length).toBeGreaterThan(3);
    expect(written.map((p) => p.done)).toEqual(
      [...written.map((p) => p.done)].sort((a, b) => a - b),
    );
    expect(written.at(-1)).toMatchObject({ done: 2000, message: '2000 traces written' });
    expect(done.some((p) => p.message?.startsWith('reading the file: '))).toBe(true);

    const sync = await workspaceCtx();
    const direct = await importTraces(sync, streamOf(file), { labelField: 'reward' });
    const { importId, ...summary } = job.result as ImportResult & { importId: string };
    expect(importId).toBe(started.importId);
    expect(withoutAgentIds(summary)).toEqual(withoutAgentIds(direct));
    expect(direct).toMatchObject({ records: 2000, tracesStored: 2000, created: 2000, errors: 0 });
    expect(await traceCount(ctx)).toBe(2000);
    const labelled = await ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(traces)
      .where(sql`${traces.workspaceId} = ${ctx.workspaceId} and ${traces.label} = 'negative'`);
    expect(labelled[0]?.n).toBe(667);
    expect(await deps.uploads?.open(started.importId)).toBeNull();
  }, 120_000);
});

describe('POST /api/traces/import', () => {
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('queues a job with async=1 and imports synchronously by default', async () => {
    const api = await createTestApi();
    deps = api.deps as typeof deps;
    const file = [convo(1), convo(2), convo(3)].join('\n');
    const queued = await api.request('/api/traces/import?async=1', {
      method: 'POST',
      body: file,
    });
    expect(queued.status).toBe(202);
    const body = (await queued.json()) as { jobId: string; importId: string; status: string };
    expect(body).toMatchObject({ status: 'queued', bytes: file.length });
    worker = startJobWorker(deps, { handlers: createJobHandlers(), pollMs: 20 });
    const job = await waitForStatus(deps, body.jobId, ['succeeded', 'failed'], 60_000);
    expect(job.result).toMatchObject({ importId: body.importId, tracesStored: 3, created: 3 });

    const sync = await api.request('/api/traces/import', {
      method: 'POST',
      body: file,
    });
    expect(sync.status).toBe(200);
    expect(await sync.json()).toMatchObject({ tracesStored: 3, created: 0 });
    const bad = await api.request('/api/traces/import?async=yes', {
      method: 'POST',
      body: file,
    });
    expect(bad.status).toBe(400);
  });

  it('imports synchronously on a host without an upload store (the Worker)', async () => {
    const api = await createTestApi({ deps: { uploads: undefined } });
    deps = api.deps as typeof deps;
    const res = await api.request('/api/traces/import?async=1', {
      method: 'POST',
      body: convo(7),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ tracesStored: 1 });
  });
});

it('keeps file uploads as two files until deleted', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'iofold-uploads-'));
  const store = createFileUploadStore(folder);
  await store.put('imp_a', streamOf('hello'), { workspaceId: 'ws', format: 'auto' });
  expect(readdirSync(folder).sort()).toEqual(['imp_a.json', 'imp_a.upload']);
  const opened = await store.open('imp_a');
  expect(await new Response(opened?.body).text()).toBe('hello');
  expect(opened?.meta).toEqual({ workspaceId: 'ws', format: 'auto' });
  await store.delete('imp_a');
  expect(readdirSync(folder)).toEqual([]);
  expect(await store.open('imp_a')).toBeNull();
  await expect(store.put('../x', streamOf('x'), { workspaceId: 'ws' })).rejects.toThrow();
  rmSync(folder, { recursive: true, force: true });
});
