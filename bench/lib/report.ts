/**
 * One benchmark's figures: printed as a markdown table when it finishes, and written as JSON to
 * `$BENCH_RESULTS_DIR/<id>.json` when `npm run bench` runs it (see bench/README.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeContext, type MachineContext, machineContext } from './context';
import { benchTable } from './markdown';
import type { Spread } from './measure';
import type { TargetId } from './targets';

export type Figure = {
  name: string;
  /** Unit of `value`: 'ms', 'MB', 'spans/s', 'jobs/s', … */
  unit: string;
  value: Spread;
  /** Per-round ratio to the baseline figure named `of` (measured in the same rounds). */
  ratio?: { of: string; value: Spread };
  /** The issue #17 target this figure answers (bench/lib/targets.ts). */
  target?: TargetId;
  note?: string;
};

export type BenchResult = {
  id: string;
  title: string;
  context: MachineContext;
  /** Whether the large-scale runs were included (`--scale` / BENCH_SCALE=1). */
  scale: boolean;
  figures: Figure[];
  notes: string[];
  /** Why the benchmark measured nothing (missing data or tools), when it did not. */
  skipped?: string;
  seconds: number;
};

export type Bench = {
  readonly context: MachineContext;
  readonly scale: boolean;
  figure(figure: Figure): void;
  /** A line printed under the table: how the baseline is a ceiling, seeding times, plans. */
  note(text: string): void;
  skip(reason: string): void;
  /** Prints the table and writes the JSON result; call once at the end. */
  done(): BenchResult;
};

/** True when large-scale runs are asked for (`npm run bench -- --scale` sets BENCH_SCALE=1). */
export const scaleRequested = () =>
  process.env.BENCH_SCALE === '1' || process.argv.includes('--scale');

/** Starts a benchmark: records and prints the machine context (cores, load average) first. */
export function startBench(id: string, title: string): Bench {
  const started = performance.now();
  const context = machineContext();
  const scale = scaleRequested();
  const result: BenchResult = { id, title, context, scale, figures: [], notes: [], seconds: 0 };
  console.log(`# ${title}\n${describeContext(context)}${scale ? ', with scale runs' : ''}\n`);
  return {
    context,
    scale,
    figure: (figure) => {
      result.figures.push(figure);
    },
    note: (text) => {
      result.notes.push(text);
    },
    skip: (reason) => {
      result.skipped = reason;
    },
    done: () => {
      result.seconds = (performance.now() - started) / 1000;
      console.log(`\n${benchTable(result)}\n`);
      const dir = process.env.BENCH_RESULTS_DIR;
      if (dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(result, null, 2)}\n`);
      }
      return result;
    },
  };
}
