import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LaunchPlan } from './layers.node.js';
import { everyWatchTick, openProcFiles, WATCH_MS } from './proc-watch.node.js';
import { type ExitInfo, type SandboxWorker, startWorker } from './worker.node.js';

// The host's watch of its children through /proc: the readings, the shared timer, and the kills
// they lead to, with plain Node children in place of the sandbox's (no Pyodide).

const hasProc = existsSync('/proc/self/statm');
const dir = mkdtempSync(path.join(tmpdir(), 'iofold-proc-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'shim.mjs'), '');
const fixture = (name: string, body: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, `${body}\nsetInterval(() => {}, 1000);\n`);
  return file;
};
// 96 MB touched, then idle; a results file (fd 5) made 129 MB long (sparse: no disk used)
const holdsMemory = fixture('holds.mjs', 'globalThis.kept = Buffer.alloc(96 * 1024 * 1024, 1);');
const growsResults = fixture(
  'grows.mjs',
  "import { ftruncateSync } from 'node:fs';\nftruncateSync(5, 129 * 1024 * 1024);",
);
const plan: LaunchPlan = { command: process.execPath, prefix: [], nodeFlags: [], layers: [] };

function start(entry: string, rssLimitBytes: number): SandboxWorker {
  return startWorker({ plan, runtimeDir: dir, memoryCapBytes: 0, rssLimitBytes, entry });
}

function exitOf(w: SandboxWorker, withinMs: number): Promise<ExitInfo | 'alive'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('alive'), withinMs);
    w.onExit((info) => {
      clearTimeout(timer);
      resolve(info);
    });
  });
}

async function stop(w: SandboxWorker): Promise<void> {
  if (w.exited) {
    return;
  }
  const exited = exitOf(w, 5000);
  w.kill('close');
  await exited;
}

describe.skipIf(!hasProc)('watching children through /proc', () => {
  it("reads a child's RSS as its status file says, and its CPU time; nothing once closed", async () => {
    const child = spawn(process.execPath, [holdsMemory], { stdio: 'ignore' });
    const proc = openProcFiles(child.pid);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
      const rss = proc.rssBytes() as number;
      expect(rss).toBeGreaterThan(96 * 1024 * 1024);
      expect(Math.abs(rss - kb * 1024)).toBeLessThan(8 * 1024 * 1024);
      expect(proc.cpuMs()).toBeGreaterThanOrEqual(0);
    } finally {
      proc.close();
      child.kill('SIGKILL');
    }
    expect(proc.rssBytes()).toBeNull();
    expect(proc.cpuMs()).toBeNull();
  });

  it('reads nothing from a child that has exited', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const proc = openProcFiles(child.pid);
    await new Promise((resolve) => child.on('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proc.rssBytes()).toBeNull();
    proc.close();
  });

  it('runs every watched check on one timer until each is stopped', async () => {
    const calls = { a: 0, b: 0 };
    const stopA = everyWatchTick(() => calls.a++);
    const stopB = everyWatchTick(() => calls.b++);
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS * 3.5));
    stopA();
    const a = calls.a;
    expect(a).toBeGreaterThanOrEqual(2);
    expect(Math.abs(calls.b - a)).toBeLessThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS * 2.5));
    stopB();
    expect(calls.a).toBe(a);
    expect(calls.b).toBeGreaterThan(a);
  });

  it('kills a child past its RSS limit, and not with the limit off', async () => {
    const over = start(holdsMemory, 48 * 1024 * 1024);
    const unlimited = start(holdsMemory, 0);
    try {
      const info = await exitOf(over, 10_000);
      expect(info).not.toBe('alive');
      expect((info as ExitInfo).reason).toBe('memory');
      expect(await exitOf(unlimited, 1000)).toBe('alive');
    } finally {
      await Promise.all([stop(over), stop(unlimited)]);
    }
  });

  it('kills a child whose results file grows past what any batch writes', async () => {
    const w = start(growsResults, 0);
    try {
      const info = await exitOf(w, 10_000);
      expect(info).not.toBe('alive');
      expect((info as ExitInfo).reason).toBe('protocol');
    } finally {
      await stop(w);
    }
  });
});
