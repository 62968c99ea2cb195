/**
 * Storage footprint (issue #24): bytes per stored trace against the raw transcript it came from,
 * for the 200 tau-bench conversations and the demo, and import throughput (spans per second of
 * wall time and of this process's CPU time, the latter less shaken by load on a shared machine).
 * The read paths are `read-paths.bench.ts`.
 *
 * Bytes: each dataset is imported into a new SQLite file, the WAL is checkpointed, and the file's
 * page count x page size less that of the same file before the import is the stored size; dbstat
 * gives it per table and index. Raw: the JSONL a user imports (tau-bench without the hidden
 * `info` field, as the bench:quality loader strips it; the demo as `iofold demo --out` writes it).
 *
 * `npx tsx bench/storage/storage.bench.ts` prints the table; `bench/storage/compare.ts` runs it at
 * two commits in alternation and prints the after/before ratios.
 */
import { demoTracesToJsonl, generateDemoTraces } from '@/demo/generate-demo-traces';
import { repeat, spread } from '../lib/measure';
import { startBench } from '../lib/report';
import { importInto, scratch, tauJsonl } from './storage-data';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const D1_BYTES = 10 * 1000 ** 3;
const bench = startBench('storage', 'Storage: bytes per trace and import throughput');

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
  bench.figure({
    name: `${name}: import, spans per CPU second`,
    unit: 'spans/s',
    value: spread(runs.map((r) => r.spans / (r.cpuMs / 1000))),
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

const tau = tauJsonl();
if (tau === null) {
  bench.skip('shared/data/tau-bench is absent');
} else {
  const tauRaw = Buffer.byteLength(tau);
  (await importInto(tau, 'reward')).deps.close(); // warm-up: the first import pays for JIT
  await dataset('tau-bench', tau, tauRaw, 'reward');
  const demo = demoTracesToJsonl(generateDemoTraces());
  await dataset('demo', demo, Buffer.byteLength(demo));
}
scratch.remove();
bench.done();
