import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createUnavailableSecrets } from '@/core/ports/secrets';
import { openSqliteDb } from '@/db/client.node.js';
import { jobs, workspaces } from '@/db/schema';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import { createJobHandlers } from '@/jobs/handlers';
import { startJobWorker } from '@/jobs/start-job-worker';

const N = Number(process.env.BENCH_JOBS ?? 2000);
const LATENCY_SAMPLES = 200;
const dir = mkdtempSync(join(tmpdir(), 'iofold-bench-jobs-'));

function openDeps(name: string): Deps & { close(): void } {
  const handle = openSqliteDb({ path: join(dir, `${name}.db`) });
  const jobEvents = createJobEventBus();
  return {
    db: handle.db,
    queue: createDbJobQueue({ db: handle.db, now: systemClock, newId, jobEvents }),
    jobEvents,
    sandbox: createUnavailableSandbox('bench'),
    secrets: createUnavailableSecrets('bench'),
    log: silentLogger,
    now: systemClock,
    newId,
    version: 'bench',
    close: handle.close,
  };
}

async function workspace(deps: Deps) {
  const id = newId('ws');
  await deps.db.insert(workspaces).values({ id, name: 'bench', slug: id });
  return id;
}

/** The same writes a job needs (insert queued, mark running, mark succeeded), in a bare loop. */
async function bareLoop(): Promise<number> {
  const deps = openDeps('bare');
  const ws = await workspace(deps);
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const id = newId('job');
    const now = new Date();
    await deps.db
      .insert(jobs)
      .values({ id, workspaceId: ws, type: 'noop', payload: {}, runAt: now });
    await deps.db
      .update(jobs)
      .set({
        status: 'running',
        attempts: 1,
        leaseOwner: 'bare',
        leaseExpiresAt: now,
        startedAt: now,
      })
      .where(eq(jobs.id, id));
    await deps.db
      .update(jobs)
      .set({ status: 'succeeded', result: null, leaseOwner: null, finishedAt: new Date() })
      .where(eq(jobs.id, id));
  }
  const seconds = (performance.now() - started) / 1000;
  deps.close();
  return N / seconds;
}

function whenCount(deps: Deps, kind: string, target: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const off = deps.jobEvents.subscribe((event) => {
      if (event.kind === kind && ++seen === target) {
        off();
        resolve();
      }
    });
  });
}

/** Enqueue N no-op jobs, then time the worker draining them. */
async function adapterThroughput(): Promise<number> {
  const deps = openDeps('adapter');
  const ws = await workspace(deps);
  const started = performance.now();
  const done = whenCount(deps, 'succeeded', N);
  const worker = startJobWorker(deps, { handlers: createJobHandlers(), concurrency: 8 });
  for (let i = 0; i < N; i += 500) {
    const size = Math.min(500, N - i);
    await deps.queue.enqueueMany(
      Array.from({ length: size }, () => ({ type: 'noop', workspaceId: ws, payload: {} })),
    );
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  deps.close();
  return N / seconds;
}

/** One job at a time on an idle worker: enqueue call to the `started` event. */
async function startLatency(): Promise<number[]> {
  const deps = openDeps('latency');
  const ws = await workspace(deps);
  const worker = startJobWorker(deps, { handlers: createJobHandlers(), concurrency: 8 });
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t0 = performance.now();
    const started = whenCount(deps, 'started', 1);
    await deps.queue.enqueue({ type: 'noop', workspaceId: ws, payload: {} });
    await started;
    samples.push(performance.now() - t0);
    await whenCount(deps, 'succeeded', 1);
  }
  await worker.stop();
  deps.close();
  return samples.sort((a, b) => a - b);
}

const bare = await bareLoop();
const adapter = await adapterThroughput();
const latency = await startLatency();
const pct = (p: number) =>
  latency[Math.min(latency.length - 1, Math.floor(p * latency.length))] ?? 0;
rmSync(dir, { recursive: true, force: true });

console.log(`bench:jobs  ${N} no-op jobs, file-backed SQLite (WAL)`);
console.log(`  bare loop (same writes):   ${bare.toFixed(0)} jobs/s`);
console.log(
  `  Node adapter (worker):     ${adapter.toFixed(0)} jobs/s   ratio ${(adapter / bare).toFixed(2)}x of bare   (target >= 500 jobs/s)`,
);
console.log(
  `  enqueue-to-start latency:  median ${pct(0.5).toFixed(2)} ms, p95 ${pct(0.95).toFixed(2)} ms, max ${pct(1).toFixed(2)} ms   (target median < 50 ms)`,
);
