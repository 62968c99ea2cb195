/**
 * Job-slot fairness (issue #13, probes3 F8) on the Node worker with the real sandbox: workspaces A
 * and C fill the 4 job slots with eval runs of an eval that loops on 2 traces of every 3 (so "3
 * timeouts in a row" never stops it), then workspace B runs a trivial one-trace eval. Reports B's
 * queue wait (claim time minus enqueue time) and total, with eval runs giving their slot back
 * between pages (the product) and with that turned off (`shouldYield` always false), alternated.
 * Per-trace limit 1 s (the product's is 5 s) to keep a round short; one round is about 2 min. Standalone:
 * `flock /tmp/bench.lock npx tsx bench/jobs/slot-fairness.bench.ts [rounds]`.
 */
import { eq } from 'drizzle-orm';
import { jobs } from '@/db/schema';
import { evalExecuteJob } from '@/evals/jobs/eval-job-handlers';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { startJobWorker } from '@/jobs/start-job-worker';
import { readJob, waitFor } from '@/jobs/testing';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { spread } from '../lib/measure';
import { startBench } from '../lib/report';
import { HOG, queueTimes, TRIVIAL, workspaceWithEval } from './looping-world';

const ROUNDS = Number(process.argv[2] ?? 1);
const bench = startBench(
  'jobs-slot-fairness',
  "Job slots: a workspace's one-trace eval run while two others' looping eval runs hold all 4",
);
const sandbox = createPyodideSandbox({ poolSize: 2, timeoutMsPerTrace: 1000 });

async function round(yieldOn: boolean, r: number) {
  const deps = createTestDeps({ sandbox });
  const handlers = createJobHandlers(
    yieldOn
      ? {}
      : {
          'eval.execute': (ctx, p) => evalExecuteJob({ ...ctx, shouldYield: async () => false }, p),
        },
  );
  // no reserve slots: with them B is claimed beside the 4 holders whichever way runs behave, and
  // what this compares (giving slots back between pages or not) would not be measured
  const worker = startJobWorker(deps, { handlers, concurrency: 4, reserve: 0, pollMs: 50 });
  const a = await workspaceWithEval(deps, `a${r}`, HOG, 20);
  const c = await workspaceWithEval(deps, `c${r}`, HOG, 20);
  const b = await workspaceWithEval(deps, `b${r}`, TRIVIAL, 1);
  const running = async (ws: string) =>
    (await deps.db.select().from(jobs).where(eq(jobs.workspaceId, ws))).filter(
      (j) => j.status === 'running',
    ).length;
  const hogs = (w: { workspaceId: string; evalId: string }) =>
    deps.queue.enqueueMany(
      Array.from({ length: 3 }, () => ({
        type: 'eval.execute' as const,
        workspaceId: w.workspaceId,
        payload: { evalId: w.evalId },
      })),
    );
  await hogs(a);
  await waitFor(async () => (await running(a.workspaceId)) === 3, 30_000);
  await hogs(c);
  await waitFor(async () => (await running(c.workspaceId)) === 1, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const victim = await deps.queue.enqueue({
    type: 'eval.execute',
    workspaceId: b.workspaceId,
    payload: { evalId: b.evalId },
  });
  await waitFor(async () => (await readJob(deps, victim.id)).status === 'succeeded', 300_000);
  const { queued: wait, total } = queueTimes(await readJob(deps, victim.id));
  (yieldOn ? waits.yield : waits.hold).push(wait);
  (yieldOn ? totals.yield : totals.hold).push(total);
  console.log(
    `${yieldOn ? 'yield' : 'no-yield'} round ${r}: B queued ${wait} ms, total ${total} ms (A running ${await running(a.workspaceId)}, C ${await running(c.workspaceId)} at B's end)`,
  );
  await worker.stop(0);
  deps.close();
}

const waits = { yield: [] as number[], hold: [] as number[] };
const totals = { yield: [] as number[], hold: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  await round(true, r);
  await round(false, r);
}
await sandbox.close();
bench.figure({
  name: "B's job in the queue, slots given back between pages",
  unit: 'ms',
  value: spread(waits.yield),
});
bench.figure({
  name: "B's job enqueue to done, slots given back",
  unit: 'ms',
  value: spread(totals.yield),
});
bench.figure({
  name: "B's job in the queue, runs holding their slot to the end",
  unit: 'ms',
  value: spread(waits.hold),
});
bench.figure({
  name: "B's job enqueue to done, runs holding their slot",
  unit: 'ms',
  value: spread(totals.hold),
});
bench.note(
  'Queue wait is a slot wait; the rest of the total is B waiting for a sandbox child (half of the 2 children while others wait). Wall clock: noisy under load.',
);
bench.done();
process.exit(0);
