/**
 * A warm single-trace call's CPU time, host and child, for the sandbox of this checkout and of
 * other commits in alternated rounds (issue #13): what a call costs where wall time on a shared
 * machine cannot say. Not part of `npm run bench` (no figures in bench/results).
 *
 *   npx tsx bench/sandbox/single-cpu.ts [commit ...]
 *
 * Per variant and round, CALLS calls on one child (pool size 1): "idle" calls each after a pause
 * that lets the previous call's reset end, and "back to back" calls. CPU per call: this process
 * (process.cpuUsage) and the serving child (its threads' /proc/<pid>/task/<tid>/schedstat, ns),
 * less the same pauses without calls. Env: SINGLE_CPU_ROUNDS (5), SINGLE_CPU_CALLS (300).
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type { EvalView } from '@/core/eval-view';
import type { Sandbox } from '@/core/ports/sandbox';
import { quantile } from '../lib/measure';
import { type MakeSandbox, sandboxAtCommit } from './sandbox-at-commit';
import { findTauBench, loadTauViews, POLICY_EVAL } from './tau-bench';

const ROUNDS = Number(process.env.SINGLE_CPU_ROUNDS ?? 5);
const CALLS = Number(process.env.SINGLE_CPU_CALLS ?? 300);
const PAUSE_MS = 20;

// every child the sandboxes spawn, to read the serving ones' CPU time
const childProcess = createRequire(import.meta.url)('node:child_process') as {
  spawn: typeof import('node:child_process').spawn;
};
const spawned: ChildProcess[] = [];
const realSpawn = childProcess.spawn;
childProcess.spawn = ((...args: Parameters<typeof realSpawn>) => {
  const child = realSpawn(...args);
  spawned.push(child);
  return child;
}) as typeof realSpawn;
syncBuiltinESMExports();

type Make = MakeSandbox;

async function loadCommit(ref: string): Promise<{ name: string; make: Make }> {
  const { commit, make } = await sandboxAtCommit(ref);
  return { name: commit, make };
}

/** CPU time (ms) of a process's live threads, from schedstat (ns). */
function threadsCpuMs(pid: number): number {
  let ns = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
      } catch {
        // the thread ended
      }
    }
  } catch {
    return Number.NaN;
  }
  return ns / 1e6;
}

const hostMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

type Sample = { wallP50: number; hostMs: number; childMs: number };

async function measure(
  pids: () => number[],
  call: () => Promise<unknown>,
  pauseMs: number,
): Promise<Sample> {
  const times: number[] = [];
  const ps = pids();
  const childBefore = ps.reduce((sum, p) => sum + threadsCpuMs(p), 0);
  const hostBefore = hostMs();
  for (let i = 0; i < CALLS; i++) {
    if (pauseMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    const t = performance.now();
    await call();
    times.push(performance.now() - t);
  }
  const host = hostMs() - hostBefore;
  const child = ps.reduce((sum, p) => sum + threadsCpuMs(p), 0) - childBefore;
  return { wallP50: quantile(times, 0.5), hostMs: host / CALLS, childMs: child / CALLS };
}

const file = findTauBench();
if (!file) {
  process.exit(0);
}
const trace = loadTauViews(file, 1).slice(0, 1) as EvalView[];
const variants: { name: string; make: Make }[] = [
  {
    name: 'this checkout',
    make: ((await import('@/sandbox/pyodide-sandbox.node.js')) as { createPyodideSandbox: Make })
      .createPyodideSandbox,
  },
];
for (const ref of process.argv.slice(2)) {
  variants.push(await loadCommit(ref));
}
// one variant at a time, warmed, so that the children spawned meanwhile are its own (its serving
// child, the spare and the check children; the idle ones cost what the pauses cost)
const started: { name: string; s: Sandbox; pids: () => number[] }[] = [];
for (const v of variants) {
  const from = spawned.length;
  // maxRunsPerWorker high: no replacement start falls inside a round
  const s = v.make({ poolSize: 1, maxRunsPerWorker: 1_000_000 });
  for (let i = 0; i < 200; i++) {
    await s.runEval({ code: POLICY_EVAL, traces: trace, workspaceId: 'ws-bench' });
  }
  const mine = spawned.slice(from);
  const pids = () =>
    mine.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => c.pid as number);
  started.push({ name: v.name, s, pids });
}
const rows: Record<string, Sample[]> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const v of r % 2 ? [...started].reverse() : started) {
    const call = () => v.s.runEval({ code: POLICY_EVAL, traces: trace, workspaceId: 'ws-bench' });
    const pause = await measure(v.pids, async () => {}, PAUSE_MS);
    const idle = await measure(v.pids, call, PAUSE_MS);
    const b2b = await measure(v.pids, call, 0);
    for (const [mode, m] of [
      ['idle', idle],
      ['back to back', b2b],
    ] as const) {
      const sub = mode === 'idle' ? pause : { hostMs: 0, childMs: 0 };
      const key = `${v.name}, ${mode}`;
      rows[key] ??= [];
      rows[key].push({
        wallP50: m.wallP50,
        hostMs: m.hostMs - sub.hostMs,
        childMs: m.childMs - sub.childMs,
      });
    }
  }
}
const fmt = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return `${quantile(sorted, 0.5).toFixed(3)} (${sorted[0]?.toFixed(3)}–${sorted.at(-1)?.toFixed(3)})`;
};
console.log(`rounds ${ROUNDS}, calls ${CALLS} per round and mode; ms: median (min–max) of rounds`);
console.log('variant | wall p50 | host CPU per call | child CPU per call');
for (const [name, samples] of Object.entries(rows)) {
  console.log(
    `${name} | ${fmt(samples.map((x) => x.wallP50))} | ${fmt(samples.map((x) => x.hostMs))} | ${fmt(samples.map((x) => x.childMs))}`,
  );
}
for (const v of started) {
  await v.s.close();
}
