/**
 * The read paths storage choices can slow down (issue #24), each beside a baseline measured in
 * the same rounds, so load on the shared machine hits both sides of every ratio:
 *
 * - trace detail: `getTrace` (the API's service: the trace row, its eval view read back, its spans
 *   with their references filled in) against the same two reads as raw prepared statements (the
 *   trace row by id, its spans by trace id), values left as the driver returns them;
 * - eval run: `runEvalVersion` over every trace (the sandbox replaced by a JSON round trip of the
 *   views it is sent) against one raw prepared statement reading the same traces' eval view column.
 *
 * Each is measured twice: wall time, and this process's CPU time (per call, or per run), which a
 * busy shared machine shakes much less.
 *
 * `npx tsx bench/storage/read-paths.bench.ts` (BENCH_ROUNDS, default 9); `compare.ts` runs it at
 * two commits in alternation for after/before ratios.
 */
import { createSystemCtx } from '@/core/system-ctx';
import { evals } from '@/db/schema';
import { runEvalVersion } from '@/evals/runs/run-eval-version';
import { getTrace } from '@/traces/query/get-trace';
import { interleave, latencyByRound, quantile, ratioSpread, spread, timeMs } from '../lib/measure';
import { startBench } from '../lib/report';
import { echoSandbox, importInto, scratch, tauJsonl, WORKSPACE } from './storage-data';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const bench = startBench(
  'storage-reads',
  'Storage: trace detail and eval-run reads against raw statements',
);

async function readPaths(jsonl: string) {
  const run = await importInto(jsonl, 'reward');
  const deps = { ...run.deps, sandbox: echoSandbox };
  const ctx = createSystemCtx(deps, WORKSPACE);
  const sqlite = deps.handle.sqlite;
  const ids = (sqlite.prepare('select id from traces order by id').all() as { id: string }[]).map(
    (r) => r.id,
  );
  const traceRow = sqlite.prepare('select * from traces where workspace_id = ? and id = ?');
  const spanRows = sqlite.prepare(
    'select * from spans where workspace_id = ? and trace_id = ? order by started_at, id',
  );
  const id = (i: number) => ids[i % ids.length] as string;
  // CPU time of this process per call: what the code costs, less shaken than the wall clock by
  // other processes on a shared machine (the database is in-process, so its work counts too)
  const cpuMs = async (run: () => unknown) => {
    const start = process.cpuUsage();
    await run();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  const cpuDetail = { getTrace: [] as number[], raw: [] as number[] };
  await interleave(ROUNDS, {
    getTrace: async () => {
      const samples: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        samples.push(await cpuMs(() => getTrace(ctx, { id: id(i) })));
      }
      cpuDetail.getTrace.push(quantile(samples, 0.95));
      return 0;
    },
    raw: async () => {
      const samples: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        samples.push(
          await cpuMs(() => [traceRow.get(WORKSPACE, id(i)), spanRows.all(WORKSPACE, id(i))]),
        );
      }
      cpuDetail.raw.push(quantile(samples, 0.95));
      return 0;
    },
  });
  bench.figure({
    name: 'trace detail (getTrace), CPU ms per call, p95',
    unit: 'ms',
    value: spread(cpuDetail.getTrace),
    ratio: {
      of: 'trace detail, raw statements, CPU p95',
      value: ratioSpread(cpuDetail.getTrace, cpuDetail.raw),
    },
  });
  bench.figure({
    name: 'trace detail, raw statements, CPU p95',
    unit: 'ms',
    value: spread(cpuDetail.raw),
  });
  const detail = await latencyByRound(
    {
      getTrace: (i) => getTrace(ctx, { id: id(i) }),
      raw: (i) => [traceRow.get(WORKSPACE, id(i)), spanRows.all(WORKSPACE, id(i))],
    },
    { rounds: ROUNDS, calls: 2 * ids.length, warmup: 40 },
  );
  for (const q of ['p95', 'p50'] as const) {
    bench.figure({
      name: `trace detail (getTrace), ${q}`,
      unit: 'ms',
      value: spread(detail.getTrace[q]),
      ratio: {
        of: `trace detail, raw statements, ${q}`,
        value: ratioSpread(detail.getTrace[q], detail.raw[q]),
      },
    });
    bench.figure({
      name: `trace detail, raw statements, ${q}`,
      unit: 'ms',
      value: spread(detail.raw[q]),
    });
  }

  const agent = sqlite
    .prepare('select agent_id as id from traces where agent_id is not null limit 1')
    .get() as { id: string };
  await deps.db.insert(evals).values({
    id: 'ev_bench',
    workspaceId: WORKSPACE,
    agentId: agent.id,
    name: 'eval_bench',
    version: 1,
    status: 'active',
    code: 'def eval_bench(trace):\n    return True, "ok"\n',
    codeHash: 'hash_ev_bench',
    generator: 'synthesiser',
  });
  const views = sqlite.prepare(
    'select id, eval_view from traces where workspace_id = ? and agent_id = ?',
  );
  const total = (views.all(WORKSPACE, agent.id) as unknown[]).length;
  const rate = async (read: () => unknown) => total / ((await timeMs(read)) / 1000);
  await runEvalVersion(ctx, { evalId: 'ev_bench' }); // warm-up
  const cpuRate = async (read: () => unknown) => total / ((await cpuMs(read)) / 1000);
  const cpuRuns = await interleave(ROUNDS, {
    runEvalVersion: () => cpuRate(() => runEvalVersion(ctx, { evalId: 'ev_bench' })),
    raw: async () =>
      10 *
      (await cpuRate(() => {
        for (let i = 0; i < 10; i++) {
          views.all(WORKSPACE, agent.id);
        }
      })),
  });
  bench.figure({
    name: 'eval run (runEvalVersion), traces per CPU second',
    unit: 'traces/s',
    value: spread(cpuRuns.runEvalVersion),
    ratio: {
      of: 'eval run, raw statement, per CPU second',
      value: ratioSpread(cpuRuns.runEvalVersion, cpuRuns.raw),
    },
  });
  bench.figure({
    name: 'eval run, raw statement, per CPU second',
    unit: 'traces/s',
    value: spread(cpuRuns.raw),
  });
  const runs = await interleave(ROUNDS, {
    runEvalVersion: () => rate(() => runEvalVersion(ctx, { evalId: 'ev_bench' })),
    // ten reads per timing: one read of 200 rows is too short for the clock under load
    raw: async () =>
      10 *
      (await rate(() => {
        for (let i = 0; i < 10; i++) {
          views.all(WORKSPACE, agent.id);
        }
      })),
  });
  bench.figure({
    name: 'eval run (runEvalVersion, echo sandbox)',
    unit: 'traces/s',
    value: spread(runs.runEvalVersion),
    ratio: { of: 'eval run, raw statement', value: ratioSpread(runs.runEvalVersion, runs.raw) },
  });
  bench.figure({ name: 'eval run, raw statement', unit: 'traces/s', value: spread(runs.raw) });
  bench.note(
    `${run.traces} tau-bench traces, ${run.spans} spans; trace detail: ${ROUNDS} rounds of ${2 * ids.length} calls each side (every trace twice per round), rotating which side goes first; eval run: ${ROUNDS} runs of ${total} traces each side, interleaved.`,
  );
  run.deps.close();
}

const tau = tauJsonl();
if (tau === null) {
  bench.skip('shared/data/tau-bench is absent');
} else {
  await readPaths(tau);
}
scratch.remove();
bench.done();
