/**
 * Measuring primitives shared by every benchmark: repeated runs, their spread, latency rounds and
 * interleaved comparisons against a baseline. A figure is always the median of several runs with
 * its min and max; a ratio is taken per round (variant and baseline measured back to back), so a
 * burst of load on the shared machine hits both sides of the same ratio.
 */
import { readFileSync } from 'node:fs';
import { cpuReading, cpuSince } from './cpu-time';

export type Spread = { median: number; min: number; max: number; runs: number };

/** Nearest-rank quantile (q in 0..1) of unsorted values; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

/** Median (the lower middle for an even count), min and max of the runs' values. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) {
    throw new Error('spread of no values');
  }
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor((sorted.length - 1) / 2)] as number,
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
    runs: sorted.length,
  };
}

/** Runs `run` `runs` times in sequence and returns each result. */
export async function repeat<T>(runs: number, run: (i: number) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) {
    out.push(await run(i));
  }
  return out;
}

/** Wall time of one call, in milliseconds. */
export async function timeMs(run: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export type LatencyOptions = { rounds?: number; calls?: number; warmup?: number };
export type Latency = { p50: Spread; p95: Spread; calls: number };

/**
 * Latency of one operation: `warmup` untimed calls, then `rounds` rounds of `calls` timed calls.
 * Each round gives a p50 and a p95; the figures are the spread of those over the rounds.
 */
export async function latencyRounds(
  run: (call: number) => Promise<unknown> | unknown,
  options: LatencyOptions = {},
): Promise<Latency> {
  const { only } = await latencyByRound({ only: run }, options);
  return {
    p50: spread(only.p50),
    p95: spread(only.p95),
    calls: only.p50.length * (options.calls ?? 40),
  };
}

/**
 * Runs every variant once per round, rotating which goes first, and returns each variant's
 * values by round (index r of every array belongs to round r).
 */
export async function interleave<K extends string>(
  rounds: number,
  variants: Record<K, (round: number) => Promise<number> | number>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(variants) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length] as K;
      out[name][r] = await variants[name](r);
    }
  }
  return out;
}

export type LatencyByRound = { p50: number[]; p95: number[] };

/**
 * Latency of several operations measured in the same rounds: in each round every operation gets
 * `calls` timed calls (rotating which goes first). Per operation, the p50 and p95 of each round,
 * so `ratioSpread` can compare two operations round by round.
 */
export async function latencyByRound<K extends string>(
  variants: Record<K, (call: number) => Promise<unknown> | unknown>,
  options: LatencyOptions = {},
): Promise<Record<K, LatencyByRound>> {
  const timed = Object.fromEntries(
    Object.entries(variants).map(([name, run]) => [
      name,
      (call: number) => timeMs(() => (run as (call: number) => unknown)(call)),
    ]),
  ) as Record<K, (call: number) => Promise<number>>;
  return selfTimedByRound(timed, options);
}

/**
 * `latencyByRound` for operations that time themselves: each call returns its own duration in ms
 * (a native baseline timed inside its interpreter, without its process start), so a baseline and
 * the product are taken in the same rounds and subtracted round by round.
 */
export async function selfTimedByRound<K extends string>(
  variants: Record<K, (call: number) => Promise<number> | number>,
  options: LatencyOptions = {},
): Promise<Record<K, LatencyByRound>> {
  const { rounds = 5, calls = 40, warmup = 5 } = options;
  const names = Object.keys(variants) as K[];
  for (const name of names) {
    for (let i = 0; i < warmup; i++) {
      await variants[name](i);
    }
  }
  const out = Object.fromEntries(
    names.map((n): [K, LatencyByRound] => [n, { p50: [], p95: [] }]),
  ) as Record<K, LatencyByRound>;
  await interleave(
    rounds,
    Object.fromEntries(
      names.map((name) => [
        name,
        async (round: number) => {
          const samples: number[] = [];
          for (let i = 0; i < calls; i++) {
            samples.push(await variants[name](round * calls + i));
          }
          out[name].p50[round] = quantile(samples, 0.5);
          out[name].p95[round] = quantile(samples, 0.95);
          return 0;
        },
      ]),
    ) as Record<K, (round: number) => Promise<number>>,
  );
  return out;
}

/** Per-round ratio value / baseline (same round), as a spread. */
export function ratioSpread(values: readonly number[], baseline: readonly number[]): Spread {
  if (values.length !== baseline.length) {
    throw new Error('ratio of runs from different rounds');
  }
  return spread(values.map((v, i) => v / (baseline[i] as number)));
}

/** Resident memory of a process in MB (Linux /proc; this process by default). */
export function rssMb(pid: number = process.pid): number {
  if (pid === process.pid) {
    return process.memoryUsage().rss / 1e6;
  }
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) {
    throw new Error(`no VmRSS for process ${pid}`);
  }
  return (Number(match[1]) * 1024) / 1e6;
}

/** Wall time and CPU time (this process and its process tree, `cpuReading`) of one call, in ms. */
export async function timeWallCpu(run: () => Promise<unknown> | unknown) {
  const before = cpuReading();
  const wallMs = await timeMs(run);
  const { host, children } = cpuSince(before);
  return { wallMs, cpuMs: host + children };
}
