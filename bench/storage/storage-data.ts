/**
 * What the storage benchmarks share (issue #24): the tau-bench JSONL, an import into a new SQLite
 * file measured after a WAL checkpoint (bytes, per table and index, per payload column; wall and
 * CPU time), and a sandbox that only sends the views over a JSON round trip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Deps } from '@/core/context';
import type { Sandbox } from '@/core/ports/sandbox';
import { createSystemCtx } from '@/core/system-ctx';
import { importTraces } from '@/traces/import/import-traces';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { timeMs } from '../lib/measure';

export const scratch = scratchDir('storage');
export const WORKSPACE = 'ws_bench';

export function tauJsonl(): string | null {
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
    ['traces', 'metadata'],
    ['trace_summaries', 'body'],
    ['trace_summaries', 'text'],
    ['system_prompts', 'content'],
  ];
  return columns.map(([t, c]) => `${t}.${c} ${(sum(t, c) / 1e6).toFixed(2)}`).join(', ');
}

/** Imports `jsonl` into a new file; stored bytes (after a checkpoint) and import spans/s. */
export async function importInto(jsonl: string, labelField?: string) {
  const deps = openBenchDeps(scratch.file(`storage-${files++}.db`)) as Opened;
  await insertWorkspace(deps, WORKSPACE);
  const emptyBytes = fileBytes(deps);
  const emptyTables = bytesByTable(deps);
  const ctx = createSystemCtx(deps, WORKSPACE);
  let stored = 0;
  const cpu = process.cpuUsage();
  const ms = await timeMs(async () => {
    const result = await importTraces(ctx, new Blob([jsonl]).stream(), { labelField });
    stored = result.tracesStored;
  });
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  // spans of the imported traces (chat transcripts store none as rows since issue #24)
  const spans = deps.handle.sqlite
    .prepare('select coalesce(sum(span_count), 0) as n from traces')
    .get() as { n: number };
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
    cpuMs,
    bytes,
    tables,
    columns: payloadBytes(deps),
  };
}

/** A sandbox that sends the views over a JSON round trip (as the wire does) and passes each. */
export const echoSandbox: Sandbox = {
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
