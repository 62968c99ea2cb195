/**
 * bench:api — the trace list on a workspace with 100,000 traces (plus 5 workspaces of noise):
 * first and deep page (50 rows, filtered by agent and label), median and p95, query plans.
 * Prints figures; asserts nothing.
 */
import { createApp } from '@/api/app';
import { createAesGcmSecrets } from '@/core/aes-gcm-secrets';
import type { Deps } from '@/core/context';
import { encodeCursor } from '@/core/cursor';
import { newId, systemClock } from '@/core/ids';
import { silentLogger } from '@/core/logger';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createSystemCtx } from '@/core/system-ctx';
import { openSqliteDb } from '@/db/client.node.js';
import { agents, workspaces } from '@/db/schema';
import { createDbJobQueue } from '@/jobs/create-db-job-queue';
import { createJobEventBus } from '@/jobs/create-job-event-bus';
import { explainTraceList } from '@/traces/query/explain-trace-list.node.js';
import { listTraces } from '@/traces/query/list-traces';
import { seedTraces } from '@/traces/query/seed-traces';
import { createApiKey } from '@/workspaces/create-api-key';

const MAIN = Number(process.env.BENCH_TRACES ?? 100_000);
const NOISE = Number(process.env.BENCH_NOISE ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

const handle = openSqliteDb({ path: ':memory:' });
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

async function createWorkspace(name: string) {
  const id = newId('ws');
  await handle.db.insert(workspaces).values({ id, name, slug: id });
  return { id };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95) };
}
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function time(run: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) {
    await run();
  }
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

const seedStarted = performance.now();
const main = await createWorkspace('bench');
const agentIds: string[] = [];
for (let i = 0; i < 10; i++) {
  const id = `agt_bench_${i}`;
  await handle.db.insert(agents).values({ id, workspaceId: main.id, name: `agent ${i}` });
  agentIds.push(id);
}
await seedTraces(handle.db, { workspaceId: main.id, count: MAIN, agentIds });
for (let w = 0; w < 5; w++) {
  const noise = await createWorkspace(`noise ${w}`);
  const noiseAgents = [`agt_noise_${w}_a`, `agt_noise_${w}_b`];
  for (const id of noiseAgents) {
    await handle.db.insert(agents).values({ id, workspaceId: noise.id, name: id });
  }
  await seedTraces(handle.db, { workspaceId: noise.id, count: NOISE, agentIds: noiseAgents });
}
handle.sqlite.exec('ANALYZE');
console.log(
  `seeded ${MAIN.toLocaleString()} traces + 5 × ${NOISE.toLocaleString()} noise in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
);

const ctx = createSystemCtx(deps, main.id);
const agentId = agentIds[3] ?? '';
const filter = { agentId, label: 'negative' as const, limit: 50 };
// Deep page: the cursor of the row 5,000 matches into the filtered list (page 101).
const all = await listTraces(ctx, { ...filter, limit: 200 });
let cursor = all.nextCursor;
for (let i = 0; i < 24 && cursor; i++) {
  cursor = (await listTraces(ctx, { ...filter, limit: 200, cursor })).nextCursor;
}
const deepCursor = cursor ?? encodeCursor({ at: Date.now(), id: 'x' });

const key = await createApiKey(ctx, { name: 'bench', role: 'viewer' });
const app = createApp(() => deps);
const headers = { authorization: `Bearer ${key.secretKey}` };
const url = (extra: string) => `/v1/traces?agentId=${agentId}&label=negative&limit=50${extra}`;

const rows: [string, { median: number; p95: number }][] = [
  ['service: first page', await time(() => listTraces(ctx, filter))],
  [
    'service: deep page (~5,000 rows in)',
    await time(() => listTraces(ctx, { ...filter, cursor: deepCursor })),
  ],
  [
    'HTTP:    first page',
    await time(() => Promise.resolve(app.request(url(''), { headers })).then((r) => r.json())),
  ],
  [
    'HTTP:    deep page',
    await time(() =>
      Promise.resolve(app.request(url(`&cursor=${deepCursor}`), { headers })).then((r) => r.json()),
    ),
  ],
  ['service: unfiltered first page', await time(() => listTraces(ctx, { limit: 50 }))],
  [
    'service: unlabelled, text search',
    await time(() => listTraces(ctx, { labelled: false, q: 'refunds', limit: 50 })),
  ],
];
console.log(`\ntrace list, ${RUNS} runs each (target p95 < 25 ms)`);
for (const [name, s] of rows) {
  console.log(
    `  ${name.padEnd(36)} median ${ms(s.median).padStart(10)}   p95 ${ms(s.p95).padStart(10)}`,
  );
}

console.log('\nEXPLAIN QUERY PLAN');
for (const [name, query] of [
  ['agent + label, deep page', { ...filter, cursor: deepCursor }],
  ['unfiltered', { limit: 50 }],
  ['has errors', { hasErrors: true, limit: 50 }],
  ['unlabelled + text', { labelled: false, q: 'refunds', limit: 50 }],
] as const) {
  const plan = explainTraceList(handle.db, handle.sqlite, main.id, query);
  const fullScan = plan.some((line) => /^SCAN traces\b(?! USING)/.test(line.trim()));
  console.log(`  ${name}${fullScan ? '  (FULL SCAN!)' : ''}`);
  for (const line of plan) {
    console.log(`    ${line}`);
  }
}
handle.close();
