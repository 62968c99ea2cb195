import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '@/core/ids';
import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb } from '@/db/client.node.js';
import { jobs, rolloutResults, tasksetRuns, traces, workspaces } from '@/db/schema';
import { createTestDeps } from '@/hosts/test-deps';
import { waitFor } from '@/jobs/testing';
import { startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { createTasksetRun } from '@/optimize/runs/create-taskset-run';
import { seedShopRun, shopAgent } from '@/optimize/runs/testing';
import { crashChildren, exited } from './helpers/crash-children';
import { REPO_ROOT } from './helpers/run-iofold';

const dataDir = mkdtempSync(join(tmpdir(), 'iofold-run-crash-'));
const databasePath = join(dataDir, 'iofold.db');
const CHILD = join(REPO_ROOT, 'tests/helpers/taskset-run-crash-child.ts');
const children = crashChildren(CHILD);

afterAll(async () => {
  await children.killAll();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a taskset run survives SIGKILL of the Node process', { timeout: 300_000 }, () => {
  it('finishes on restart with every rollout once, the ones done before the kill not run again', async () => {
    const llm = await startMockLlmServer({ responder: shopAgent(100) });
    const handle = openSqliteDb({ path: databasePath });
    const { db } = handle;
    const ws = newId('ws');
    await db.insert(workspaces).values({ id: ws, name: 'crash', slug: ws });
    const ctx = createSystemCtx(createTestDeps({ db }), ws);
    const seeded = await seedShopRun(ctx, { tasks: 8 });
    const run = await createTasksetRun(ctx, { tasksetId: seeded.tasksetId, k: 2, parallel: 2 });
    const planned = 16;
    const succeeded = () =>
      db
        .select()
        .from(rolloutResults)
        .where(and(eq(rolloutResults.workspaceId, ws), eq(rolloutResults.status, 'succeeded')));

    const first = await children.start(dataDir, databasePath, llm.baseUrlV1);
    await waitFor(async () => (await succeeded()).length >= 4, 120_000);
    first.kill('SIGKILL');
    await exited(first);
    const doneAtKill = await succeeded();
    expect(doneAtKill.length).toBeLessThan(planned);
    const [stranded] = await db.select().from(tasksetRuns).where(eq(tasksetRuns.id, run.id));
    expect(stranded?.status).toBe('running');
    const startedAtKill = new Map(
      (await db.select().from(traces).where(eq(traces.source, 'taskset'))).map((t) => [
        t.id,
        t.startedAt,
      ]),
    );

    const second = await children.start(dataDir, databasePath, llm.baseUrlV1);
    await waitFor(async () => {
      const [row] = await db
        .select()
        .from(jobs)
        .where(eq(jobs.id, run.jobId ?? ''));
      return row?.status !== 'running' && row?.status !== 'queued';
    }, 240_000);
    second.kill('SIGTERM');
    await exited(second);

    const [finished] = await db.select().from(tasksetRuns).where(eq(tasksetRuns.id, run.id));
    expect(finished).toMatchObject({ status: 'succeeded' });
    expect(finished?.summary).toMatchObject({ rolloutsDone: planned, succeeded: planned });
    const [job] = await db
      .select()
      .from(jobs)
      .where(eq(jobs.id, run.jobId ?? ''));
    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    const rows = await db.select().from(rolloutResults).where(eq(rolloutResults.workspaceId, ws));
    expect(rows).toHaveLength(planned);
    expect(rows.every((r) => r.status === 'succeeded' && r.traceId && r.score !== null)).toBe(true);
    const rolloutTraces = await db.select().from(traces).where(eq(traces.source, 'taskset'));
    expect(rolloutTraces).toHaveLength(planned);
    expect(new Set(rows.map((r) => r.traceId)).size).toBe(planned);
    // a rollout finished before the kill kept its trace as it was: it was not played again
    for (const done of doneAtKill) {
      const trace = rolloutTraces.find((t) => t.id === done.traceId);
      expect(trace?.startedAt).toEqual(startedAtKill.get(done.traceId ?? ''));
    }
    handle.close();
    await llm.close();
  });
});
