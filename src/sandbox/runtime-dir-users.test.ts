import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimRuntimeDir, removeUnusedRuntimeDirs } from './runtime-dir-users.node.js';

const base = mkdtempSync(path.join(tmpdir(), 'iofold-runtime-users-'));
afterEach(() => {
  for (const name of readdirSync(base)) {
    rmSync(path.join(base, name), { recursive: true, force: true });
  }
});

/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid as number;

function runtimeDir(key: string, users: number[] = []): string {
  const dir = path.join(base, `iofold-sandbox-${key.repeat(16)}`);
  mkdirSync(path.join(dir, 'pyodide'), { recursive: true });
  writeFileSync(path.join(dir, 'ready'), '');
  if (users.length > 0) {
    mkdirSync(path.join(dir, '.users'));
    for (const pid of users) {
      writeFileSync(path.join(dir, '.users', `${pid}-1`), '');
    }
  }
  return dir;
}

describe('sandbox runtime dir cleanup', () => {
  it('removes dirs nobody uses and dead staging copies, keeps used ones and its own', () => {
    const dead = deadPid();
    const own = runtimeDir('a');
    const orphan = runtimeDir('b');
    const deadUser = runtimeDir('c', [dead]);
    const used = runtimeDir('d', [process.pid]);
    const deadStaging = path.join(base, `iofold-sandbox-${'e'.repeat(16)}.${dead}.1700000000000`);
    const liveStaging = path.join(base, `iofold-sandbox-${'f'.repeat(16)}.${process.pid}.1`);
    const unrelated = path.join(base, 'something-else');
    for (const dir of [deadStaging, liveStaging, unrelated]) {
      mkdirSync(dir);
    }
    const removed = removeUnusedRuntimeDirs(base, own);
    expect(removed.sort()).toEqual(
      [orphan, deadUser, deadStaging].map((d) => path.basename(d)).sort(),
    );
    for (const kept of [own, used, liveStaging, unrelated]) {
      expect(existsSync(kept), kept).toBe(true);
    }
  });

  it('keeps a claimed dir until its sandbox releases it', () => {
    const own = runtimeDir('a');
    const other = runtimeDir('b');
    const release = claimRuntimeDir(other);
    expect(release).toBeTypeOf('function');
    removeUnusedRuntimeDirs(base, own);
    expect(existsSync(other)).toBe(true);
    if (release) {
      release();
    }
    removeUnusedRuntimeDirs(base, own);
    expect(existsSync(other)).toBe(false);
    expect(claimRuntimeDir(other)).toBe(false);
  });
});
