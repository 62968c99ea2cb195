/**
 * The trace list in a real SQLite file: a workspace of 100,000 traces (1,000,000 with `--scale`)
 * over 10 agents, beside 5 workspaces of noise. First and deep page (50 rows, filtered by agent
 * and label; the deep page is 5,000 matching rows in), in-process (the service) and over the app's
 * HTTP handler, p50 and p95 per round, with the query plans.
 *
 * Every seeded trace has the deterministic summary ingest writes, so the page reads its summary
 * lines as it does for real traces.
 *
 * Why the baseline is a ceiling: it replays every statement the service sends for the page (the
 * page itself and its summary lines, recorded from one call) as raw prepared statements on the
 * driver, returning raw rows: no input validation, no query building, no row mapping, no cursor.
 * The service cannot read the same rows with less work on the same indexes.
 */
import { createApp } from '@/api/app';
import { encodeCursor } from '@/core/cursor';
import { createSystemCtx } from '@/core/system-ctx';
import { agents } from '@/db/schema';
import { explainTraceList } from '@/traces/query/explain-trace-list.node.js';
import { type ListTracesQuery, listTraces } from '@/traces/query/list-traces';
import { seedTraces } from '@/traces/query/seed-traces';
import { createApiKey } from '@/workspaces/create-api-key';
import {
  insertWorkspace,
  openBenchDeps,
  scratchDir,
  seedInOneTransaction,
  toDriverValue,
} from '../lib/bench-deps';
import { latencyByRound, ratioSpread, rssMb, spread } from '../lib/measure';
import { startBench } from '../lib/report';
import type { TargetId } from '../lib/targets';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NOISE = 20_000;
const bench = startBench('trace-list', 'Trace list: filtered pages, SQLite file');
const scratch = scratchDir('trace-list');

async function measureAt(size: number, targets?: { first: TargetId; deep: TargetId }) {
  let recorded: { sql: string; params: unknown[] }[] | null = null;
  const deps = openBenchDeps(scratch.file(`traces-${size}.db`), {
    onQuery: (sql, params) => recorded?.push({ sql, params }),
  });
  const seedStarted = performance.now();
  const workspaceId = 'ws_bench_list';
  const agentIds = Array.from({ length: 10 }, (_, i) => `agt_bench_${i}`);
  await seedInOneTransaction(deps, async () => {
    await insertWorkspace(deps, workspaceId);
    for (const id of agentIds) {
      await deps.db.insert(agents).values({ id, workspaceId, name: id });
    }
    await seedTraces(deps.db, { workspaceId, count: size, agentIds, summaries: true });
    for (let w = 0; w < 5; w++) {
      const noise = await insertWorkspace(deps, `ws_noise_${w}`);
      const noiseAgents = [`agt_noise_${w}_a`, `agt_noise_${w}_b`];
      for (const id of noiseAgents) {
        await deps.db.insert(agents).values({ id, workspaceId: noise, name: id });
      }
      await seedTraces(deps.db, {
        workspaceId: noise,
        count: NOISE,
        agentIds: noiseAgents,
        summaries: true,
      });
    }
  });
  deps.handle.sqlite.exec('ANALYZE');
  const seeded = (performance.now() - seedStarted) / 1000;

  const ctx = createSystemCtx(deps, workspaceId);
  const filter = { agentId: agentIds[3] as string, label: 'negative' as const, limit: 50 };
  let cursor = (await listTraces(ctx, { ...filter, limit: 200 })).nextCursor;
  for (let i = 0; i < 24 && cursor; i++) {
    cursor = (await listTraces(ctx, { ...filter, limit: 200, cursor })).nextCursor;
  }
  const deepCursor = cursor ?? encodeCursor({ at: Date.now(), id: 'x' });
  const sample = await listTraces(ctx, { ...filter, cursor: deepCursor });
  if (sample.data.length !== filter.limit || sample.data.some((t) => t.summary === null)) {
    throw new Error('the deep page should be full, with a summary line on every trace');
  }

  /** Every statement the service sends for `query`, recorded once, replayed raw and prepared. */
  const raw = async (query: ListTracesQuery) => {
    recorded = [];
    await listTraces(ctx, query);
    const statements = recorded.map(({ sql, params }) => ({
      statement: deps.handle.sqlite.prepare(sql).raw(),
      params: params.map(toDriverValue),
    }));
    recorded = null;
    return () => statements.map(({ statement, params }) => statement.all(params));
  };
  const key = await createApiKey(ctx, { name: 'bench', role: 'viewer' });
  const app = createApp(() => deps);
  const headers = { authorization: `Bearer ${key.secretKey}` };
  const url = (extra: string) =>
    `/v1/traces?agentId=${filter.agentId}&label=negative&limit=50${extra}`;
  const http = (extra: string) => async () => (await app.request(url(extra), { headers })).json();

  const latency = await latencyByRound(
    {
      'raw: first page': await raw(filter),
      'raw: deep page': await raw({ ...filter, cursor: deepCursor }),
      'service: first page': () => listTraces(ctx, filter),
      'service: deep page': () => listTraces(ctx, { ...filter, cursor: deepCursor }),
      'HTTP: first page': http(''),
      'HTTP: deep page': http(`&cursor=${deepCursor}`),
    },
    { rounds: ROUNDS, calls: 40 },
  );
  const k = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
  for (const page of ['first', 'deep'] as const) {
    const base = latency[`raw: ${page} page`];
    bench.figure({
      name: `${k}: baseline, the service's statements raw, ${page} page, p95`,
      unit: 'ms',
      value: spread(base.p95),
    });
    for (const via of ['service', 'HTTP'] as const) {
      const l = latency[`${via}: ${page} page`];
      bench.figure({
        name: `${k}: ${via}, ${page} page, p95`,
        unit: 'ms',
        value: spread(l.p95),
        ratio: { of: 'raw statements p95', value: ratioSpread(base.p95, l.p95) },
        ...(via === 'service' && targets ? { target: targets[page] } : {}),
      });
    }
    const service = latency[`service: ${page} page`];
    bench.figure({
      name: `${k}: service, ${page} page, p50 (raw statements p50 ${spread(base.p50).median.toFixed(2)} ms)`,
      unit: 'ms',
      value: spread(service.p50),
      ratio: { of: 'raw statements p50', value: ratioSpread(base.p50, service.p50) },
    });
  }
  const plan = explainTraceList(deps.db, deps.handle.sqlite, workspaceId, {
    ...filter,
    cursor: deepCursor,
  });
  bench.note(
    `${k}: seeded ${size.toLocaleString('en-US')} traces + 5 × ${NOISE.toLocaleString('en-US')} of noise in ${seeded.toFixed(0)} s; deep page plan: ${plan.join('; ')}; process RSS ${rssMb().toFixed(0)} MB`,
  );
  deps.close();
}

await measureAt(100_000);
if (bench.scale) {
  await measureAt(1_000_000, { first: 'trace-list-1m-first', deep: 'trace-list-1m-deep' });
}
bench.note(
  'Ratios are raw-statements p95 / variant p95 per round (100% = as fast as the bare statements).',
);
scratch.remove();
bench.done();
