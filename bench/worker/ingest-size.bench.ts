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
import { ratioSpread, spread, timeMs } from '../lib/measure';
import { startBench } from '../lib/report';

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
const bench = startBench(
  'worker-ingest-size',
  'OTLP ingest request size: the Worker bundle in workerd (local D1) against the Node app',
);

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
  const size = `${spans.toLocaleString('en')} spans (${(bytes / 1e6).toFixed(2)} MB)`;
  const refused = spans > MAX_SPANS ? ', refused 413' : '';
  bench.figure({ name: `${size}: Node app, wall`, unit: 'ms', value: spread(onNode) });
  bench.figure({
    name: `${size}: workerd, wall${refused}`,
    unit: 'ms',
    value: spread(worker),
    ratio: { of: 'the Node app (Node wall / workerd wall)', value: ratioSpread(onNode, worker) },
  });
  bench.figure({ name: `${size}: workerd process CPU${refused}`, unit: 'ms', value: spread(cpu) });
}
bench.note(
  `workerd CPU is the workerd processes' user + system time from /proc (10 ms ticks), local D1 included; the Worker's span cap is ${MAX_SPANS.toLocaleString('en')}, so a larger request is timed to its 413.`,
);
bench.done();
await mf.dispose();
node.close();
