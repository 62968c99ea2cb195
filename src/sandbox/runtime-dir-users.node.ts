import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const RUNTIME = /^iofold-sandbox-[0-9a-f]{16}$/;
const STAGING = /^iofold-sandbox-[0-9a-f]{16}\.(\d+)\.\d+$/;
let claims = 0;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks a runtime dir as used by this sandbox (`<dir>/.users/<pid>-<n>`), so another process's
 * cleanup leaves it alone. Answers the release function; false when the dir is gone.
 */
export function claimRuntimeDir(dir: string): (() => void) | false {
  const users = path.join(dir, '.users');
  const marker = path.join(users, `${process.pid}-${++claims}`);
  try {
    try {
      mkdirSync(users);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    writeFileSync(marker, '');
  } catch {
    return false;
  }
  return () => rmSync(marker, { force: true });
}

function liveUsers(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(path.join(dir, '.users'));
  } catch {
    return 0;
  }
  let live = 0;
  for (const name of names) {
    if (alive(Number(name.split('-')[0]))) {
      live++;
    } else {
      rmSync(path.join(dir, '.users', name), { force: true });
    }
  }
  return live;
}

/**
 * Removes sandbox runtime dirs under `baseDir` that nothing uses: staging copies of processes that
 * died, and runtime dirs (other Pyodide or runner versions) without a live user. `keep` (this
 * build's dir, holding the memory snapshot that makes the next start fast) stays.
 */
export function removeUnusedRuntimeDirs(baseDir: string, keep: string): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(baseDir);
  } catch {
    return removed;
  }
  for (const name of entries) {
    const full = path.join(baseDir, name);
    const staging = STAGING.exec(name);
    const unused = staging
      ? !alive(Number(staging[1]))
      : RUNTIME.test(name) && full !== path.resolve(keep) && liveUsers(full) === 0;
    if (unused) {
      rmSync(full, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}
