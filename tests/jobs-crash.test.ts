import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { newId, systemClock } from '@/core/ids';
import { openSqliteDb } from '@/db/client.node.js';
import { jobRetryHistory, jobs, workspaces } from '@/db/schema';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import { waitFor } from '@/jobs/testing';
import { crashChildren, exited } from './helpers/crash-children';
import { REPO_ROOT } from './helpers/run-iofold';

const dataDir = mkdtempSync(join(tmpdir(), 'iofold-crash-'));
const databasePath = join(dataDir, 'iofold.db');
const CHILD = join(REPO_ROOT, 'tests/helpers/job-crash-child.ts');
const children = crashChildren(CHILD);

afterAll(async () => {
  await children.killAll();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('jobs survive SIGKILL of the Node process', () => {
  it('finishes every job exactly as if uninterrupted: completed once, or retried and recorded', async () => {
    const handle = openSqliteDb({ path: databasePath });
    const { db, sqlite } = handle;
    sqlite.exec('create table crash_effects (key text primary key, attempt integer not null)');
    sqlite.exec('create table crash_starts (job_id text not null, attempt integer not null)');
    const ws = newId('ws');
    await db.insert(workspaces).values({ id: ws, name: 'crash', slug: ws });
    const queue = createDbJobQueue({ db, now: systemClock, newId, jobEvents: createJobEventBus() });
    const { ids } = await queue.enqueueMany(
      Array.from({ length: 40 }, () => ({
        type: 'noop',
        workspaceId: ws,
        payload: { sleepMs: 150 },
      })),
    );
    const effects = () =>
      sqlite.prepare('select count(*) as n from crash_effects').get() as { n: number };

    const first = await children.start(dataDir, databasePath);
    await waitFor(async () => effects().n >= 8, 30_000);
    first.kill('SIGKILL');
    await exited(first);
    // Read after the process is gone: a job read as running before the kill could still finish.
    const runningAtKill = (
      await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.status, 'running'))
    ).map((row) => row.id);
    expect(runningAtKill.length).toBeGreaterThan(0);
    const stranded = await db.select().from(jobs).where(inArray(jobs.id, runningAtKill));
    expect(stranded.every((job) => job.status === 'running' && job.leaseOwner)).toBe(true);

    const second = await children.start(dataDir, databasePath);
    await waitFor(async () => {
      const open = await db
        .select({ id: jobs.id })
        .from(jobs)
        .where(inArray(jobs.status, ['queued', 'running']));
      return open.length === 0;
    }, 60_000);
    second.kill('SIGTERM');
    await exited(second);

    const rows = await db.select().from(jobs);
    expect(rows.map((job) => job.status)).toEqual(ids.map(() => 'succeeded'));
    expect(effects().n).toBe(40);
    const starts = sqlite
      .prepare('select job_id as id, count(*) as n from crash_starts group by job_id')
      .all() as { id: string; n: number }[];
    const startsByJob = new Map(starts.map((row) => [row.id, row.n]));
    const history = await db.select().from(jobRetryHistory);
    expect(rows.filter((job) => job.attempts === 2).length).toBeGreaterThan(0);
    for (const job of rows) {
      const interrupted = job.attempts === 2;
      // every handler start is one recorded attempt: nothing ran that the table does not know of.
      // A job claimed just before the kill may not have reached its handler: its first attempt is
      // recorded with no start (seen under load), never the other way round.
      const started = startsByJob.get(job.id) ?? 0;
      expect(started === job.attempts || (interrupted && started === 1)).toBe(true);
      expect(job.attempts === 1 || (interrupted && runningAtKill.includes(job.id))).toBe(true);
      const recorded = history.filter((h) => h.jobId === job.id);
      expect(recorded.map((h) => [h.attempt, h.errorCode, h.category])).toEqual(
        interrupted ? [[1, 'LEASE_EXPIRED', 'timeout']] : [],
      );
    }
    handle.close();
  });
});
