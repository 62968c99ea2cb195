/**
 * How long one OTLP ingest request of 100, 1,000, 5,000 and 10,000 spans takes inside workerd (the Worker
 * bundle in Miniflare with a local D1), against the same request on the Node app in the same run.
 * workerd freezes its clocks while code runs, so CPU time cannot be read inside the Worker: this
 * reads the workerd process's CPU time (user + system, /proc, 10 ms ticks) around each request,
 * which also counts the local D1 (SQLite in the same process), and the wall time from outside.
 * A request over the Worker's span cap must be answered 413, and its row then times the refusal
 * (the 10,000-span figures in docs/deploy-cloudflare.md were taken on a Worker without the cap).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { createTestApi } from '@/api/testing';
import { bundleWorker, migrateD1, seedOwnerKey } from '../../tests/helpers/workerd';
import { otlpRequest } from '../ingest/otlp-bodies';
import { spread, timeMs } from '../lib/measure';

const RUNS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = [100, 1_000, 5_000, 10_000];
// The Worker host's cap (src/hosts/worker.ts): a larger request is answered 413 at once.
const MAX_SPANS = Number(process.env.BENCH_WORKER_MAX_SPANS ?? 5_000);

/** CPU milliseconds used so far by the workerd processes this process started. */
function workerdCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      if (
        stat.slice(stat.indexOf('(') + 1, close) === 'workerd' &&
        Number(fields[1]) === process.pid
      ) {
        ticks += Number(fields[11]) + Number(fields[12]);
      }
    } catch {
      // the process ended between the listing and the read
    }
  }
  return ticks * 10;
}

/** A request of `spans` spans (1,000 per generated request; fewer are cut at a trace boundary). */
function bodyOf(spans: number, round: number): string {
  const parts = Array.from({ length: Math.ceil(spans / 1000) }, (_, i) =>
    otlpRequest(round * 100 + i + 1 + spans),
  );
  const all = parts.flatMap((p) => p.resourceSpans[0]?.scopeSpans[0]?.spans ?? []).slice(0, spans);
  const first = parts[0];
  const resource = first?.resourceSpans[0]?.resource;
  return JSON.stringify({
    resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'bench' }, spans: all }] }],
  });
}

const mf = new Miniflare({
  modules: true,
  script: await bundleWorker(),
  compatibilityDate: '2026-04-01',
  d1Databases: ['DB'],
  // ingest enqueues its follow-up jobs: without a JOBS binding the Worker answers 503
  queueProducers: { JOBS: 'iofold-jobs' },
});
const d1 = await migrateD1(mf);
const key = await seedOwnerKey(d1, 'ws_bench');
const node = await createTestApi();
const headers = { 'content-type': 'application/json' };

console.log(
  '| spans | body MB | workerd CPU median ms (min-max) | workerd wall median ms (min-max) | Node app median ms | workerd wall / Node |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const spans of SIZES) {
  const worker: number[] = [];
  const cpu: number[] = [];
  const onNode: number[] = [];
  let bytes = 0;
  for (let round = 0; round < RUNS; round++) {
    const body = bodyOf(spans, round);
    bytes = body.length;
    const cpuBefore = workerdCpuMs();
    worker.push(
      await timeMs(async () => {
        const response = await mf.dispatchFetch('http://iofold.test/v1/traces', {
          method: 'POST',
          headers: { ...headers, authorization: `Bearer ${key}` },
          body,
        });
        const expected = spans > MAX_SPANS ? 413 : 200;
        if (response.status !== expected) {
          throw new Error(`workerd answered ${response.status}: ${await response.text()}`);
        }
      }),
    );
    cpu.push(workerdCpuMs() - cpuBefore);
    onNode.push(
      await timeMs(async () => {
        const response = await node.request('/v1/traces', { method: 'POST', headers, body });
        if (response.status !== 200) {
          throw new Error(`Node answered ${response.status}`);
        }
      }),
    );
  }
  const w = spread(worker);
  const c = spread(cpu);
  const n = spread(onNode);
  console.log(
    `| ${spans} | ${(bytes / 1e6).toFixed(2)} | ${c.median.toFixed(0)} (${c.min.toFixed(0)}-${c.max.toFixed(0)}) | ${w.median.toFixed(0)} (${w.min.toFixed(0)}-${w.max.toFixed(0)}) | ${n.median.toFixed(0)} | ${(w.median / n.median).toFixed(2)} |`,
  );
}
await mf.dispose();
node.close();
