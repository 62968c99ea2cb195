/**
 * bench:ingest oversized line (issue #16, point 7) — a 60 MB one-line import streamed to
 * `POST /api/traces/import` over real HTTP in 1 MiB chunks: the time until the 413 answer and the
 * server process's peak resident memory above its idle reading. Targets (absolute, from the
 * issue): under 2 s, under 200 MB above idle.
 *
 * Baseline: the same server's RSS read just before each request, after a warm-up refusal (memory
 * is reported above it). The client sends one reused 1 MiB chunk, so the line is never held by the sender.
 */
import { startIngestTestServer } from '../../tests/helpers/ingest-test-server';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';
import { repeat, rssMb, spread } from '../lib/measure';
import { startBench } from '../lib/report';

const RUNS = Number(process.env.BENCH_ROUNDS ?? 5);
const LINE_MB = 60;
const CHUNK = 1024 * 1024;
const bench = startBench('ingest-oversized-line', `A ${LINE_MB} MB one-line import, refused`);
const scratch = scratchDir('ingest-line');
const deps = openBenchDeps(scratch.file('line.db'));
const workspaceId = await insertWorkspace(deps);
const server = await startIngestTestServer(deps, workspaceId);
const filler = new Uint8Array(CHUNK).fill(0x78); // 'x'
const head = new TextEncoder().encode('{"messages":[{"role":"user","content":"');

async function refuseOnce() {
  globalThis.gc?.();
  const idle = rssMb();
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 10);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(head);
      }
      if (sent >= LINE_MB * CHUNK) {
        controller.close();
        return;
      }
      controller.enqueue(filler.slice());
      sent += CHUNK;
    },
  });
  const started = performance.now();
  const res = await fetch(`${server.url}/api/traces/import?async=0`, {
    method: 'POST',
    headers: { authorization: server.bearer, 'content-type': 'application/x-ndjson' },
    body,
    duplex: 'half',
  } as RequestInit);
  await res.arrayBuffer();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb());
  if (res.status !== 413) {
    throw new Error(`expected 413, got ${res.status}`);
  }
  return { ms, aboveIdle: peak - idle, sentMb: sent / CHUNK };
}

await refuseOnce(); // warm-up: module loading and JIT
const runs = await repeat(RUNS, refuseOnce);
bench.figure({
  name: `${LINE_MB} MB line: time to the 413 (target < 2 s)`,
  unit: 'ms',
  value: spread(runs.map((r) => r.ms)),
});
bench.figure({
  name: 'server process peak RSS above idle (target < 200 MB)',
  unit: 'MB',
  value: spread(runs.map((r) => r.aboveIdle)),
});
bench.note(
  `The server refuses the line once it passes 20 MiB; the client's stream had handed ${spread(runs.map((r) => r.sentMb)).median} MiB to the socket when the answer arrived. Client and server share this process (RSS sampled every 10 ms); the client holds one 1 MiB chunk at a time.`,
);
await server.close();
deps.close();
scratch.remove();
bench.done();
