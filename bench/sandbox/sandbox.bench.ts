/**
 * Sandbox (issue #13): the tau-bench policy eval over 1,000 traces, the Pyodide sandbox with its
 * tenant isolation against the same eval run by native python3 in the same rounds, and against
 * the runtime before the isolation (`BENCH_SANDBOX_BEFORE`, default f822295, main when the
 * performance work of #13 started, read from git into a scratch directory). Standalone: `npm run bench:sandbox`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EvalView } from '@/core/eval-view';
import type { RunEvalResult, Sandbox } from '@/core/ports/sandbox';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { cpuReading, cpuSince, cpuTimeAvailable } from '../lib/cpu-time';
import {
  interleave,
  latencyByRound,
  quantile,
  ratioSpread,
  selfTimedByRound,
  spread,
  timeMs,
} from '../lib/measure';
import { startBench } from '../lib/report';
import { marshalBatch, plainPyodide } from './plain-pyodide';
import { type MakeSandbox, sandboxAtCommit } from './sandbox-at-commit';
import {
  findTauBench,
  loadTauViews,
  NATIVE_HARNESS,
  NATIVE_SERVE_HARNESS,
  POLICY_EVAL,
} from './tau-bench';

const EVAL_FN = 'eval_write_after_confirmation';

const BEFORE = process.env.BENCH_SANDBOX_BEFORE ?? 'f822295';
/** Options to run one part quickly: BENCH_SANDBOX_PARTS=throughput,batch,first,single (default
 * all), BENCH_SANDBOX_POOLS=1,2 (pool sizes, default both), BENCH_SANDBOX_ROUNDS (default 5),
 * BENCH_SANDBOX_BEFORE=none (no before variant). */
const PARTS = new Set(
  (process.env.BENCH_SANDBOX_PARTS ?? 'throughput,batch,first,single').split(','),
);
const POOLS = (process.env.BENCH_SANDBOX_POOLS ?? '1,2').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_SANDBOX_ROUNDS ?? 5);
const bench = startBench(
  'sandbox',
  'Sandbox: tau-bench policy eval, 1,000 traces, isolated Pyodide pool vs native python3',
);

type Make = MakeSandbox;

/** The sandbox adapter of BEFORE, or why it is not available. */
async function loadBefore(): Promise<Awaited<ReturnType<typeof sandboxAtCommit>> | string> {
  try {
    return await sandboxAtCommit(BEFORE);
  } catch (error) {
    return `the runtime before (${BEFORE}) is not available: ${String(error).slice(0, 200)}`;
  }
}

/** Native python3: json.loads + the eval loop, timed inside the interpreter (ms). */
function native(batch: Uint8Array): { ms: number; passed: number } {
  const r = spawnSync('python3', ['-c', POLICY_EVAL + NATIVE_HARNESS], {
    input: batch,
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) {
    throw new Error(`python3 failed: ${r.stderr.toString().slice(0, 500)}`);
  }
  const out = JSON.parse(r.stdout.toString()) as {
    loads_s: number;
    eval_s: number;
    passed: number;
  };
  return { ms: (out.loads_s + out.eval_s) * 1000, passed: out.passed };
}

/**
 * Native python3 in `parts.length` processes at once (the parallelism of the sandbox's children),
 * each timed inside its interpreter: the slowest process's time is the batch's.
 */
async function nativeParallel(parts: Uint8Array[]): Promise<{ ms: number; passed: number }> {
  const runs = parts.map(
    (input) =>
      new Promise<{ ms: number; passed: number }>((resolve, reject) => {
        const child = spawn('python3', ['-c', POLICY_EVAL + NATIVE_HARNESS]);
        const out: Buffer[] = [];
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.on('error', reject);
        child.on('close', (code) => {
          if (code !== 0) {
            reject(new Error(`python3 exited with ${code}`));
            return;
          }
          const r = JSON.parse(Buffer.concat(out).toString()) as {
            loads_s: number;
            eval_s: number;
            passed: number;
          };
          resolve({ ms: (r.loads_s + r.eval_s) * 1000, passed: r.passed });
        });
        child.stdin.end(input);
      }),
  );
  const results = await Promise.all(runs);
  return {
    ms: Math.max(...results.map((r) => r.ms)),
    passed: results.reduce((sum, r) => sum + r.passed, 0),
  };
}

/** A warm native python3 worker: `call(trace)` sends one trace and resolves with its verdict. */
function nativeWorker() {
  const child = spawn('python3', ['-c', POLICY_EVAL + NATIVE_SERVE_HARNESS], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  return {
    call: (trace: EvalView) =>
      new Promise<{ passed: boolean }>((resolve) => {
        waiting.push((line) => resolve(JSON.parse(line) as { passed: boolean }));
        child.stdin.write(`${JSON.stringify(trace)}\n`);
      }),
    close: () => child.kill(),
  };
}

type IdleRounds = {
  /** p50 wall time per round, by variant. */
  p50: Record<string, number[]>;
  /** CPU per call (ms) per round, by variant: this process, and its child processes. */
  hostCpu: Record<string, number[]>;
  childCpu: Record<string, number[]>;
};

/**
 * Calls each made after a pause (untimed), variants interleaved per round: the p50 wall time per
 * round, and the CPU time each call cost this process and its children, less what the same
 * pauses cost with no call (an `idle` variant in every round: the RSS and idle-CPU watches).
 */
async function idleCalls(
  variants: Record<string, () => Promise<unknown>>,
  o: { rounds: number; calls: number; pauseMs: number },
): Promise<IdleRounds> {
  const out: IdleRounds = { p50: {}, hostCpu: {}, childCpu: {} };
  const cpu: Record<string, { host: number; children: number }[]> = {};
  const all: Record<string, (() => Promise<unknown>) | null> = { idle: null, ...variants };
  await interleave(
    o.rounds,
    Object.fromEntries(
      Object.entries(all).map(([name, call]) => [
        name,
        async (round: number) => {
          const samples: number[] = [];
          const before = cpuReading();
          for (let i = 0; i < o.calls; i++) {
            await new Promise((resolve) => setTimeout(resolve, o.pauseMs));
            samples.push(call ? await timeMs(call) : 0);
          }
          cpu[name] ??= [];
          cpu[name][round] = cpuSince(before);
          out.p50[name] ??= [];
          out.p50[name][round] = quantile(samples, 0.5);
          return 0;
        },
      ]),
    ),
  );
  for (const name of Object.keys(variants)) {
    const per = (key: 'host' | 'children', r: number) =>
      ((cpu[name]?.[r]?.[key] ?? 0) - (cpu.idle?.[r]?.[key] ?? 0)) / o.calls;
    out.hostCpu[name] = Array.from({ length: o.rounds }, (_, r) => per('host', r));
    out.childCpu[name] = Array.from({ length: o.rounds }, (_, r) => per('children', r));
  }
  return out;
}

const passed = (r: RunEvalResult) =>
  r.ok ? r.outcomes.filter((o) => o.ok && o.passed).length : Number.NaN;

async function runAll(s: Sandbox, traces: EvalView[], workspaceId: string): Promise<number> {
  const r = await s.runEval({ code: POLICY_EVAL, traces, workspaceId });
  if (!r.ok || r.outcomes.some((o) => !o.ok)) {
    throw new Error(`sandbox run failed: ${JSON.stringify(r).slice(0, 500)}`);
  }
  return passed(r);
}

const file = findTauBench();
const hasPython = spawnSync('python3', ['-V']).status === 0;
if (!file || !hasPython) {
  bench.skip(!file ? 'tau-bench data not found (../shared/data/tau-bench)' : 'no python3');
  bench.done();
  process.exit(0);
}
const views = loadTauViews(file, 5);
const batch250 = views.slice(0, 250);
const bytes = (v: EvalView[]) => new TextEncoder().encode(JSON.stringify(v));
const all = bytes(views);
const chunk = bytes(batch250);
// plain Pyodide reads what the sandbox's children read: the host's marshal encoding
const allMarshal = marshalBatch(views);
const chunkMarshal = marshalBatch(batch250);
const before =
  BEFORE === 'none' ? 'no before variant (BENCH_SANDBOX_BEFORE=none)' : await loadBefore();
const variants: [string, Make][] = [['after', createPyodideSandbox]];
if (typeof before === 'string') {
  bench.note(before);
} else {
  variants.push([`before (${before.commit})`, before.make]);
}

type Named = readonly (readonly [string, Sandbox])[];
const childrenLabel = (n: number) => `${n} ${n === 1 ? 'child' : 'children'}`;

/** 1,000 traces per call against native python3 in as many processes as the pool has children. */
async function throughput(poolSize: number, sandboxes: Named, expected: number): Promise<void> {
  const half = Math.ceil(views.length / poolSize);
  const parts = Array.from({ length: poolSize }, (_, i) =>
    bytes(views.slice(i * half, (i + 1) * half)),
  );
  const rounds: Record<string, number[]> = await interleave<string>(ROUNDS, {
    native: async () => (views.length / (await nativeParallel(parts)).ms) * 1000,
    ...(poolSize === 1
      ? {
          pyodide: async () => {
            const r = await plain.batch(allMarshal);
            if (r.passed !== expected) {
              throw new Error('plain Pyodide: a different count passed');
            }
            return (views.length / r.ms) * 1000;
          },
        }
      : {}),
    ...Object.fromEntries(
      sandboxes.map(([name, s]) => [
        name,
        async () => {
          const t = performance.now();
          const got = await runAll(s, views, 'ws-bench');
          if (got !== expected) {
            throw new Error(`${name}: ${got} passed, native ${expected}`);
          }
          return (views.length / (performance.now() - t)) * 1000;
        },
      ]),
    ),
  });
  const processes = poolSize === 1 ? 'one process' : `${poolSize} processes at once`;
  bench.figure({
    name: `baseline: native python3, json.loads + eval, 1,000 traces in ${processes}`,
    unit: 'traces/s',
    value: spread(rounds.native as number[]),
  });
  const pyodide = rounds.pyodide;
  if (pyodide) {
    bench.figure({
      name: 'baseline: plain Pyodide, one warm instance in its own process, no isolation, 1,000 traces (timed inside)',
      unit: 'traces/s',
      value: spread(pyodide),
      ratio: { of: 'native python3', value: ratioSpread(pyodide, rounds.native as number[]) },
    });
  }
  for (const [name] of sandboxes) {
    bench.figure({
      name: `sandbox ${name}, ${childrenLabel(poolSize)}, 1,000 traces per call`,
      unit: 'traces/s',
      value: spread(rounds[name] as number[]),
      ratio: {
        of: `native python3 in ${processes}`,
        value: ratioSpread(rounds[name] as number[], rounds.native as number[]),
      },
    });
    if (pyodide) {
      bench.figure({
        name: `sandbox ${name}, 1 child, against plain Pyodide (same round)`,
        unit: 'x',
        value: ratioSpread(rounds[name] as number[], pyodide),
      });
    }
  }
}

/** One 250-trace chunk (what one child runs) per call, native python3's 250 in the same rounds. */
async function batchLatency(sandboxes: Named): Promise<void> {
  const cpu: Record<string, { host: number[]; children: number[] }> = {};
  const withCpu = (name: string, s: Sandbox) => async () => {
    const before = cpuReading();
    const ms = await timeMs(() => runAll(s, batch250, 'ws-bench'));
    const used = cpuSince(before);
    cpu[name] ??= { host: [], children: [] };
    cpu[name].host.push(used.host);
    cpu[name].children.push(used.children);
    return ms;
  };
  const latency = await selfTimedByRound<string>(
    {
      native: () => native(chunk).ms,
      pyodide: async () => (await plain.batch(chunkMarshal)).ms,
      ...Object.fromEntries(sandboxes.map(([name, s]) => [name, withCpu(name, s)])),
    },
    { rounds: ROUNDS, calls: 10, warmup: 2 },
  );
  const nativeP95 = (latency.native as { p95: number[] }).p95;
  const pyodideP95 = (latency.pyodide as { p95: number[] }).p95;
  bench.figure({
    name: 'baseline: native python3, 250 traces in one process (timed inside), p95',
    unit: 'ms',
    value: spread(nativeP95),
  });
  bench.figure({
    name: 'baseline: plain Pyodide (one warm instance in its own process, no isolation), 250 traces (timed inside), p95',
    unit: 'ms',
    value: spread(pyodideP95),
  });
  for (const [name] of sandboxes) {
    const l = latency[name] as { p50: number[]; p95: number[] };
    bench.figure({
      name: `sandbox ${name}: 250-trace batch, p50`,
      unit: 'ms',
      value: spread(l.p50),
    });
    bench.figure({
      name: `sandbox ${name}: 250-trace batch, p95`,
      unit: 'ms',
      value: spread(l.p95),
    });
    bench.figure({
      name: `sandbox ${name}: 250-trace batch p95 minus native's p95 (same round)`,
      unit: 'ms',
      value: spread(l.p95.map((p, i) => p - (nativeP95[i] as number))),
    });
    bench.figure({
      name: `sandbox ${name}: 250-trace batch p95 minus plain Pyodide's p95 (same round): the isolation's cost`,
      unit: 'ms',
      value: spread(l.p95.map((p, i) => p - (pyodideP95[i] as number))),
    });
    const used = cpu[name];
    if (used && cpuTimeAvailable()) {
      // per call: read the median (a spare's start, about 1 s of CPU after every 50th batch, is
      // in the max); the children's figure counts in 10 ms ticks
      bench.figure({
        name: `sandbox ${name}: 250-trace batch, CPU per call in this process`,
        unit: 'ms',
        value: spread(used.host),
      });
      bench.figure({
        name: `sandbox ${name}: 250-trace batch, CPU per call in the child processes`,
        unit: 'ms',
        value: spread(used.children),
      });
    }
  }
  const [after, old] = [latency.after, latency[variants[1]?.[0] ?? '']];
  if (after && old) {
    bench.figure({
      name: 'added by the isolation: 250-trace batch p95, after minus before (same round)',
      unit: 'ms',
      value: spread(after.p95.map((p, i) => p - (old.p95[i] as number))),
    });
  }
}

/** A workspace's first batch: it has no child yet and takes the fresh spare (ready). */
async function firstCalls(s: Sandbox): Promise<void> {
  const firsts: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the spare is ready again
    const t = performance.now();
    await runAll(s, views.slice(0, 1), `ws-new-${i}`);
    firsts.push(performance.now() - t);
  }
  bench.figure({
    name: "sandbox after: a new workspace's first single-trace call (spare ready)",
    unit: 'ms',
    value: spread(firsts),
  });
}

/**
 * A warm single-trace call (one child: it waits for its own child's after-batch check; two: the
 * workspace's second child takes the call while the first checks itself), beside a warm native
 * python3 worker in the same rounds: the same two process hops, which a loaded machine slows
 * alike, so "minus native" is what the sandbox adds. Then the same calls with the child idle and
 * clean (a pause before each call lets the previous call's reset finish, as between the calls of
 * a user or of a job), with the CPU time each call costs.
 */
async function singleCalls(poolSize: number, sandboxes: Named): Promise<void> {
  const worker = nativeWorker();
  const calls = {
    native: () => worker.call(views[0] as EvalView),
    pyodide: () => plain.batch(marshalBatch(views.slice(0, 1))),
    ...Object.fromEntries(
      sandboxes.map(([name, s]) => [name, () => runAll(s, views.slice(0, 1), 'ws-bench')]),
    ),
  };
  const single = await latencyByRound<string>(calls, { rounds: ROUNDS, calls: 100, warmup: 20 });
  const idle = await idleCalls(calls, { rounds: ROUNDS, calls: 40, pauseMs: 50 });
  worker.close();
  const label = (name: string) =>
    `sandbox ${name}, ${childrenLabel(poolSize)}: warm single-trace call`;
  const nativeIdle = idle.p50.native as number[];
  if (poolSize === 1) {
    bench.figure({
      name: 'baseline: native python3 warm worker, one trace per call after a 50 ms pause, p50',
      unit: 'ms',
      value: spread(nativeIdle),
    });
  }
  const nativeLike = new Set(['native', 'pyodide']);
  const nameOf = (name: string) =>
    name === 'native'
      ? 'native python3 warm worker'
      : name === 'pyodide'
        ? 'plain Pyodide warm worker (no isolation, one IPC hop each way)'
        : label(name);
  if (poolSize === 1) {
    bench.figure({
      name: `baseline: ${nameOf('pyodide')}, one trace per call after a 50 ms pause, p50`,
      unit: 'ms',
      value: spread(idle.p50.pyodide as number[]),
    });
  }
  for (const name of ['native', 'pyodide', ...sandboxes.map(([n]) => n)]) {
    if (nativeLike.has(name) && poolSize !== 1) {
      continue;
    }
    const who = nameOf(name);
    if (!nativeLike.has(name)) {
      const p50 = idle.p50[name] as number[];
      bench.figure({ name: `${who}, child idle and clean, p50`, unit: 'ms', value: spread(p50) });
      bench.figure({
        name: `${who}, child idle and clean, p50 minus the native worker's (same round)`,
        unit: 'ms',
        value: spread(p50.map((p, i) => p - (nativeIdle[i] as number))),
      });
      bench.figure({
        name: `${who}, child idle and clean, p50 minus plain Pyodide's (same round)`,
        unit: 'ms',
        value: spread(p50.map((p, i) => p - ((idle.p50.pyodide as number[])[i] as number))),
      });
    }
    if (cpuTimeAvailable()) {
      bench.figure({
        name: `${who}, idle: CPU per call in this process (all threads)`,
        unit: 'ms',
        value: spread(idle.hostCpu[name] as number[]),
      });
      bench.figure({
        name: `${who}, idle: CPU per call in the child processes (reset and replacements included)`,
        unit: 'ms',
        value: spread(idle.childCpu[name] as number[]),
      });
    }
  }
  const native1 = single.native as { p50: number[]; p95: number[] };
  if (poolSize === 1) {
    bench.figure({
      name: 'baseline: native python3 warm worker, one trace per call over a pipe, p50',
      unit: 'ms',
      value: spread(native1.p50),
    });
  }
  for (const [name] of sandboxes) {
    const s1 = single[name] as { p50: number[]; p95: number[] };
    bench.figure({ name: `${label(name)}, back to back, p50`, unit: 'ms', value: spread(s1.p50) });
    bench.figure({ name: `${label(name)}, back to back, p95`, unit: 'ms', value: spread(s1.p95) });
    bench.figure({
      name: `${label(name)}, back to back, p50 minus the native worker's p50 (same round)`,
      unit: 'ms',
      value: spread(s1.p50.map((p, i) => p - (native1.p50[i] as number))),
    });
  }
}

const expected = native(all).passed;
const plain = await plainPyodide(POLICY_EVAL, EVAL_FN);
await plain.batch(allMarshal); // warm: V8 has compiled the interpreter's hot paths
for (const poolSize of POOLS) {
  const sandboxes = variants.map(([name, make]) => [name, make({ poolSize })] as const);
  for (const [, s] of sandboxes) {
    await runAll(s, views, 'ws-bench'); // warm: children started, module imports cached
  }
  if (PARTS.has('throughput')) {
    await throughput(poolSize, sandboxes, expected);
  }
  if (poolSize === 1 && PARTS.has('batch')) {
    await batchLatency(sandboxes);
  }
  if (poolSize === 1 && PARTS.has('first')) {
    await firstCalls(sandboxes[0]?.[1] as Sandbox);
  }
  if (PARTS.has('single')) {
    await singleCalls(poolSize, sandboxes);
  }
  for (const [, s] of sandboxes) {
    await s.close();
  }
}
plain.close();
if (typeof before !== 'string') {
  before.remove();
}
bench.note(
  `Plain Pyodide is the same eval in one warm Pyodide instance in its own process (bench/sandbox/pyodide-worker.mjs: marshal.loads of the batch's bytes, encoded by the sandbox's own encoder as the sandbox sends them, + the eval loop, no isolation, no reset, no per-trace results), timed inside that process for batches like native python3, and as a warm worker over one IPC hop each way for single calls: what the WebAssembly interpreter itself costs, so the sandbox minus it is what the isolation adds. Native python3 is the ceiling: the same eval on the same traces with no process boundary, no serialisation and no isolation, timed inside the interpreter (json.loads + eval loop); for 2 children it runs in 2 processes at once, each on half the traces. Ratios and differences are taken per round. CPU per call: process.cpuUsage of this process, and /proc/<pid>/stat utime+stime+cutime+cstime of its process tree (exited threads and children included, 10 ms ticks), less the same pauses without calls, in the same rounds; the children's figure counts every child (a child is replaced after 50 batches, and the new spare's start, about 1 s of CPU under load, falls in whichever variant's round it happens in), so it swings by tens of ms: read the host's figure, and the children's only as an order of magnitude. Targets of issue #13: >= 0.5x native in batch mode, p95 added latency per batch < 50 ms, a warm single-trace call < 2 ms.`,
);
bench.done();
