/**
 * Fairness beside looping evals (issue #13, probes F8), job slots and sandbox together, as the
 * outside probe measures it: workspaces A, C and D each queue 4 eval runs over 20 traces of an
 * eval that loops on 2 traces of every 3 (5 s per-trace limit, the product's), then workspace B
 * runs a trivial eval over 1 trace and then over 20. B's enqueue-to-done and queue wait, against
 * the same runs of B with nothing else queued, rounds alternated; each round has its own database,
 * Node job worker (4 slots) and sandbox (2 children). Standalone:
 * `flock /tmp/bench.lock npx tsx bench/jobs/looping-evals.bench.ts [rounds, default 3]`.
 */
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { startJobWorker } from '@/jobs/start-job-worker';
import { readJob, waitFor } from '@/jobs/testing';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { ratioSpread, spread } from '../lib/measure';
import { startBench } from '../lib/report';
import { HOG, queueTimes, TRIVIAL, workspaceWithEval } from './looping-world';

const ROUNDS = Number(process.argv[2] ?? 3);
const bench = startBench(
  'jobs-looping-evals',
  "B's eval runs beside three workspaces' looping eval runs (4 each) against B alone",
);

type Times = { total: number; queued: number };

async function round(hogs: boolean, r: number): Promise<{ one: Times; twenty: Times }> {
  const sandbox = createPyodideSandbox({ poolSize: 2 });
  await sandbox.status();
  const deps = createTestDeps({ sandbox });
  const worker = startJobWorker(deps, {
    handlers: createJobHandlers(),
    concurrency: 4,
    pollMs: 50,
  });
  try {
    const b = await workspaceWithEval(deps, `b${r}`, TRIVIAL, 20);
    if (hogs) {
      for (const name of ['a', 'c', 'd']) {
        const h = await workspaceWithEval(deps, `${name}${r}`, HOG, 20);
        await deps.queue.enqueueMany(
          Array.from({ length: 4 }, () => ({
            type: 'eval.execute' as const,
            workspaceId: h.workspaceId,
            payload: { evalId: h.evalId },
          })),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    const run = async (traceIds: string[]): Promise<Times> => {
      const { id } = await deps.queue.enqueue({
        type: 'eval.execute',
        workspaceId: b.workspaceId,
        payload: { evalId: b.evalId, traceIds },
      });
      const job = await waitFor(async () => {
        const j = await readJob(deps, id);
        return j.status === 'succeeded' ? j : undefined;
      }, 300_000);
      return queueTimes(job);
    };
    const one = await run(b.traceIds.slice(0, 1));
    const twenty = await run(b.traceIds);
    console.log(
      `${hogs ? 'beside looping' : 'alone'} round ${r}: one trace ${one.total} ms (queued ${one.queued}), 20 traces ${twenty.total} ms (queued ${twenty.queued})`,
    );
    return { one, twenty };
  } finally {
    await worker.stop(0);
    await sandbox.close();
    deps.close();
  }
}

const alone: { one: Times; twenty: Times }[] = [];
const beside: { one: Times; twenty: Times }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  alone.push(await round(false, r));
  beside.push(await round(true, r));
}
for (const key of ['one', 'twenty'] as const) {
  const label = key === 'one' ? '1 trace' : '20 traces';
  const a = alone.map((x) => x[key].total);
  const c = beside.map((x) => x[key].total);
  bench.figure({
    name: `B's run over ${label}, alone: enqueue to done`,
    unit: 'ms',
    value: spread(a),
  });
  bench.figure({
    name: `B's run over ${label} beside A, C and D's looping runs: enqueue to done`,
    unit: 'ms',
    value: spread(c),
    ratio: { of: 'alone, same round', value: ratioSpread(c, a) },
  });
  bench.figure({
    name: `B's run over ${label} beside the looping runs: in the job queue`,
    unit: 'ms',
    value: spread(beside.map((x) => x[key].queued)),
  });
}
bench.note(
  'Node job worker with 4 slots and 2 reserve slots (each for a workspace running no job); sandbox with 2 children and 2 reserve seats (each for a workspace in good standing with nothing running). Wall clock on a shared machine: see the load in the report.',
);
bench.done();
process.exit(0);
