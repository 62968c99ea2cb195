import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childArgs, type LaunchPlan } from './layers.node.js';

export type ChildMessage = { t: string; id?: number; [key: string]: unknown };
export type KillReason = 'timeout' | 'memory' | 'recycle' | 'close' | 'protocol';

export type SandboxWorker = {
  readonly pid: number;
  /** Resolves with the start-up time in ms once the child is ready; rejects if it dies first. */
  readonly ready: Promise<number>;
  runs: number;
  /** Hash of the eval code this child has run (undefined while fresh). */
  codeKey?: string;
  listen(handler: ((m: ChildMessage) => void) | null): void;
  onExit(handler: (info: ExitInfo) => void): void;
  send(message: unknown): void;
  kill(reason: KillReason): void;
  rssBytes(): number | null;
  readonly exited: boolean;
};

export type ExitInfo = {
  code: number | null;
  signal: string | null;
  reason?: KillReason;
  fatal?: string;
};

export type WorkerOptions = {
  plan: LaunchPlan;
  runtimeDir: string;
  memoryCapBytes: number;
  snapshotFile?: string;
  mode?: 'serve' | 'make-snapshot';
  rssLimitBytes: number;
};

const STDERR_KEEP = 4096;
const MAX_LINE_CHARS = 4 * 1024 * 1024;

/** Decodes one result line from fd 4 (see runner/child.mjs). */
function parseLine(line: string): ChildMessage | null {
  const [kind, id, a, ...rest] = line.split('\t');
  if (kind === 'L' && a !== undefined) {
    return { t: 'loaded', id: Number(id), json: [a, ...rest].join('\t') };
  }
  if (kind === 'R' && a !== undefined && rest.length > 0) {
    return { t: 'r', id: Number(id), i: Number(a), json: rest.join('\t') };
  }
  if (kind === 'D') {
    return { t: 'done', id: Number(id) };
  }
  return null;
}

/** Starts one sandbox child. Its stdout/stderr are drained and kept only as a short tail. */
export function startWorker(options: WorkerOptions): SandboxWorker {
  const tail = [String(options.memoryCapBytes), options.mode ?? 'serve'];
  if (options.snapshotFile) {
    tail.push(options.snapshotFile);
  }
  const child: ChildProcess = spawn(
    options.plan.command,
    childArgs(options.plan, options.runtimeDir, tail),
    {
      env: {},
      stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
      serialization: 'advanced',
      cwd: '/',
    },
  );
  // An idle pool must not keep the server process alive; the sandbox refs the loop while busy.
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr, child.stdio[4]]) {
    (stream as { unref?: () => void } | null)?.unref?.();
  }
  let stderr = '';
  const keep = (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEEP);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let handler: ((m: ChildMessage) => void) | null = null;
  const exitHandlers: ((info: ExitInfo) => void)[] = [];
  let killReason: KillReason | undefined;
  let fatal: string | undefined;
  let exited = false;
  let watchdog: NodeJS.Timeout | undefined;

  const results = child.stdio[4] as NodeJS.ReadableStream | null;
  let pending = '';
  results?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    if (pending.length > MAX_LINE_CHARS && !pending.includes('\n')) {
      worker.kill('protocol');
      pending = '';
      return;
    }
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const m = parseLine(line);
      if (m) {
        handler?.(m);
      } else {
        worker.kill('protocol');
      }
      nl = pending.indexOf('\n');
    }
  });

  const ready = new Promise<number>((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m?.t === 'ready') {
        resolve(Number(m.ms));
      } else if (m?.t === 'fatal') {
        fatal = String(m.message).slice(0, 4000);
      }
      handler?.(m);
    };
    child.on('message', onMessage);
    child.on('error', (e) => reject(e));
    child.on('exit', (code, signal) => {
      exited = true;
      clearInterval(watchdog);
      const info: ExitInfo = { code, signal, reason: killReason, fatal: fatal ?? stderr.trim() };
      reject(new Error(`sandbox child exited before ready (${code ?? signal}): ${info.fatal}`));
      for (const h of exitHandlers) {
        h(info);
      }
    });
  });
  ready.catch(() => {});

  const worker: SandboxWorker = {
    pid: child.pid ?? -1,
    ready,
    runs: 0,
    listen: (h) => {
      handler = h;
    },
    onExit: (h) => {
      exitHandlers.push(h);
    },
    send: (message) => {
      if (!exited && child.connected) {
        child.send(message as never);
      }
    },
    kill: (reason) => {
      if (!exited) {
        killReason ??= reason;
        child.kill('SIGKILL');
      }
    },
    rssBytes: () => readRss(child.pid),
    get exited() {
      return exited;
    },
  };
  if (options.rssLimitBytes > 0) {
    watchdog = setInterval(() => {
      const rss = worker.rssBytes();
      if (rss !== null && rss > options.rssLimitBytes) {
        worker.kill('memory');
      }
    }, 100);
    watchdog.unref();
  }
  return worker;
}

function readRss(pid: number | undefined): number | null {
  if (!pid) {
    return null;
  }
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}
