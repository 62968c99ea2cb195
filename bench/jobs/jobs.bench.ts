/**
 * bench:jobs — no-op jobs through the embedded queue and worker (enqueue in batches of 500, claim,
 * run, mark succeeded) against the honest ceiling: the same claims and updates, batched the same
 * way, replayed with raw prepared statements.
 *
 * Why the baseline is a ceiling: it is the adapter's own effective writes (recorded from a run of
 * the adapter: every INSERT of one enqueue call in one transaction, as `db.batch` does, then each
 * claim and each success UPDATE on its own, as the worker commits them), replayed in the same
 * order on a fresh database through better-sqlite3 prepared statements in a tight loop. Nothing
 * is left out but the adapter's own cost: Drizzle, the worker loop and its polls, the event bus,
 * lease timers, payload validation. Claims that found no job are left out of the replay too.
 */
import type Database from 'better-sqlite3';
import { createJobHandlers } from '@/hosts/job-handlers';
import { startJobWorker } from '@/jobs/start-job-worker';
import { insertWorkspace, openBenchDeps, scratchDir, toDriverValue } from '../lib/bench-deps';
import { interleave, latencyRounds, ratioSpread, spread } from '../lib/measure';
import { startBench } from '../lib/report';

const N = Number(process.env.BENCH_JOBS ?? 2000);
const ENQUEUE_BATCH = 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const bench = startBench('jobs', `Jobs: ${N} no-op jobs through the embedded queue and worker`);
const scratch = scratchDir('jobs');
let files = 0;
const WORKSPACE = 'ws_bench_jobs';

type Recorded = { sql: string; params: unknown[] };
/** A unit of the replay: one transaction of statements (an enqueue call, or one UPDATE). */
type Unit = Recorded[];

function whenCount(deps: ReturnType<typeof openBenchDeps>, kind: string, target: number) {
  let seen = 0;
  return new Promise<void>((resolve) => {
    const off = deps.jobEvents.subscribe((event) => {
      if (event.kind === kind && ++seen === target) {
        off();
        resolve();
      }
    });
  });
}

/** Enqueues N no-op jobs in batches of 500 while the worker drains them; jobs per second. */
async function adapterRun(record?: Recorded[]): Promise<{ rate: number; batches: string[][] }> {
  const deps = openBenchDeps(scratch.file(`adapter-${files++}.db`), {
    onQuery: record ? (sql, params) => record.push({ sql, params }) : undefined,
  });
  await insertWorkspace(deps, WORKSPACE);
  record?.splice(0);
  const batches: string[][] = [];
  const started = performance.now();
  const done = whenCount(deps, 'succeeded', N);
  const worker = startJobWorker(deps, { handlers: createJobHandlers(), concurrency: 8 });
  for (let i = 0; i < N; i += ENQUEUE_BATCH) {
    const size = Math.min(ENQUEUE_BATCH, N - i);
    const { ids } = await deps.queue.enqueueMany(
      Array.from({ length: size }, () => ({ type: 'noop', workspaceId: WORKSPACE, payload: {} })),
    );
    batches.push(ids);
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  deps.close();
  return { rate: N / seconds, batches };
}

/** The recorded writes to `jobs`, grouped as the adapter committed them. */
function replayUnits(log: Recorded[], batches: string[][]): Unit[] {
  const batchOf = new Map(batches.flatMap((ids, b) => ids.map((id) => [id, b] as const)));
  const units: Unit[] = [];
  let openBatch = -1;
  for (const q of log) {
    if (/^insert into "jobs"/i.test(q.sql)) {
      const batch = batchOf.get(String(q.params[0])) ?? -1;
      if (batch !== openBatch || units.length === 0) {
        openBatch = batch;
        units.push([]);
      }
      units.at(-1)?.push(q);
    } else if (/^update "jobs"/i.test(q.sql)) {
      openBatch = -1;
      units.push([q]);
    }
  }
  return units;
}

function runUnits(sqlite: Database.Database, units: Unit[]): Unit[] {
  const cache = new Map<string, Database.Statement>();
  const run = (q: Recorded) => {
    let s = cache.get(q.sql);
    if (!s) {
      s = sqlite.prepare(q.sql);
      cache.set(q.sql, s);
    }
    const params = q.params.map(toDriverValue);
    return s.reader ? s.all(params).length : s.run(params).changes;
  };
  const inTransaction = sqlite.transaction((unit: Unit) => unit.map(run));
  return units.filter((unit) =>
    (unit.length === 1 ? [run(unit[0] as Recorded)] : inTransaction(unit)).some((n) => n > 0),
  );
}

async function freshDb() {
  const deps = openBenchDeps(scratch.file(`baseline-${files++}.db`));
  await insertWorkspace(deps, WORKSPACE);
  return deps;
}

// A recorded adapter run (also the warm-up), then an untimed replay keeps the effective writes.
const log: Recorded[] = [];
const recorded = await adapterRun(log);
const dry = await freshDb();
const units = runUnits(dry.handle.sqlite, replayUnits(log, recorded.batches));
dry.close();
const claims = units.filter((u) => /"attempts" \+ 1/.test(u[0]?.sql ?? '')).length;
if (claims !== N) {
  throw new Error(`the replay claims ${claims} jobs, not ${N}: the recording is not what ran`);
}

const rounds = await interleave(ROUNDS, {
  baseline: async () => {
    const deps = await freshDb();
    const started = performance.now();
    runUnits(deps.handle.sqlite, units);
    const rate = N / ((performance.now() - started) / 1000);
    deps.close();
    return rate;
  },
  adapter: async () => (await adapterRun()).rate,
});
bench.figure({
  name: 'baseline: the same writes, raw prepared statements',
  unit: 'jobs/s',
  value: spread(rounds.baseline),
});
bench.figure({
  name: 'queue + worker (concurrency 8)',
  unit: 'jobs/s',
  value: spread(rounds.adapter),
  ratio: { of: 'baseline', value: ratioSpread(rounds.adapter, rounds.baseline) },
  target: 'jobs',
});

// One job at a time on an idle worker: enqueue call to the `started` event.
const deps = await freshDb();
const worker = startJobWorker(deps, { handlers: createJobHandlers(), concurrency: 8 });
const latency = await latencyRounds(
  async () => {
    const started = whenCount(deps, 'started', 1);
    const succeeded = whenCount(deps, 'succeeded', 1);
    await deps.queue.enqueue({ type: 'noop', workspaceId: WORKSPACE, payload: {} });
    await started;
    return succeeded;
  },
  { rounds: ROUNDS, calls: 40 },
);
await worker.stop();
deps.close();
bench.figure({ name: 'enqueue to start, p50', unit: 'ms', value: latency.p50 });
bench.figure({ name: 'enqueue to start, p95', unit: 'ms', value: latency.p95 });
bench.note(
  `Baseline: ${units.length} units replayed (${recorded.batches.length} enqueue transactions, ${claims} claims, the rest success updates), recorded from the adapter; see the file's header for why it is a ceiling.`,
);
scratch.remove();
bench.done();
