/**
 * Where the OTLP/JSON request's CPU goes, by stage (#17): the route's steps called in order in one
 * process without HTTP, ROUNDS rounds of REQUESTS requests × 1,000 spans, each round into a new
 * SQLite file; median CPU ms per 1,000 spans per stage, of the whole process (process.cpuUsage:
 * every thread) and of the main thread alone (the one running JavaScript; Linux /proc). What the
 * process spends beyond the main thread runs on other threads while a stage runs, and is billed to
 * that stage: V8's own (parallel scavenges, concurrent marking and sweeping, optimising compiles)
 * and the database's WAL checkpoint thread (started at each new file's first write). Per round the
 * process's CPU is split into those three. Printed only. `npx tsx bench/ingest/stages.ts`
 * (BENCH_ROUNDS, BENCH_INGEST_REQUESTS).
 */
import type { Ctx } from '@/core/context';
import { rawBatchOf } from '@/db/raw-batch';
import { rawStatementsOf } from '@/db/write-batch';
import { planIngest, writePlanned } from '@/traces/ingest/ingest-traces';
import { normaliseIncoming } from '@/traces/ingest/normalise-incoming';
import { decodeUtf8, parseJsonStrict } from '@/traces/ingest-limits';
import { parseOtlpTraces } from '@/traces/parsers/otlp/parse-otlp-traces';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { threadCpuMs, threadIds } from '../lib/cpu-time';
import { spread } from '../lib/measure';
import { otlpRequest, SPANS_PER_TRACE, TRACES_PER_REQUEST } from './otlp-bodies';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 12);
const STAGES = ['parse', 'mapping', 'validation', 'planIngest', 'params', 'sqlite', 'after'];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// V8's platform threads exist before the first round; threads started later (each new file's
// checkpoint thread) are the rest, counted as the process's CPU less the main thread's and V8's.
const v8Threads = threadIds().filter((tid) => tid !== String(process.pid));
const v8Cpu = () => v8Threads.reduce((sum, tid) => sum + (threadCpuMs(tid) || 0), 0);
const reading = () => ({ process: cpu(), main: threadCpuMs(), v8: v8Cpu() });
const bodies = Array.from({ length: REQUESTS }, (_, r) =>
  new TextEncoder().encode(JSON.stringify(otlpRequest(r))),
);
const scratch = scratchDir('ingest-stages');
const perRound: Record<string, number[]> = Object.fromEntries(STAGES.map((s) => [s, []]));
const mainPerRound: Record<string, number[]> = Object.fromEntries(STAGES.map((s) => [s, []]));
const totals: number[] = [];
const split = { main: [] as number[], v8: [] as number[], other: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  const deps = openBenchDeps(scratch.file(`r${round}.db`));
  const workspaceId = await insertWorkspace(deps);
  const ctx: Ctx = { ...deps, workspaceId, actor: { type: 'system' }, requestId: 'stages' };
  const raw = rawBatchOf(deps.db);
  if (!raw) {
    throw new Error('no raw batch');
  }
  const sum: Record<string, number> = Object.fromEntries(STAGES.map((s) => [s, 0]));
  const mainSum: Record<string, number> = Object.fromEntries(STAGES.map((s) => [s, 0]));
  const start = reading();
  for (const body of bodies) {
    let t = cpu();
    let m = threadCpuMs();
    const lap = (stage: string) => {
      const now = cpu();
      const mainNow = threadCpuMs();
      sum[stage] = (sum[stage] ?? 0) + now - t;
      mainSum[stage] = (mainSum[stage] ?? 0) + mainNow - m;
      t = now;
      m = mainNow;
    };
    const json = parseJsonStrict(decodeUtf8(body));
    lap('parse');
    const traces = parseOtlpTraces(json, { idEncoding: 'hex', maxSpans: 100_000 });
    lap('mapping');
    const incoming = normaliseIncoming(ctx, traces, true);
    lap('validation');
    await writePlanned(ctx, async () => {
      const plan = await planIngest(ctx, incoming, [], {});
      lap('planIngest');
      const statements = rawStatementsOf(plan.writes);
      lap('params');
      await raw(statements);
      lap('sqlite');
      return plan;
    });
    lap('after');
  }
  const end = reading();
  const spans = (REQUESTS * TRACES_PER_REQUEST * SPANS_PER_TRACE) / 1000;
  let total = 0;
  for (const s of STAGES) {
    perRound[s]?.push((sum[s] ?? 0) / spans);
    mainPerRound[s]?.push((mainSum[s] ?? 0) / spans);
    total += (sum[s] ?? 0) / spans;
  }
  totals.push(total);
  split.main.push((end.main - start.main) / spans);
  split.v8.push((end.v8 - start.v8) / spans);
  split.other.push(
    (end.process - start.process - (end.main - start.main) - (end.v8 - start.v8)) / spans,
  );
  deps.close();
}
scratch.remove();
const median = (v: number[]) => spread(v).median;
const range = (v: number[]) => {
  const s = spread(v);
  return `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
};
console.log(`${''.padEnd(12)} process  main thread  (median ms / 1,000 spans)`);
for (const s of STAGES) {
  const p = median(perRound[s] ?? []).toFixed(1);
  console.log(
    `${s.padEnd(12)} ${p.padStart(7)}  ${median(mainPerRound[s] ?? [])
      .toFixed(1)
      .padStart(11)}`,
  );
}
console.log(
  `${'total'.padEnd(12)} ${range(totals)}  main thread ${range(split.main)} (per-round totals)`,
);
console.log(
  `per round, the process's CPU: main thread ${range(split.main)}, V8's threads ${range(split.v8)}, other threads ${range(split.other)}`,
);
