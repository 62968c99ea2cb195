/**
 * The sandbox adapter of another commit, read from git into a scratch directory, to run beside
 * this checkout's in the same rounds (bench/sandbox/sandbox.bench.ts, single-cpu.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Sandbox } from '@/core/ports/sandbox';
import type { PyodideSandboxOptions } from '@/sandbox/pyodide-sandbox.node.js';
import { scratchDir } from '../lib/bench-deps';
import { REPO_ROOT } from '../lib/context';

export type MakeSandbox = (options: PyodideSandboxOptions) => Sandbox;

/** `ref`'s createPyodideSandbox, its short commit, and how to remove its directory; throws when it has none. */
export async function sandboxAtCommit(
  ref: string,
): Promise<{ make: MakeSandbox; commit: string; remove(): void }> {
  const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO_ROOT })
    .toString()
    .trim();
  const { dir, remove } = scratchDir(`sandbox-at-${commit}`);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  // Only the paths the commit has (older commits found the package root without package-path).
  const wanted = ['src/sandbox', 'src/core/package-path.node.ts', 'package.json'];
  const present = wanted.filter(
    (p) => spawnSync('git', ['cat-file', '-e', `${commit}:${p}`], { cwd: REPO_ROOT }).status === 0,
  );
  if (!present.includes('src/sandbox')) {
    throw new Error(`${commit} has no src/sandbox`);
  }
  const archive = execFileSync('git', ['archive', commit, ...present], { cwd: REPO_ROOT });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  // The runtime copies its runner (child.mjs, the Python files) from the package root it finds
  // from package-path: that must be the extracted commit's, not this checkout's.
  const runtimeDir = path.join(dir, 'src/sandbox/runtime-dir.node.ts');
  if (present.includes('src/core/package-path.node.ts')) {
    writeFileSync(
      runtimeDir,
      readFileSync(runtimeDir, 'utf8').replace(
        "'@/core/package-path.node.js'",
        "'../core/package-path.node.js'",
      ),
    );
  }
  const mod = (await import(path.join(dir, 'src/sandbox/pyodide-sandbox.node.ts'))) as {
    createPyodideSandbox: MakeSandbox;
  };
  return { make: mod.createPyodideSandbox, commit, remove };
}
