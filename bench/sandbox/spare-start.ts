/**
 * What a replacement child's start costs the warm single calls made beside it (issue #13), with
 * and without the pool's start hold (src/sandbox/start-hold.node.ts), in alternated rounds. Not
 * part of `npm run bench` (no figures in bench/results).
 *
 *   npx tsx bench/sandbox/spare-start.ts
 *
 * Two sandboxes of one child each with the default recycling (a child serves 50 batches, then the
 * spare takes over and a new spare starts), one holding starts and one not. Per round and variant,
 * CALLS single-trace calls each after a 50 ms pause, as in the bench's idle part: the wall p50 of
 * all calls, of those within 3 s of a spawn and of the others; the CPU per call of this process
 * (process.cpuUsage, less the same pauses without calls), within the calls and in the pauses. Env: SPARE_START_ROUNDS (6),
 * SPARE_START_CALLS (100), SPARE_START_ONLY (one variant: "hold" or "no hold").
 */
import type { ChildProcess } from 'node:child_process';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { loadavg } from 'node:os';
import type { Sandbox } from '@/core/ports/sandbox';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { quantile } from '../lib/measure';
import { findTauBench, loadTauViews, POLICY_EVAL } from './tau-bench';

const ROUNDS = Number(process.env.SPARE_START_ROUNDS ?? 6);
const CALLS = Number(process.env.SPARE_START_CALLS ?? 100);
const PAUSE_MS = 50;
const NEAR_SPAWN_MS = 3000;

// every child spawned, with when, to tell the calls made near a start
const childProcess = createRequire(import.meta.url)('node:child_process') as {
  spawn: typeof import('node:child_process').spawn;
};
const spawned: { child: ChildProcess; at: number; variant: string }[] = [];
let current = '';
const realSpawn = childProcess.spawn;
childProcess.spawn = ((...args: Parameters<typeof realSpawn>) => {
  const child = realSpawn(...args);
  spawned.push({ child, at: performance.now(), variant: current });
  return child;
}) as typeof realSpawn;
syncBuiltinESMExports();

const hostMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const lastSpawn = (variant: string) =>
  spawned.filter((s) => s.variant === variant).at(-1)?.at ?? Number.NEGATIVE_INFINITY;

type Round = {
  all: number[];
  near: number[];
  far: number[];
  /** The host's CPU within each call (ms), near a spawn and after. */
  nearCpu: number[];
  farCpu: number[];
  /** The host's CPU in the pause before each call (ms). */
  gapCpu: number[];
  hostMs: number;
};

async function round(variant: string, call: (() => Promise<unknown>) | null): Promise<Round> {
  const out: Round = {
    all: [],
    near: [],
    far: [],
    nearCpu: [],
    farCpu: [],
    gapCpu: [],
    hostMs: 0,
  };
  const host0 = hostMs();
  let after = hostMs();
  for (let i = 0; i < CALLS; i++) {
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    if (!call) {
      continue;
    }
    out.gapCpu.push(hostMs() - after);
    current = variant;
    const c = hostMs();
    const t = performance.now();
    await call();
    const ms = performance.now() - t;
    after = hostMs();
    const cpu = after - c;
    out.all.push(ms);
    const near = t - lastSpawn(variant) < NEAR_SPAWN_MS;
    (near ? out.near : out.far).push(ms);
    (near ? out.nearCpu : out.farCpu).push(cpu);
  }
  out.hostMs = (hostMs() - host0) / CALLS;
  return out;
}

const file = findTauBench();
if (!file) {
  console.log('tau-bench data not found');
  process.exit(0);
}
const trace = loadTauViews(file, 1).slice(0, 1);
const variants: { name: string; s: Sandbox }[] = [];
const only = process.env.SPARE_START_ONLY;
for (const [name, holdStarts] of [
  ['hold', true],
  ['no hold', false],
] as const) {
  if (only && only !== name) {
    continue;
  }
  current = name;
  const s = createPyodideSandbox({ poolSize: 1, holdStarts });
  for (let i = 0; i < 60; i++) {
    await s.runEval({ code: POLICY_EVAL, traces: trace, workspaceId: 'ws-bench' });
  }
  variants.push({ name, s });
}
const rows: Record<string, Round[]> = {};
const load: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  load.push(loadavg()[0] as number);
  const pause = await round('pause', null);
  for (const v of r % 2 ? [...variants].reverse() : variants) {
    const got = await round(v.name, () =>
      v.s.runEval({ code: POLICY_EVAL, traces: trace, workspaceId: 'ws-bench' }),
    );
    got.hostMs -= pause.hostMs;
    rows[v.name] ??= [];
    rows[v.name]?.push(got);
  }
}
load.push(loadavg()[0] as number);
const fmt = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return `${quantile(s, 0.5).toFixed(3)} (${s[0]?.toFixed(3)}-${s.at(-1)?.toFixed(3)})`;
};
const p50 = (xs: number[]) => (xs.length > 0 ? quantile(xs, 0.5) : Number.NaN);
console.log(
  `${ROUNDS} rounds of ${CALLS} calls, ${PAUSE_MS} ms apart; load ${load.map((l) => l.toFixed(1)).join(' ')}`,
);
console.log(
  `variant | wall p50 | p50 within ${NEAR_SPAWN_MS / 1000} s of a spawn | after | host CPU per call (ms; median (min-max) of rounds)`,
);
for (const [name, rs] of Object.entries(rows)) {
  console.log(
    `${name} | ${fmt(rs.map((x) => p50(x.all)))} | ${fmt(rs.map((x) => p50(x.near)))} | ${fmt(rs.map((x) => p50(x.far)))} | ${fmt(rs.map((x) => x.hostMs))}`,
  );
  const near = rs.flatMap((x) => x.near).length;
  console.log(
    `  calls within ${NEAR_SPAWN_MS / 1000} s of a spawn: ${near} of ${rs.length * CALLS}; the host's CPU within a call, p50 near a spawn ${fmt(rs.map((x) => p50(x.nearCpu)))}, after ${fmt(rs.map((x) => p50(x.farCpu)))}; in the pause before a call, mean ${fmt(rs.map((x) => x.gapCpu.reduce((a, b) => a + b, 0) / Math.max(1, x.gapCpu.length)))}`,
  );
}
for (const v of variants) {
  await v.s.close();
}
