/**
 * The trace list in a real SQLite file: a workspace of 100,000 traces (1,000,000 with `--scale`)
 * over 10 agents, beside 5 workspaces of noise. First and deep page (50 rows, filtered by agent
 * and label; the deep page is 5,000 matching rows in), in-process (the service) and over the app's
 * HTTP handler, p50 and p95 per round, with the query plans.
 *
 * Why the baseline is a ceiling: it runs the very SQL the service sends (the same WHERE, ORDER BY
 * and LIMIT, built once) as a raw prepared statement on the driver, returning raw rows: no input
 * validation, no query building, no row mapping, no cursor. The service cannot read the same page
 * with less work on the same index.
 */
import { desc } from 'drizzle-orm';
import { createApp } from '@/api/app';
import { encodeCursor } from '@/core/cursor';
import { createSystemCtx } from '@/core/system-ctx';
import { agents, traces } from '@/db/schema';
import { explainTraceList } from '@/traces/query/explain-trace-list.node.js';
import { ListTracesQuery, listTraces, traceListWhere } from '@/traces/query/list-traces';
import { seedTraces } from '@/traces/query/seed-traces';
import { traceSummaryColumns } from '@/traces/query/trace-summary-view';
import { createApiKey } from '@/workspaces/create-api-key';
import { insertWorkspace, openBenchDeps, scratchDir, toDriverValue } from '../lib/bench-deps';
import { latencyByRound, ratioSpread, rssMb, spread } from '../lib/measure';
import { startBench } from '../lib/report';
import type { TargetId } from '../lib/targets';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NOISE = 20_000;
const bench = startBench('trace-list', 'Trace list: filtered pages, SQLite file');
const scratch = scratchDir('trace-list');

async function measureAt(size: number, targets?: { first: TargetId; deep: TargetId }) {
  const deps = openBenchDeps(scratch.file(`traces-${size}.db`));
  const seedStarted = performance.now();
  const workspaceId = await insertWorkspace(deps, 'ws_bench_list');
  const agentIds = Array.from({ length: 10 }, (_, i) => `agt_bench_${i}`);
  for (const id of agentIds) {
    await deps.db.insert(agents).values({ id, workspaceId, name: id });
  }
  await seedTraces(deps.db, { workspaceId, count: size, agentIds });
  for (let w = 0; w < 5; w++) {
    const noise = await insertWorkspace(deps, `ws_noise_${w}`);
    const noiseAgents = [`agt_noise_${w}_a`, `agt_noise_${w}_b`];
    for (const id of noiseAgents) {
      await deps.db.insert(agents).values({ id, workspaceId: noise, name: id });
    }
    await seedTraces(deps.db, { workspaceId: noise, count: NOISE, agentIds: noiseAgents });
  }
  deps.handle.sqlite.exec('ANALYZE');
  const seeded = (performance.now() - seedStarted) / 1000;

  const ctx = createSystemCtx(deps, workspaceId);
  const filter = { agentId: agentIds[3] as string, label: 'negative' as const, limit: 50 };
  let cursor = (await listTraces(ctx, { ...filter, limit: 200 })).nextCursor;
  for (let i = 0; i < 24 && cursor; i++) {
    cursor = (await listTraces(ctx, { ...filter, limit: 200, cursor })).nextCursor;
  }
  const deepCursor = cursor ?? encodeCursor({ at: Date.now(), id: 'x' });

  /** The service's own SQL for `query`, prepared once on the driver. */
  const raw = (query: Parameters<typeof ListTracesQuery.parse>[0]) => {
    const parsed = ListTracesQuery.parse(query);
    const built = deps.db
      .select(traceSummaryColumns)
      .from(traces)
      .where(traceListWhere(ctx, parsed))
      .orderBy(desc(traces.startedAt), desc(traces.id))
      .limit(parsed.limit + 1)
      .toSQL();
    const statement = deps.handle.sqlite.prepare(built.sql).raw();
    const params = built.params.map(toDriverValue);
    return () => statement.all(params);
  };
  const key = await createApiKey(ctx, { name: 'bench', role: 'viewer' });
  const app = createApp(() => deps);
  const headers = { authorization: `Bearer ${key.secretKey}` };
  const url = (extra: string) =>
    `/v1/traces?agentId=${filter.agentId}&label=negative&limit=50${extra}`;
  const http = (extra: string) => async () => (await app.request(url(extra), { headers })).json();

  const latency = await latencyByRound(
    {
      'raw: first page': raw(filter),
      'raw: deep page': raw({ ...filter, cursor: deepCursor }),
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
      name: `${k}: baseline, the service's SQL raw, ${page} page, p95`,
      unit: 'ms',
      value: spread(base.p95),
    });
    for (const via of ['service', 'HTTP'] as const) {
      const l = latency[`${via}: ${page} page`];
      bench.figure({
        name: `${k}: ${via}, ${page} page, p95`,
        unit: 'ms',
        value: spread(l.p95),
        ratio: { of: 'raw SQL p95', value: ratioSpread(base.p95, l.p95) },
        ...(via === 'service' && targets ? { target: targets[page] } : {}),
      });
    }
    const service = latency[`service: ${page} page`];
    bench.figure({
      name: `${k}: service, ${page} page, p50 (raw SQL p50 ${spread(base.p50).median.toFixed(2)} ms)`,
      unit: 'ms',
      value: spread(service.p50),
      ratio: { of: 'raw SQL p50', value: ratioSpread(base.p50, service.p50) },
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
  'Ratios are raw-SQL p95 / variant p95 per round (100% = as fast as the bare statement).',
);
scratch.remove();
bench.done();
