/**
 * bench:matrix — the contradiction matrix and per-version metrics for one agent with 10,000
 * traces × 5 eval versions (executions and labels) in a real SQLite file, next to a second agent
 * of the same size (noise). Median and p95 over repeated runs, against a plain indexed SELECT of
 * the same rows measured in the same run; EXPLAIN QUERY PLAN of every statement. Asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { createAesGcmSecrets } from '@/core/aes-gcm-secrets';
import type { Deps } from '@/core/context';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb } from '@/db/client.node.js';
import { evalExecutions, traces, workspaces } from '@/db/schema';
import { getEvalAgreement } from '@/evals/agreement/eval-agreement';
import { explainQueries, type RecordedQuery } from '@/evals/matrix/explain-queries.node.js';
import { getMatrix, type MatrixQuery } from '@/evals/matrix/get-matrix';
import { seedMatrix } from '@/evals/matrix/testing/seed-matrix';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';

const TRACES = Number(process.env.BENCH_TRACES ?? 10_000);
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);

const dir = mkdtempSync(join(tmpdir(), 'iofold-bench-matrix-'));
let recording: RecordedQuery[] | null = null;
const handle = openSqliteDb({
  path: join(dir, 'matrix.db'),
  onQuery: (sql, params) => recording?.push({ sql, params }),
});
const jobEvents = createJobEventBus();
const deps: Deps = {
  db: handle.db,
  queue: createDbJobQueue({ db: handle.db, now: systemClock, newId, jobEvents }),
  jobEvents,
  sandbox: createUnavailableSandbox('bench'),
  secrets: createAesGcmSecrets(crypto.getRandomValues(new Uint8Array(32))),
  log: silentLogger,
  now: systemClock,
  newId,
  version: 'bench',
};

const seedStarted = performance.now();
const workspaceId = 'ws_bench_matrix';
await handle.db.insert(workspaces).values({ id: workspaceId, name: 'bench', slug: workspaceId });
const main = await seedMatrix(handle.db, {
  workspaceId,
  agentId: 'agt_main',
  traces: TRACES,
  versions: VERSIONS,
});
await seedMatrix(handle.db, {
  workspaceId,
  agentId: 'agt_noise',
  traces: TRACES,
  versions: VERSIONS,
});
handle.sqlite.exec('ANALYZE');
console.log(
  `seeded 2 agents × ${TRACES.toLocaleString()} traces × ${VERSIONS} versions (${(2 * TRACES * VERSIONS).toLocaleString()} executions) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s, file ${join(dir, 'matrix.db')}`,
);

const ctx = createSystemCtx(deps, workspaceId);
const agentId = main.agentId;

function stats(samples: number[]) {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95) };
}
async function time(run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) {
    await run(i);
  }
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

/** The baseline: the same page of traces and its cells, by plain indexed SELECTs. */
async function plainPage() {
  const rows = await handle.db
    .select({ id: traces.id, startedAt: traces.startedAt, label: traces.label })
    .from(traces)
    .where(and(eq(traces.workspaceId, workspaceId), eq(traces.agentId, agentId)))
    .orderBy(desc(traces.startedAt), desc(traces.id))
    .limit(51);
  return handle.db
    .select({ traceId: evalExecutions.traceId, status: evalExecutions.status })
    .from(evalExecutions)
    .where(
      and(
        eq(evalExecutions.workspaceId, workspaceId),
        inArray(evalExecutions.evalId, main.evalIds),
        inArray(
          evalExecutions.traceId,
          rows.map((r) => r.id),
        ),
      ),
    );
}

const deep = await getMatrix(ctx, { agentId, limit: 200 });
let cursor = deep.nextCursor;
for (let i = 0; i < 24 && cursor; i++) {
  cursor = (await getMatrix(ctx, { agentId, limit: 200, cursor })).nextCursor;
}
const scenarios: [string, MatrixQuery][] = [
  ['matrix: first page', { agentId }],
  ['matrix: only disagreements', { agentId, onlyDisagreements: true }],
  ['matrix: 2 versions', { agentId, evalIds: [main.evalIds[1] ?? '', main.evalIds[3] ?? ''] }],
  ['matrix: negatives, disagreements', { agentId, label: 'negative', onlyDisagreements: true }],
  ['matrix: deep page (5,000 rows in)', { agentId, cursor: cursor ?? undefined }],
];

const baseline = await time(plainPage);
const results: [string, { median: number; p95: number }][] = [
  ['baseline: plain page SELECTs', baseline],
];
for (const [name, query] of scenarios) {
  results.push([name, await time(() => getMatrix(ctx, query))]);
}
results.push([
  'metrics: one version (agreement + CIs)',
  await time((i) => getEvalAgreement(ctx, main.evalIds[i % main.evalIds.length] ?? '')),
]);

const ms = (n: number) => `${n.toFixed(2)} ms`;
console.log(`\nmatrix and metrics, ${RUNS} runs each (target p95 < 100 ms)`);
for (const [name, s] of results) {
  console.log(
    `  ${name.padEnd(40)} median ${ms(s.median).padStart(10)}   p95 ${ms(s.p95).padStart(10)}   ${(s.median / baseline.median).toFixed(1).padStart(6)}× baseline`,
  );
}

console.log('\nEXPLAIN QUERY PLAN (every statement of one call)');
const explained: [string, () => Promise<unknown>][] = [
  ...scenarios.map(([name, query]): [string, () => Promise<unknown>] => [
    name,
    () => getMatrix(ctx, query),
  ]),
  ['metrics: one version', () => getEvalAgreement(ctx, main.evalIds[0] ?? '')],
];
let scans = 0;
for (const [name, run] of explained) {
  recording = [];
  await run();
  const queries = recording;
  recording = null;
  console.log(`  ${name}`);
  for (const [i, q] of explainQueries(handle.sqlite, queries).entries()) {
    scans += q.fullScans.length;
    console.log(
      `    #${i + 1} ${q.sql.slice(0, 90).replace(/\s+/g, ' ')}…${q.fullScans.length ? '  (FULL SCAN!)' : ''}`,
    );
    for (const line of q.plan) {
      console.log(`        ${line}`);
    }
  }
}
console.log(`\n${scans === 0 ? 'no full table scans' : `${scans} full table scans`}`);
handle.close();
rmSync(dir, { recursive: true, force: true });
