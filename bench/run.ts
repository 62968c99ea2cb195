/**
 * `npm run bench [-- --scale] [name…]`: runs every `bench/**\/*.bench.ts` in its own process
 * (one at a time, so they never compete), then prints the issue's targets table and, for a full
 * run, writes bench/results/latest.json and latest.md. See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describeContext, machineContext, REPO_ROOT } from './lib/context';
import { runMarkdown, targetsTable } from './lib/markdown';
import type { BenchResult } from './lib/report';
import { targetRows } from './lib/targets';

const args = process.argv.slice(2);
const scale = args.includes('--scale');
const names = args.filter((a) => !a.startsWith('--'));
const benchDir = join(REPO_ROOT, 'bench');

/** Every benchmark file, in a stable order. */
function findBenchmarks(): string[] {
  return readdirSync(benchDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.bench.ts') && !f.split('/').includes('node_modules'))
    .sort()
    .map((f) => join(benchDir, f));
}

function runOne(file: string, resultsDir: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS_DIR: resultsDir, BENCH_SCALE: scale ? '1' : '0' },
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

const files = findBenchmarks().filter(
  (f) => names.length === 0 || names.some((n) => relative(benchDir, f).includes(n)),
);
if (args.includes('--list') || files.length === 0) {
  console.log(files.map((f) => relative(REPO_ROOT, f)).join('\n') || 'no benchmark matches');
  process.exit(files.length === 0 ? 1 : 0);
}

const context = machineContext();
const started = performance.now();
console.log(`npm run bench: ${files.length} benchmarks on ${describeContext(context)}\n`);
const resultsDir = mkdtempSync(join(tmpdir(), 'iofold-bench-results-'));
const results: BenchResult[] = [];
const failed: { file: string; code: number | null }[] = [];
for (const file of files) {
  const id = relative(REPO_ROOT, file);
  const before = new Set(readdirSync(resultsDir));
  const benchStarted = performance.now();
  const code = await runOne(file, resultsDir);
  const written = readdirSync(resultsDir).filter((f) => !before.has(f));
  for (const name of written) {
    results.push(JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as BenchResult);
  }
  if (code !== 0 || written.length === 0) {
    failed.push({ file: id, code });
  }
  console.log(`\n(${id}: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s)\n`);
}
rmSync(resultsDir, { recursive: true, force: true });

const targets = targetRows(results);
const run = {
  context,
  scale,
  seconds: (performance.now() - started) / 1000,
  targets,
  results,
  failed,
};
console.log(`## Targets (issue #17), ${describeContext(context)}\n\n${targetsTable(targets)}\n`);
if (names.length === 0) {
  const out = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(join(out, 'latest.md'), runMarkdown(run));
  console.log('wrote bench/results/latest.json and bench/results/latest.md');
} else {
  console.log('(a selection of benchmarks: bench/results/ is left as it was)');
}
for (const f of failed) {
  console.log(`FAILED: ${f.file} exited with ${f.code} and wrote no result`);
}
process.exitCode = failed.length > 0 ? 1 : 0;
