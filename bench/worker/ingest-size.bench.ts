/**
 * How long one OTLP ingest request of 100, 1,000 and 10,000 spans takes inside workerd (the Worker
 * bundle in Miniflare with a local D1), against the same request on the Node app in the same run.
 * workerd freezes its clocks while code runs, so CPU time cannot be read inside the Worker: this is
 * wall time from outside, which also counts the local D1 writes, so it is an upper bound on CPU.
 */
import { Miniflare } from 'miniflare';
import { createTestApi } from '@/api/testing';
import { bundleWorker, migrateD1, seedOwnerKey } from '../../tests/helpers/workerd';
import { otlpRequest } from '../ingest/otlp-bodies';
import { spread, timeMs } from '../lib/measure';

const RUNS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = [100, 1_000, 10_000];

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
});
const d1 = await migrateD1(mf);
const key = await seedOwnerKey(d1, 'ws_bench');
const node = await createTestApi();
const headers = { 'content-type': 'application/json' };

console.log(
  '| spans | body MB | workerd median ms (min-max) | Node app median ms | workerd / Node |',
);
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const spans of SIZES) {
  const worker: number[] = [];
  const onNode: number[] = [];
  let bytes = 0;
  for (let round = 0; round < RUNS; round++) {
    const body = bodyOf(spans, round);
    bytes = body.length;
    worker.push(
      await timeMs(async () => {
        const response = await mf.dispatchFetch('http://iofold.test/v1/traces', {
          method: 'POST',
          headers: { ...headers, authorization: `Bearer ${key}` },
          body,
        });
        if (response.status !== 200) {
          throw new Error(`workerd answered ${response.status}: ${await response.text()}`);
        }
      }),
    );
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
  const n = spread(onNode);
  console.log(
    `| ${spans} | ${(bytes / 1e6).toFixed(2)} | ${w.median.toFixed(0)} (${w.min.toFixed(0)}-${w.max.toFixed(0)}) | ${n.median.toFixed(0)} | ${(w.median / n.median).toFixed(2)} |`,
  );
}
await mf.dispose();
node.close();
