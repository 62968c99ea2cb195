import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childArgs, type LaunchPlan } from './layers.node.js';

export type ChildMessage = { t: string; id?: number; [key: string]: unknown };
export type KillReason =
  | 'timeout'
  | 'memory'
  | 'recycle'
  | 'close'
  | 'protocol'
  | 'idle-cpu'
  | 'reset';

export type SandboxWorker = {
  readonly pid: number;
  /** Resolves with the start-up time in ms once the child is ready; rejects if it dies first. */
  readonly ready: Promise<number>;
  runs: number;
  /** The workspace whose evals this child runs; undefined until it runs its first batch. */
  tenant?: string;
  listen(handler: ((m: ChildMessage) => void) | null): void;
  /** After each batch the child reports once: clean (null) or what it left behind (then exits). */
  onReset(handler: ((leftovers: string | null) => void) | null): void;
  /** Calls `handler` when the child exits; returns a function that removes it. */
  onExit(handler: (info: ExitInfo) => void): () => void;
  send(message: unknown): void;
  kill(reason: KillReason): void;
  rssBytes(): number | null;
  /** User + system CPU time of the child so far (ms, 10 ms resolution), null without /proc. */
  cpuMs(): number | null;
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
  mode?: 'serve' | 'check' | 'make-snapshot';
  /** Tests only: a fixture script that wraps runner/child.mjs (it must be readable by the child). */
  entry?: string;
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
  if (kind === 'Z' && id === undefined) {
    return { t: 'clean' };
  }
  if (kind === 'X') {
    return { t: 'dirty', leftovers: [id, a, ...rest].filter((x) => x !== undefined).join(' ') };
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
    childArgs(options.plan, options.runtimeDir, tail, options.entry),
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
  let resetHandler: ((leftovers: string | null) => void) | null = null;
  // a report that arrived before anyone listened (it often shares a read with the batch's end)
  let unheardReset: { leftovers: string | null } | null = null;
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
      if (m?.t === 'clean' || m?.t === 'dirty') {
        const leftovers = m.t === 'clean' ? null : String(m.leftovers);
        if (resetHandler) {
          resetHandler(leftovers);
        } else {
          unheardReset = { leftovers };
        }
      } else if (m) {
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
      for (const h of [...exitHandlers]) {
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
      return () => {
        const i = exitHandlers.indexOf(h);
        if (i >= 0) {
          exitHandlers.splice(i, 1);
        }
      };
    },
    onReset: (h) => {
      resetHandler = h;
      const unheard = unheardReset;
      if (h && unheard) {
        unheardReset = null;
        h(unheard.leftovers);
      }
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
    cpuMs: () => readCpuMs(child.pid),
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

function readCpuMs(pid: number | undefined): number | null {
  if (!pid) {
    return null;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the ")" closing the command name: state is field 3, utime 14, stime 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
