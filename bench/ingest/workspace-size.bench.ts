/**
 * bench:ingest workspace size (issue #16, point 10) — ingest latency per request into an empty
 * workspace and into one holding 100,000 traces, in the same rounds, in real SQLite files without
 * ANALYZE statistics (where a plan that depends on them left the primary key). A request is what
 * an OTel batch exporter sends: the first half of 5 new traces and the second half of the 5 before,
 * so every request creates traces and merges into stored ones. Target: p50 and p99 at most 1.5 ×
 * the empty workspace's.
 *
 * Why the empty workspace is the baseline: it is the same request through the same code with
 * nothing else stored, so any difference is what the workspace's size costs.
 */
import { createSystemCtx } from '@/core/system-ctx';
import { ingestTraces } from '@/traces/ingest/ingest-traces';
import { splitTrace } from '@/traces/ingest/testing/split-traces';
import { seedTraces } from '@/traces/query/seed-traces';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { latencyByRound, quantile, ratioSpread, spread } from '../lib/measure';
import { startBench } from '../lib/report';

const SIZE = Number(process.env.BENCH_INGEST_TRACES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = 40;
const WARMUP = 5;
const bench = startBench(
  'ingest-workspace-size',
  `Ingest per request: empty workspace vs ${SIZE.toLocaleString('en-US')} traces`,
);
const scratch = scratchDir('ingest-size');

async function workspace(name: string, stored: number) {
  const deps = openBenchDeps(scratch.file(`${name}.db`));
  const workspaceId = await insertWorkspace(deps, `ws_bench_${name}`);
  const started = performance.now();
  await seedTraces(deps.db, { workspaceId, count: stored });
  const seeded = (performance.now() - started) / 1000;
  const ctx = createSystemCtx(deps, workspaceId);
  const samples: number[] = [];
  let call = 0;
  const request = async () => {
    const n = call++;
    const traces = Array.from({ length: 5 }, (_, k) => splitTrace(1 + n * 5 + k, 'a'));
    if (n > 0) {
      traces.push(...Array.from({ length: 5 }, (_, k) => splitTrace(1 + (n - 1) * 5 + k, 'b')));
    }
    const at = performance.now();
    await ingestTraces(ctx, { traces });
    if (n >= WARMUP) {
      samples.push(performance.now() - at);
    }
  };
  return { request, samples, seeded, close: () => deps.close() };
}

const empty = await workspace('empty', 0);
const full = await workspace('full', SIZE);
const latency = await latencyByRound(
  { empty: empty.request, full: full.request },
  { rounds: ROUNDS, calls: CALLS, warmup: WARMUP },
);
const k = `${SIZE / 1000}k`;
bench.figure({ name: 'empty workspace, p50', unit: 'ms', value: spread(latency.empty.p50) });
bench.figure({
  name: `${k} traces, p50`,
  unit: 'ms',
  value: spread(latency.full.p50),
  ratio: {
    of: 'empty workspace p50 (target <= 1.5)',
    value: ratioSpread(latency.full.p50, latency.empty.p50),
  },
});
bench.figure({ name: 'empty workspace, p95', unit: 'ms', value: spread(latency.empty.p95) });
bench.figure({
  name: `${k} traces, p95`,
  unit: 'ms',
  value: spread(latency.full.p95),
  ratio: { of: 'empty workspace p95', value: ratioSpread(latency.full.p95, latency.empty.p95) },
});
const p99 = { empty: quantile(empty.samples, 0.99), full: quantile(full.samples, 0.99) };
bench.figure({ name: 'empty workspace, p99 of all calls', unit: 'ms', value: spread([p99.empty]) });
bench.figure({
  name: `${k} traces, p99 of all calls`,
  unit: 'ms',
  value: spread([p99.full]),
  ratio: { of: 'empty workspace p99 (target <= 1.5)', value: spread([p99.full / p99.empty]) },
});
bench.note(
  `Seeded ${SIZE.toLocaleString('en-US')} traces in ${full.seeded.toFixed(0)} s (no ANALYZE); ${ROUNDS} rounds × ${CALLS} requests per workspace, interleaved; a request is 10 traces × 5 spans (5 new, 5 merged). Ratios are the large workspace over the empty one per round; p99 is over all ${full.samples.length} timed requests, one figure.`,
);
empty.close();
full.close();
scratch.remove();
bench.done();
