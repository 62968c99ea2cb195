import { availableParallelism } from 'node:os';
import path from 'node:path';
import type {
  CheckResult,
  RunEvalInput,
  RunEvalResult,
  Sandbox,
  SandboxError,
} from '@/core/ports/sandbox';
import { planLaunch } from './layers.node.js';
import { SANDBOX_LIMITS } from './limits';
import { runBatch } from './run-batch.node.js';
import { prepareRuntimeDir, type RuntimeDir } from './runtime-dir.node.js';
import { claimRuntimeDir, removeUnusedRuntimeDirs } from './runtime-dir-users.node.js';
import { type SandboxProcesses, startSandboxProcesses } from './sandbox-processes.node.js';
import { describeStatus } from './sandbox-status.node.js';

export type PyodideSandboxOptions = {
  /** Children running batches at once; default min(os.availableParallelism(), 2). */
  poolSize?: number;
  /** Fresh children kept ready for a workspace that has none, default 1. */
  spares?: number;
  /** WebAssembly heap cap per child (MB), default 256. */
  memoryCapMb?: number;
  /** RSS above which the host kills a child (MB), default 768. */
  rssLimitMb?: number;
  /** Default per-trace limit when a call gives none (ms), default 5000. */
  timeoutMsPerTrace?: number;
  /** Wall-clock limit of one runEval call (ms, checked once a second), default 10 minutes. */
  batchTimeoutMs?: number;
  /** Batches (chunks) a child serves (for one workspace) before it is replaced, default 50. */
  maxRunsPerWorker?: number;
  /** Traces per chunk sent to one child at most, default 250. */
  maxTracesPerChunk?: number;
  /** CPU time per second above which an idle child is killed (ms), default 250. */
  idleCpuMsPerSecond?: number;
  /** Use the memory snapshot for fast starts, default true. */
  snapshot?: boolean;
  /** Skip OS layers (netns, setpriv) even where available. Tests of the fallback only. */
  osIsolation?: boolean;
  /** Where the runtime dir (Pyodide copy + snapshot) lives; default the OS temp dir. */
  runtimeBaseDir?: string;
  /** Tests only: a fixture script that wraps the batch child (see testing/escaped-child.mjs). */
  workerEntry?: string;
};

/** The Node adapter of the Sandbox port: Pyodide in a warm pool of isolated child processes. */
export function createPyodideSandbox(options: PyodideSandboxOptions = {}): Sandbox {
  const memoryCapMb = options.memoryCapMb ?? 256;
  const { runtime, release } = claimRuntime(options.runtimeBaseDir);
  const planned = planLaunch({
    runtimeDir: runtime.dir,
    memoryCapMb,
    osIsolation: options.osIsolation,
    extraReadDirs: options.workerEntry ? [path.dirname(options.workerEntry)] : [],
  });
  const size = Math.max(1, options.poolSize ?? Math.min(availableParallelism(), 2));
  const timeoutMsPerTrace = options.timeoutMsPerTrace ?? SANDBOX_LIMITS.timeoutMsPerTrace;
  const batchTimeoutMs = options.batchTimeoutMs ?? 10 * 60_000;
  const maxPerChunk = options.maxTracesPerChunk ?? 250;
  const maxRunsPerWorker = options.maxRunsPerWorker ?? 50;
  let nextId = 1;
  const started: Promise<SandboxProcesses> = planned.then((plan) =>
    startSandboxProcesses({
      plan,
      runtimeDir: runtime.dir,
      memoryCapBytes: memoryCapMb * 1024 * 1024,
      rssLimitBytes: (options.rssLimitMb ?? 768) * 1024 * 1024,
      snapshot: options.snapshot !== false,
      size,
      spares: options.spares ?? 1,
      maxRunsPerWorker,
      idleCpuMsPerSecond: options.idleCpuMsPerSecond,
      workerEntry: options.workerEntry,
    }),
  );
  const busy = keepLoopAliveWhileBusy();

  async function check(code: string, workspaceId?: string): Promise<CheckResult> {
    const tooLarge = codeTooLarge(code);
    if (tooLarge) {
      return { ok: false, issues: [tooLarge] };
    }
    try {
      return await (await started).checker.check(code, workspaceId);
    } catch (e) {
      return { ok: false, issues: [], error: unavailable(e) };
    }
  }

  async function runEval(input: RunEvalInput): Promise<RunEvalResult> {
    const checked = await check(input.code, input.workspaceId);
    if (!checked.ok) {
      return { ok: false, error: checked.error ?? staticError(checked.issues) };
    }
    if (input.traces.length === 0) {
      return { ok: true, outcomes: [] };
    }
    return runBatch((await started).pool, input, {
      timeoutMsPerTrace: input.timeoutMsPerTrace ?? timeoutMsPerTrace,
      batchTimeoutMs,
      chunkSize: Math.max(1, Math.min(maxPerChunk, Math.ceil(input.traces.length / size))),
      nextId: () => nextId++,
      concurrency: size,
    });
  }

  return {
    check: (code, workspaceId) => busy(() => check(code, workspaceId)),
    runEval: (input) => busy(() => runEval(input)),
    status: () =>
      busy(async () => {
        let failure = '';
        const processes = await started.catch((e: unknown) => {
          failure = e instanceof Error ? e.message : String(e);
          return null;
        });
        return describeStatus({
          stats: processes?.pool.stats() ?? null,
          plan: await planned,
          snapshotLayer: processes?.snapshotLayer ?? {
            name: 'memory-snapshot',
            active: false,
            detail: `the sandbox failed to start: ${failure}`,
          },
          pyodideVersion: runtime.pyodideVersion,
          maxRunsPerWorker,
          timeoutMsPerTrace,
          batchTimeoutMs,
        });
      }),
    close: () =>
      busy(async () => {
        // A sandbox that failed to start has no processes to close; status() and every call
        // already report why it failed.
        const processes = await started.catch(() => null);
        try {
          await Promise.all([processes?.pool.close(), processes?.checker.close()]);
        } finally {
          try {
            release();
            removeUnusedRuntimeDirs(path.dirname(runtime.dir), runtime.dir);
          } catch {
            // Best effort: a dir left behind is removed when the next sandbox shuts down.
          }
        }
      }).finally(busy.stop),
  };
}

/** The runtime dir, marked as used by this process (copied again if a cleanup raced us). */
function claimRuntime(baseDir?: string): { runtime: RuntimeDir; release: () => void } {
  let runtime = prepareRuntimeDir(baseDir);
  let release = claimRuntimeDir(runtime.dir);
  if (!release) {
    runtime = prepareRuntimeDir(baseDir);
    release = claimRuntimeDir(runtime.dir);
  }
  let released = false;
  return {
    runtime,
    release: () => {
      if (release && !released) {
        released = true;
        release();
      }
    },
  };
}

/**
 * Children are unref'd; while a call is pending this timer keeps the event loop alive. One timer
 * for the sandbox's life, ref'd and unref'd: a timer made and cleared on every call made its
 * timer list anew each time, on the call's path.
 */
function keepLoopAliveWhileBusy() {
  let pending = 0;
  let keepAlive: NodeJS.Timeout | undefined;
  const busy = async <T>(work: () => Promise<T>): Promise<T> => {
    if (pending++ === 0) {
      keepAlive ??= setInterval(() => {}, 60_000);
      keepAlive.ref();
    }
    try {
      return await work();
    } finally {
      if (--pending === 0) {
        keepAlive?.unref();
      }
    }
  };
  /** Once the sandbox is closed: the timer goes. */
  const stop = () => {
    clearInterval(keepAlive);
    keepAlive = undefined;
  };
  return Object.assign(busy, { stop });
}

function unavailable(e: unknown): SandboxError {
  return {
    code: 'UNAVAILABLE',
    message: `sandbox unavailable: ${e instanceof Error ? e.message : String(e)}`,
    retryable: true,
  };
}

function staticError(issues: { message: string; line: number }[]): SandboxError {
  const first = issues[0];
  return {
    code: 'STATIC_ERROR',
    message: first?.message ?? 'the eval failed the static check',
    line: first?.line ?? 1,
    retryable: false,
  };
}

function codeTooLarge(code: string) {
  if (Buffer.byteLength(code, 'utf8') <= SANDBOX_LIMITS.codeBytes) {
    return null;
  }
  return {
    code: 'CODE_TOO_LARGE',
    message: `eval code is larger than ${SANDBOX_LIMITS.codeBytes} bytes`,
    line: 1,
    column: 1,
  };
}
