/**
 * Where the OTLP/JSON request's CPU goes, by stage (#17): the route's steps called in order in one
 * process without HTTP, ROUNDS rounds of REQUESTS requests × 1,000 spans, each round into a new
 * SQLite file; median CPU ms (process.cpuUsage: every thread) per 1,000 spans per stage. Printed
 * only. `npx tsx bench/ingest/stages.ts` (BENCH_ROUNDS, BENCH_INGEST_REQUESTS).
 */
import type { Ctx } from '@/core/context';
import { rawBatchOf } from '@/db/raw-batch';
import { rawStatementsOf } from '@/db/write-batch';
import { planIngest, writePlanned } from '@/traces/ingest/ingest-traces';
import { normaliseIncoming } from '@/traces/ingest/normalise-incoming';
import { decodeUtf8, parseJsonStrict } from '@/traces/ingest-limits';
import { parseOtlpTraces } from '@/traces/parsers/otlp/parse-otlp-traces';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { otlpRequest, SPANS_PER_TRACE, TRACES_PER_REQUEST } from './otlp-bodies';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 12);
const STAGES = ['parse', 'mapping', 'validation', 'planIngest', 'params', 'sqlite', 'after'];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const bodies = Array.from({ length: REQUESTS }, (_, r) =>
  new TextEncoder().encode(JSON.stringify(otlpRequest(r))),
);
const scratch = scratchDir('ingest-stages');
const perRound: Record<string, number[]> = Object.fromEntries(STAGES.map((s) => [s, []]));
const totals: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const deps = openBenchDeps(scratch.file(`r${round}.db`));
  const workspaceId = await insertWorkspace(deps);
  const ctx: Ctx = { ...deps, workspaceId, actor: { type: 'system' }, requestId: 'stages' };
  const raw = rawBatchOf(deps.db);
  if (!raw) {
    throw new Error('no raw batch');
  }
  const sum: Record<string, number> = Object.fromEntries(STAGES.map((s) => [s, 0]));
  for (const body of bodies) {
    let t = cpu();
    const lap = (stage: string) => {
      const now = cpu();
      sum[stage] = (sum[stage] ?? 0) + now - t;
      t = now;
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
  const spans = (REQUESTS * TRACES_PER_REQUEST * SPANS_PER_TRACE) / 1000;
  let total = 0;
  for (const s of STAGES) {
    perRound[s]?.push((sum[s] ?? 0) / spans);
    total += (sum[s] ?? 0) / spans;
  }
  totals.push(total);
  deps.close();
}
scratch.remove();
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)] ?? 0;
for (const s of STAGES) {
  console.log(`${s.padEnd(12)} ${median(perRound[s] ?? []).toFixed(1)} ms / 1,000 spans`);
}
console.log(`${'total'.padEnd(12)} ${median(totals).toFixed(1)} (per-round totals, median)`);
