/**
 * Job slots under probes F8's repro (issue #13) on the Node worker: workspaces of an attacker
 * (one account's two workspaces, say) each queue 6 `noop` jobs sleeping 45 s (no CPU); once all
 * 4 slots run, workspace B queues a noop without sleep. B's queue wait (claim time minus enqueue
 * time) against the same noop queued with nothing else running, rounds alternated: a round of
 * each is a fresh database and worker. CPU-light, so the wall clock means something under load.
 * Standalone: `npx tsx bench/jobs/noop-hogs.bench.ts [rounds, default 5]`.
 */
import { eq } from 'drizzle-orm';
import { jobs } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { startJobWorker } from '@/jobs/start-job-worker';
import { readJob, waitFor } from '@/jobs/testing';
import { spread } from '../lib/measure';
import { startBench } from '../lib/report';

const ROUNDS = Number(process.argv[2] ?? 5);
const SLEEP_MS = 45_000;
const SLOTS = 4;
const bench = startBench(
  'jobs-noop-hogs',
  "Job slots: a workspace's noop while other workspaces' 45 s noop sleepers hold all 4",
);

/** B's queue wait in ms with `attackers` workspaces holding every slot (0: B alone). */
async function victimWait(attackers: number): Promise<number> {
  const deps = createTestDeps();
  const holders = await Promise.all(
    Array.from({ length: attackers }, (_, i) => createTestWorkspace(deps, `attacker${i}`)),
  );
  const victim = await createTestWorkspace(deps, 'victim');
  const worker = startJobWorker(deps, { handlers: createJobHandlers(), concurrency: SLOTS });
  try {
    for (const ws of holders) {
      await deps.queue.enqueueMany(
        Array.from({ length: 6 }, () => ({
          type: 'noop' as const,
          workspaceId: ws.id,
          payload: { sleepMs: SLEEP_MS },
        })),
      );
    }
    if (attackers > 0) {
      await waitFor(async () => {
        const rows = await deps.db.select().from(jobs).where(eq(jobs.status, 'running'));
        return rows.length === SLOTS;
      }, 30_000);
    }
    const { id } = await deps.queue.enqueue({ type: 'noop', workspaceId: victim.id, payload: {} });
    const done = await waitFor(async () => {
      const job = await readJob(deps, id);
      return job.status === 'succeeded' ? job : undefined;
    }, SLEEP_MS + 30_000);
    return (done.startedAt as Date).getTime() - done.createdAt.getTime();
  } finally {
    await worker.stop(100);
  }
}

const alone: number[] = [];
const byAttackers = new Map<number, number[]>([
  [2, []],
  [3, []],
]);
for (let round = 0; round < ROUNDS; round++) {
  alone.push(await victimWait(0));
  for (const [attackers, waits] of byAttackers) {
    waits.push(await victimWait(attackers));
  }
}
bench.figure({ name: "B's queue wait, nothing else queued", unit: 'ms', value: spread(alone) });
for (const [attackers, waits] of byAttackers) {
  bench.figure({
    name: `B's queue wait while ${attackers} workspaces' 45 s noop sleepers hold all ${SLOTS} slots`,
    unit: 'ms',
    value: spread(waits),
  });
}
bench.note(
  'Before the slot rotation (592045d) B waited for a sleeper to end: 44.98 s with 2 and with 3 attacker workspaces (docs/jobs.md). A sleeper now sleeps in slices of at most 1 s and gives its slot back when another workspace waits, so B waits about one slice. The clock of the job rows has a resolution of 1 ms.',
);
bench.done();
process.exit(0);
