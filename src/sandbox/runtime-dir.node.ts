import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packagePath } from '@/core/package-path.node.js';

const RUNNER_FILES = [
  'child.mjs',
  'shim.mjs',
  'runtime.py',
  'checker.py',
  'rewrite.py',
  'views.py',
  'reset.py',
  'jail.py',
  'warm-up.mjs',
];
const PYODIDE_FILES = [
  'package.json',
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
];

export type RuntimeDir = { dir: string; key: string; pyodideVersion: string };

/**
 * Copies Pyodide and the runner into one world-readable directory under the OS temp dir, so the
 * child (running as `nobody` under Node's permission model) needs read access to that one tree only.
 */
export function prepareRuntimeDir(baseDir: string = tmpdir()): RuntimeDir {
  const runnerDir = packagePath('src', 'sandbox', 'runner');
  const pyodideDir = path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
  const pyodideVersion = JSON.parse(readFileSync(path.join(pyodideDir, 'package.json'), 'utf8'))
    .version as string;
  const hash = createHash('sha256').update(`${pyodideVersion}\0${process.version}`);
  for (const f of RUNNER_FILES) {
    hash.update(readFileSync(path.join(runnerDir, f)));
  }
  const key = hash.digest('hex').slice(0, 16);
  const dir = path.join(baseDir, `iofold-sandbox-${key}`);
  if (existsSync(path.join(dir, 'ready'))) {
    return { dir, key, pyodideVersion };
  }
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(path.join(staging, 'pyodide'), { recursive: true });
  for (const f of RUNNER_FILES) {
    copyFileSync(path.join(runnerDir, f), path.join(staging, f));
  }
  for (const f of PYODIDE_FILES) {
    copyFileSync(path.join(pyodideDir, f), path.join(staging, 'pyodide', f));
  }
  copyFileSync(path.join(runnerDir, 'runtime.py'), path.join(staging, 'ready'));
  for (const d of [staging, path.join(staging, 'pyodide')]) {
    chmodSync(d, 0o755);
  }
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process won the race
  }
  return { dir, key, pyodideVersion };
}
