/**
 * Storage footprint (issue #24): bytes per stored trace against the raw transcript it came from,
 * for the 200 tau-bench conversations and the demo, with the read and write paths that storage
 * choices can slow down: import throughput (spans/s), trace detail p95 (getTrace, the API's
 * service) and eval-run throughput (runEvalVersion over every trace, the sandbox replaced by a
 * JSON round trip of the views it is sent, so the figure is the database and wire side only).
 *
 * Bytes: each dataset is imported into a new SQLite file, the WAL is checkpointed, and the file's
 * page count x page size less that of the same file before the import is the stored size; dbstat
 * gives it per table and index. Raw: the JSONL a user imports (tau-bench without the hidden
 * `info` field, as the bench:quality loader strips it; the demo as `iofold demo --out` writes it).
 *
 * `npx tsx bench/storage/storage.bench.ts` prints the table; `bench/storage/compare.ts` runs it at
 * two commits in alternation and prints the after/before ratios.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Deps } from '@/core/context';
import type { Sandbox } from '@/core/ports/sandbox';
import { createSystemCtx } from '@/core/system-ctx';
import { evals } from '@/db/schema';
import { demoTracesToJsonl, generateDemoTraces } from '@/demo/generate-demo-traces';
import { runEvalVersion } from '@/evals/runs/run-eval-version';
import { importTraces } from '@/traces/import/import-traces';
import { getTrace } from '@/traces/query/get-trace';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { latencyRounds, repeat, spread, timeMs } from '../lib/measure';
import { startBench } from '../lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const D1_BYTES = 10 * 1000 ** 3;
const bench = startBench('storage', 'Storage: bytes per trace and the paths that read them');
const scratch = scratchDir('storage');
const WORKSPACE = 'ws_bench';

function tauJsonl(): string | null {
  const shared = ['../shared', '../../shared', '/work/shared']
    .map((p) => resolve(process.cwd(), p))
    .concat(process.env.IOFOLD_SHARED ? [process.env.IOFOLD_SHARED] : [])
    .find((p) => existsSync(join(p, 'data/tau-bench/gpt-4o-airline.json')));
  if (!shared) {
    return null;
  }
  const records = JSON.parse(
    readFileSync(join(shared, 'data/tau-bench/gpt-4o-airline.json'), 'utf8'),
  ) as Record<string, unknown>[];
  return records.map(({ info: _hidden, ...r }) => `${JSON.stringify(r)}\n`).join('');
}

type Opened = Deps & { handle: ReturnType<typeof openBenchDeps>['handle']; close(): void };
let files = 0;

function fileBytes(deps: Opened): number {
  const sqlite = deps.handle.sqlite;
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const pages = sqlite.pragma('page_count', { simple: true }) as number;
  const size = sqlite.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

function bytesByTable(deps: Opened): Map<string, number> {
  const rows = deps.handle.sqlite
    .prepare('select name, sum(pgsize) as bytes from dbstat group by name')
    .all() as { name: string; bytes: number }[];
  return new Map(rows.map((r) => [r.name, r.bytes]));
}

/** Bytes of the payload columns, summed over rows (what the pages above are made of). */
function payloadBytes(deps: Opened): string {
  const sum = (table: string, column: string) =>
    (
      deps.handle.sqlite
        .prepare(`select coalesce(sum(length(cast(${column} as blob))), 0) as n from ${table}`)
        .get() as { n: number }
    ).n;
  const columns: [string, string][] = [
    ['traces', 'eval_view'],
    ['spans', 'attributes'],
    ['spans', 'input'],
    ['spans', 'output'],
    ['spans', 'events'],
  ];
  return columns.map(([t, c]) => `${t}.${c} ${(sum(t, c) / 1e6).toFixed(2)}`).join(', ');
}

/** Imports `jsonl` into a new file; stored bytes (after a checkpoint) and import spans/s. */
async function importInto(jsonl: string, labelField?: string) {
  const deps = openBenchDeps(scratch.file(`storage-${files++}.db`)) as Opened;
  await insertWorkspace(deps, WORKSPACE);
  const emptyBytes = fileBytes(deps);
  const emptyTables = bytesByTable(deps);
  const ctx = createSystemCtx(deps, WORKSPACE);
  let stored = 0;
  const ms = await timeMs(async () => {
    const result = await importTraces(ctx, new Blob([jsonl]).stream(), { labelField });
    stored = result.tracesStored;
  });
  const spans = deps.handle.sqlite.prepare('select count(*) as n from spans').get() as {
    n: number;
  };
  const bytes = fileBytes(deps) - emptyBytes;
  const tables = bytesByTable(deps);
  for (const [name, b] of emptyTables) {
    tables.set(name, (tables.get(name) ?? 0) - b);
  }
  return {
    deps,
    ctx,
    traces: stored,
    spans: spans.n,
    ms,
    bytes,
    tables,
    columns: payloadBytes(deps),
  };
}

/** A sandbox that sends the views over a JSON round trip (as the wire does) and passes each. */
const echoSandbox: Sandbox = {
  check: async () => ({ ok: true, functionName: 'eval_bench' }),
  runEval: async (input) => {
    const sent = JSON.parse(JSON.stringify(input.traces)) as { trace_id: string }[];
    return {
      ok: true,
      outcomes: sent.map((t) => ({
        traceId: t.trace_id,
        ok: true,
        passed: true,
        reason: 'ok',
        durationMs: 0,
        output: '',
      })),
    };
  },
  status: async () => ({ kind: 'echo', available: true, layers: [] }),
  close: async () => {},
};

async function dataset(name: string, jsonl: string, rawBytes: number, labelField?: string) {
  const runs = await repeat(ROUNDS, async () => {
    const run = await importInto(jsonl, labelField);
    run.deps.close();
    return run;
  });
  const last = runs.at(-1) as (typeof runs)[number];
  const perTrace = last.bytes / last.traces;
  bench.figure({
    name: `${name}: stored bytes per trace`,
    unit: 'bytes',
    value: spread(runs.map((r) => r.bytes / r.traces)),
    note: `raw ${Math.round(rawBytes / last.traces)} bytes per trace`,
  });
  bench.figure({
    name: `${name}: stored / raw JSONL`,
    unit: 'x',
    value: spread(runs.map((r) => r.bytes / rawBytes)),
  });
  bench.figure({
    name: `${name}: import throughput`,
    unit: 'spans/s',
    value: spread(runs.map((r) => r.spans / (r.ms / 1000))),
  });
  bench.note(
    `${name}: ${last.traces} traces, ${last.spans} spans, raw ${(rawBytes / 1e6).toFixed(2)} MB, stored ${(last.bytes / 1e6).toFixed(2)} MB; one 10 GB D1 holds ${Math.floor(D1_BYTES / perTrace).toLocaleString('en')} such traces. By table and index (MB): ${[
      ...last.tables,
    ]
      .filter(([, b]) => b > 10_000)
      .sort((a, b) => b[1] - a[1])
      .map(([t, b]) => `${t} ${(b / 1e6).toFixed(2)}`)
      .join(', ')}. Payload columns (MB): ${last.columns}`,
  );
  return last;
}

async function readPaths(name: string, jsonl: string) {
  const run = await importInto(jsonl, 'reward');
  const deps = { ...run.deps, sandbox: echoSandbox };
  const ctx = createSystemCtx(deps, WORKSPACE);
  const ids = (
    deps.handle.sqlite.prepare('select id from traces order by id').all() as { id: string }[]
  ).map((r) => r.id);
  const detail = await latencyRounds((i) => getTrace(ctx, { id: ids[i % ids.length] as string }), {
    rounds: ROUNDS,
    calls: 100,
    warmup: 20,
  });
  bench.figure({ name: `${name}: trace detail (getTrace), p95`, unit: 'ms', value: detail.p95 });
  bench.figure({ name: `${name}: trace detail (getTrace), p50`, unit: 'ms', value: detail.p50 });
  const agent = deps.handle.sqlite
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
  const rates = await repeat(ROUNDS + 1, async () => {
    let total = 0;
    const ms = await timeMs(async () => {
      total = (await runEvalVersion(ctx, { evalId: 'ev_bench' })).total;
    });
    return total / (ms / 1000);
  });
  bench.figure({
    name: `${name}: eval run (runEvalVersion, echo sandbox)`,
    unit: 'traces/s',
    value: spread(rates.slice(1)),
  });
  run.deps.close();
}

const tau = tauJsonl();
if (tau === null) {
  bench.skip('shared/data/tau-bench is absent');
} else {
  const tauRaw = Buffer.byteLength(tau);
  (await importInto(tau, 'reward')).deps.close(); // warm-up: the first import pays for JIT
  await dataset('tau-bench', tau, tauRaw, 'reward');
  const demo = demoTracesToJsonl(generateDemoTraces());
  await dataset('demo', demo, Buffer.byteLength(demo));
  await readPaths('tau-bench', tau);
}
scratch.remove();
bench.done();
