/**
 * Before/after in the same run (issue #24): runs a storage benchmark (storage.bench.ts, or
 * read-paths.bench.ts with STORAGE_BENCH=read-paths) at a base commit (a detached worktree sharing
 * this checkout's node_modules, with the benchmark and its helpers copied in) and here, alternating
 * which goes first, and prints every figure's after/before ratio per pair.
 *
 *   npx tsx bench/storage/compare.ts <base-commit> [pairs=3] [out.md]
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spread } from '../lib/measure';
import type { BenchResult } from '../lib/report';

const [base = 'main', pairsArg = '3', out] = process.argv.slice(2);
const pairs = Number(pairsArg);
const benchName = process.env.STORAGE_BENCH ?? 'storage';
const benchFile = `bench/storage/${benchName}.bench.ts`;
const here = process.cwd();
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();
const baseCommit = git('rev-parse', base);
const headCommit = git('rev-parse', 'HEAD');
const tree = mkdtempSync(join(tmpdir(), 'iofold-storage-base-'));
git('worktree', 'add', '--detach', tree, baseCommit);
symlinkSync(join(here, 'node_modules'), join(tree, 'node_modules'));
mkdirSync(join(tree, 'bench/storage'), { recursive: true });
for (const file of [benchFile, 'bench/storage/storage-data.ts']) {
  copyFileSync(join(here, file), join(tree, file));
}

function runAt(dir: string): BenchResult {
  const results = mkdtempSync(join(tmpdir(), 'iofold-storage-results-'));
  execFileSync('nice', ['npx', 'tsx', benchFile], {
    cwd: dir,
    env: {
      ...process.env,
      BENCH_RESULTS_DIR: results,
      BENCH_ROUNDS: process.env.BENCH_ROUNDS ?? '3',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const file = readdirSync(results).find((f) => f.endsWith('.json')) as string;
  const result = JSON.parse(readFileSync(join(results, file), 'utf8')) as BenchResult;
  rmSync(results, { recursive: true, force: true });
  return result;
}

const before: BenchResult[] = [];
const after: BenchResult[] = [];
try {
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      before.push(runAt(tree));
      after.push(runAt(here));
    } else {
      after.push(runAt(here));
      before.push(runAt(tree));
    }
  }
} finally {
  git('worktree', 'remove', '--force', tree);
}

const fmt = (n: number) =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(3);
const lines = [
  `# Storage before/after (issue #24)`,
  '',
  `Before: \`${baseCommit.slice(0, 10)}\`; after: \`${headCommit.slice(0, 10)}\`; ${pairs} pairs, each run the median of ${process.env.BENCH_ROUNDS ?? '3'} rounds, alternating which commit went first; load average at the first run ${before[0]?.context.loadAverage?.join(' ') ?? '?'}.`,
  '',
  '| figure | before (median of runs) | after | after / before (per pair, median, min–max) |',
  '| --- | --- | --- | --- |',
];
for (const figure of after[0]?.figures ?? []) {
  const b = before.map((r) => r.figures.find((f) => f.name === figure.name)?.value.median);
  const a = after.map((r) => r.figures.find((f) => f.name === figure.name)?.value.median);
  if (b.some((v) => v === undefined) || a.some((v) => v === undefined)) {
    continue;
  }
  const ratios = spread(a.map((v, i) => (v as number) / (b[i] as number)));
  lines.push(
    `| ${figure.name} (${figure.unit}) | ${fmt(spread(b as number[]).median)} | ${fmt(spread(a as number[]).median)} | ${ratios.median.toFixed(2)} (${ratios.min.toFixed(2)}–${ratios.max.toFixed(2)}) |`,
  );
}
lines.push('', '## Notes before', '', ...(before[0]?.notes ?? []).map((n) => `- ${n}`));
lines.push('', '## Notes after', '', ...(after[0]?.notes ?? []).map((n) => `- ${n}`), '');
const text = lines.join('\n');
console.log(text);
if (out) {
  writeFileSync(out, text);
}
