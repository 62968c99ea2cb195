/**
 * bench:matrix — the contradiction matrix of one agent with 10,000 traces × 5 eval versions
 * (executions and labels) in a real SQLite file, beside a second agent of the same size (noise);
 * with `--scale`, again at 100,000 × 5. Latency per round (p50, p95) against the baseline.
 *
 * Why the baseline is a ceiling: it is the plain indexed reads of the rows the page shows, as raw
 * prepared statements on the driver (no query builder, no mapping): the page of traces by its
 * (workspace, agent, started_at) index, then those traces' cells for the versions, by the
 * (workspace, trace) index. A matrix page cannot show its rows with less; what it adds is the
 * versions' names, their statistics (maintained counts, a few rows per version) and the mapping.
 */
import { createSystemCtx } from '@/core/system-ctx';
import { getEvalAgreement } from '@/evals/agreement/eval-agreement';
import { explainQueries, type RecordedQuery } from '@/evals/matrix/explain-queries.node.js';
import { getMatrix, type MatrixQuery } from '@/evals/matrix/get-matrix';
import { seedMatrix } from '@/evals/matrix/testing/seed-matrix';
import {
  insertWorkspace,
  openBenchDeps,
  scratchDir,
  seedInOneTransaction,
} from '../lib/bench-deps';
import { latencyByRound, ratioSpread, rssMb, spread } from '../lib/measure';
import { startBench } from '../lib/report';
import type { TargetId } from '../lib/targets';
import { measureCountingWrites } from './counting-writes';

const VERSIONS = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const bench = startBench('matrix', 'Matrix: traces × 5 eval versions of one agent, SQLite file');
const scratch = scratchDir('matrix');

async function measureAt(size: number, target: TargetId) {
  let recording: RecordedQuery[] | null = null;
  const deps = openBenchDeps(scratch.file(`matrix-${size}.db`), {
    onQuery: (sql, params) => recording?.push({ sql, params }),
  });
  const workspaceId = await insertWorkspace(deps, 'ws_bench_matrix');
  const seedStarted = performance.now();
  const main = await seedInOneTransaction(deps, async () => {
    const seeded = await seedMatrix(deps.db, {
      workspaceId,
      agentId: 'agt_main',
      traces: size,
      versions: VERSIONS,
    });
    await seedMatrix(deps.db, {
      workspaceId,
      agentId: 'agt_noise',
      traces: size,
      versions: VERSIONS,
    });
    return seeded;
  });
  deps.handle.sqlite.exec('ANALYZE');
  const seeded = (performance.now() - seedStarted) / 1000;
  const ctx = createSystemCtx(deps, workspaceId);
  const agentId = main.agentId;
  const k = `${size / 1000}k`;

  /** The baseline: the same page of traces and its cells, by raw prepared indexed SELECTs. */
  const pageRows = deps.handle.sqlite
    .prepare(
      'SELECT id, started_at, label FROM traces WHERE workspace_id = ? AND agent_id = ? ORDER BY started_at DESC, id DESC LIMIT 51',
    )
    .raw();
  const cellsOf = (ids: number) =>
    deps.handle.sqlite
      .prepare(
        `SELECT trace_id, status FROM eval_executions WHERE workspace_id = ? AND eval_id IN (${main.evalIds.map(() => '?').join(', ')}) AND trace_id IN (${Array.from({ length: ids }, () => '?').join(', ')})`,
      )
      .raw();
  const cells = cellsOf(51);
  const plainPage = async () => {
    const rows = pageRows.all(workspaceId, agentId) as [string, number, string | null][];
    const statement = rows.length === 51 ? cells : cellsOf(rows.length);
    return statement.all(workspaceId, ...main.evalIds, ...rows.map((r) => r[0]));
  };
  let cursor = (await getMatrix(ctx, { agentId, limit: 200 })).nextCursor;
  for (let i = 0; i < 24 && cursor; i++) {
    cursor = (await getMatrix(ctx, { agentId, limit: 200, cursor })).nextCursor;
  }
  const scenarios: Record<string, MatrixQuery> = {
    'first page': { agentId },
    'only disagreements': { agentId, onlyDisagreements: true },
    '2 versions': { agentId, evalIds: [main.evalIds[1] ?? '', main.evalIds[3] ?? ''] },
    'negatives, disagreements': { agentId, label: 'negative', onlyDisagreements: true },
    'deep page (5,000 rows in)': { agentId, cursor: cursor ?? undefined },
  };
  const variants: Record<string, () => Promise<unknown>> = { baseline: plainPage };
  for (const [name, query] of Object.entries(scenarios)) {
    variants[name] = () => getMatrix(ctx, query);
  }
  variants['metrics: one version'] = () => getEvalAgreement(ctx, main.evalIds[0] ?? '');
  const latency = await latencyByRound(variants, { rounds: ROUNDS, calls: 40 });
  const base = latency.baseline as { p50: number[]; p95: number[] };
  bench.figure({
    name: `${k}: baseline, raw prepared indexed page reads, p95`,
    unit: 'ms',
    value: spread(base.p95),
  });
  for (const name of Object.keys(variants).filter((n) => n !== 'baseline')) {
    const l = latency[name] as { p50: number[]; p95: number[] };
    bench.figure({
      name: `${k}: ${name}, p95`,
      unit: 'ms',
      value: spread(l.p95),
      ratio: { of: 'baseline p95', value: ratioSpread(base.p95, l.p95) },
      ...(name === 'first page' ? { target } : {}),
    });
  }
  bench.figure({
    name: `${k}: process RSS after the runs (one reading)`,
    unit: 'MB',
    value: spread([rssMb()]),
  });

  recording = [];
  await getMatrix(ctx, scenarios['first page'] as MatrixQuery);
  const plans = explainQueries(deps.handle.sqlite, recording);
  recording = null;
  const scans = plans.reduce((n, q) => n + q.fullScans.length, 0);
  bench.note(
    `${k}: seeded 2 agents × ${size.toLocaleString()} traces × ${VERSIONS} versions in ${seeded.toFixed(0)} s; the first page runs ${plans.length} statements, ${scans === 0 ? 'no full table scan' : `${scans} FULL SCANS`}: ${plans.map((q) => q.plan.join('; ')).join(' | ')}`,
  );
  deps.close();
}

await measureAt(10_000, 'matrix-10k');
if (bench.scale) {
  await measureAt(100_000, 'matrix-100k');
}
await measureCountingWrites(bench, scratch, ROUNDS);
bench.note(
  'Ratios are baseline p95 / variant p95 per round (100% = as fast as the plain reads of the rows shown).',
);
scratch.remove();
bench.done();
