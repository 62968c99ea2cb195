/**
 * Job slots under probes F8's repro (issue #13) on the Node worker: workspaces A and C (one
 * account's two workspaces, say) each queue 6 `noop` jobs sleeping 45 s (no CPU), A first; once
 * all 4 slots run, workspace B queues a noop without sleep. Prints B's queue wait (claim time
 * minus enqueue time). CPU-light, so the wall clock means something under load.
 * `npx tsx bench/jobs/noop-hogs.bench.ts [attacker workspaces, default 2] [sleep ms, default 45000]`
 */
import { eq } from 'drizzle-orm';
import { jobs } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { startJobWorker } from '@/jobs/start-job-worker';
import { readJob, waitFor } from '@/jobs/testing';

const ATTACKERS = Number(process.argv[2] ?? 2);
const SLEEP_MS = Number(process.argv[3] ?? 45_000);

const deps = createTestDeps();
const attackers = await Promise.all(
  Array.from({ length: ATTACKERS }, (_, i) => createTestWorkspace(deps, `attacker${i}`)),
);
const victim = await createTestWorkspace(deps, 'victim');
const worker = startJobWorker(deps, { handlers: createJobHandlers(), concurrency: 4 });
for (const ws of attackers) {
  await deps.queue.enqueueMany(
    Array.from({ length: 6 }, () => ({
      type: 'noop' as const,
      workspaceId: ws!.id,
      payload: { sleepMs: SLEEP_MS },
    })),
  );
}
await waitFor(async () => {
  const rows = await deps.db.select().from(jobs).where(eq(jobs.status, 'running'));
  return rows.length === 4;
}, 30_000);
const running = await deps.db.select().from(jobs).where(eq(jobs.status, 'running'));
const held = attackers.map((ws) => running.filter((r) => r.workspaceId === ws!.id).length);
const { id } = await deps.queue.enqueue({ type: 'noop', workspaceId: victim!.id, payload: {} });
const done = await waitFor(async () => {
  const job = await readJob(deps, id);
  return job.status === 'succeeded' ? job : undefined;
}, SLEEP_MS + 30_000);
const waitMs = done.startedAt!.getTime() - done.createdAt.getTime();
console.log(
  `attackers ${ATTACKERS} holding ${held.join('+')} of 4 slots with ${SLEEP_MS} ms sleepers: ` +
    `B queued ${(waitMs / 1000).toFixed(2)} s`,
);
await worker.stop(100);
process.exit(0);
