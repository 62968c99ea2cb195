// Sandbox benchmark (issue 5): tau-bench policy eval over 1,000 traces, Pyodide pool vs native python3.
// Run: npm run bench:sandbox. Timings are printed, never asserted; compare ratios within one run.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { RunEvalResult } from '@/core/ports/sandbox';
import { planLaunch } from '@/sandbox/layers.node.js';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { runChunk } from '@/sandbox/run-chunk.node.js';
import { prepareRuntimeDir } from '@/sandbox/runtime-dir.node.js';
import { startWorker } from '@/sandbox/worker.node.js';
import { findTauBench, loadTauViews, NATIVE_HARNESS, POLICY_EVAL } from './tau-bench';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const N = 1000;
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;
const fmt = (x: number, d = 1) => x.toFixed(d);
const passedCount = (r: RunEvalResult) =>
  r.ok ? r.outcomes.filter((o) => o.ok && o.passed).length : Number.NaN;

// Workers started directly (section 3) are unref'd like the pool's; keep the loop alive meanwhile.
const keepAlive = setInterval(() => {}, 1000);
const file = findTauBench();
if (!file) {
  process.exit(0);
}
const views = loadTauViews(file, 5);
const batchBytes = new TextEncoder().encode(JSON.stringify(views));
console.log(
  `tau-bench: ${views.length} traces, ${fmt(batchBytes.byteLength / 1e6)} MB JSON; load avg ${loadavg()
    .map((l) => fmt(l, 2))
    .join(' ')}`,
);

// 1. Native python3, same eval, same traces, one process.
const native: { inProc: number[]; wall: number[]; passed: number } = {
  inProc: [],
  wall: [],
  passed: 0,
};
for (let i = 0; i < REPS; i++) {
  const t = performance.now();
  const r = spawnSync('python3', ['-c', POLICY_EVAL + NATIVE_HARNESS], {
    input: batchBytes,
    maxBuffer: 1 << 20,
  });
  native.wall.push(performance.now() - t);
  const out = JSON.parse(r.stdout.toString()) as {
    loads_s: number;
    eval_s: number;
    passed: number;
  };
  native.inProc.push((out.loads_s + out.eval_s) * 1000);
  native.passed = out.passed;
}
const nativeRate = (N / median(native.inProc)) * 1000;
const python = spawnSync('python3', ['-V']).stdout.toString().trim();
console.log(
  `native ${python}: ${fmt(median(native.inProc))} ms in-process (json.loads + eval) = ${fmt(nativeRate, 0)} traces/s; ${fmt(median(native.wall))} ms with interpreter start; ${native.passed}/${N} pass`,
);

// 2. Pyodide sandbox, warm and cold, pool of 1 (same parallelism as native) and 2.
for (const poolSize of [1, 2]) {
  const tCold = performance.now();
  const sandbox = createPyodideSandbox({ poolSize });
  const first = await sandbox.runEval({ code: POLICY_EVAL, traces: views });
  const cold = performance.now() - tCold;
  const warm: number[] = [];
  let last: RunEvalResult = first;
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    last = await sandbox.runEval({ code: POLICY_EVAL, traces: views });
    warm.push(performance.now() - t);
  }
  const rate = (N / median(warm)) * 1000;
  const inChild = last.ok ? last.outcomes.map((o) => o.durationMs) : [];
  console.log(
    `pyodide pool=${poolSize}: warm ${fmt(median(warm))} ms per ${N} = ${fmt(rate, 0)} traces/s (${fmt(rate / nativeRate, 2)}x native; ${fmt(median(warm) / N, 3)} ms/trace incl. hand-off; in-child eval p50 ${fmt(median(inChild), 3)} ms p95 ${fmt(pct(inChild, 0.95), 3)} ms); cold (new pool, cached snapshot) ${fmt(cold)} ms; ${passedCount(last)}/${N} pass${passedCount(last) === native.passed && passedCount(first) === native.passed ? ' (same verdicts as native)' : ' (VERDICTS DIFFER)'}`,
  );
  if (poolSize === 1) {
    const one = [views[0] ?? views[1]!];
    const lat: number[] = [];
    for (let i = 0; i < 1200; i++) {
      const t = performance.now();
      await sandbox.runEval({ code: POLICY_EVAL, traces: one });
      if (i >= 200) {
        lat.push(performance.now() - t);
      }
    }
    console.log(
      `warm single-trace call through the parent: p50 ${fmt(median(lat), 2)} ms, p95 ${fmt(pct(lat, 0.95), 2)} ms, p99 ${fmt(pct(lat, 0.99), 2)} ms (native per-trace ${fmt(median(native.inProc) / N, 3)} ms)`,
    );
  }
  await sandbox.close();
}

// 3. Worker start (from the snapshot and plain), idle RSS, RSS after a 1,000-trace chunk.
const runtime = prepareRuntimeDir();
const plan = planLaunch({ runtimeDir: runtime.dir, memoryCapMb: 256 });
for (const snapshot of [true, false]) {
  const starts: number[] = [];
  const idle: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < (snapshot ? REPS : 2); i++) {
    const t = performance.now();
    const w = startWorker({
      plan,
      runtimeDir: runtime.dir,
      memoryCapBytes: 256 << 20,
      rssLimitBytes: 0,
      snapshotFile: snapshot ? `${runtime.dir}/snapshot.bin` : undefined,
    });
    await w.ready;
    starts.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 300));
    idle.push((w.rssBytes() ?? 0) / 1e6);
    if (i === 0) {
      await runChunk(w, {
        id: 1,
        code: POLICY_EVAL,
        traceIds: views.map((v) => v.trace_id),
        batch: batchBytes,
        timeoutMsPerTrace: 5000,
        outputCap: 16384,
        reasonCap: 8192,
      });
      busy.push((w.rssBytes() ?? 0) / 1e6);
    }
    w.kill('close');
  }
  console.log(
    `worker start ${snapshot ? 'from snapshot' : 'plain (no snapshot)'}: spawn→ready p50 ${fmt(median(starts), 0)} ms (${starts.map((s) => fmt(s, 0)).join(', ')}); idle RSS ${fmt(median(idle), 0)} MB; RSS after a ${N}-trace batch ${fmt(busy[0] ?? 0, 0)} MB`,
  );
}

// 4. First-ever start: copy the runtime and make the snapshot.
const base = mkdtempSync(path.join(tmpdir(), 'iofold-bench-'));
chmodSync(base, 0o755); // the child runs as nobody and must traverse it
const t = performance.now();
const fresh = createPyodideSandbox({ poolSize: 1, runtimeBaseDir: base });
const freshResult = await fresh.runEval({ code: POLICY_EVAL, traces: views.slice(0, 1) });
if (!freshResult.ok) {
  console.log('first-ever start failed:', freshResult.error.message);
}
console.log(
  `first-ever start (copy runtime, make snapshot, start worker, 1 trace): ${fmt(performance.now() - t, 0)} ms`,
);
await fresh.close();
rmSync(base, { recursive: true, force: true });
console.log(
  `load avg at end ${loadavg()
    .map((l) => fmt(l, 2))
    .join(' ')}`,
);
clearInterval(keepAlive);
