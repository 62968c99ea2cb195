import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type {
  CheckResult,
  RunEvalInput,
  RunEvalResult,
  Sandbox,
  SandboxError,
  SandboxLayer,
  SandboxStatus,
  TraceOutcome,
} from '@/core/ports/sandbox';
import { checkInWorker } from './check-in-worker.node.js';
import { planLaunch } from './layers.node.js';
import { SANDBOX_LIMITS } from './limits';
import { createPool, type Pool } from './pool.node.js';
import { runChunk } from './run-chunk.node.js';
import { prepareRuntimeDir } from './runtime-dir.node.js';
import { claimRuntimeDir, removeUnusedRuntimeDirs } from './runtime-dir-users.node.js';
import { ensureSnapshot } from './snapshot.node.js';

export type PyodideSandboxOptions = {
  /** Warm children; default min(os.availableParallelism(), 2). */
  poolSize?: number;
  /** WebAssembly heap cap per child (MB), default 256. */
  memoryCapMb?: number;
  /** RSS above which the host kills a child (MB), default 768. */
  rssLimitMb?: number;
  /** Default per-trace limit when a call gives none (ms), default 5000. */
  timeoutMsPerTrace?: number;
  /** Wall-clock limit of one runEval call (ms), default 10 minutes. */
  batchTimeoutMs?: number;
  /** Batches (chunks) a child serves before it is replaced, default 50. */
  maxRunsPerWorker?: number;
  /** Traces per chunk sent to one child at most, default 250. */
  maxTracesPerChunk?: number;
  /** Use the memory snapshot for fast starts, default true. */
  snapshot?: boolean;
  /** Skip OS layers (netns, setpriv) even where available. Tests of the fallback only. */
  osIsolation?: boolean;
  /** Where the runtime dir (Pyodide copy + snapshot) lives; default the OS temp dir. */
  runtimeBaseDir?: string;
};

/** The Node adapter of the Sandbox port: Pyodide in a warm pool of isolated child processes. */
export function createPyodideSandbox(options: PyodideSandboxOptions = {}): Sandbox {
  const memoryCapMb = options.memoryCapMb ?? 256;
  let runtime = prepareRuntimeDir(options.runtimeBaseDir);
  let release = claimRuntimeDir(runtime.dir);
  if (!release) {
    // another process's cleanup removed it between the two calls: copy it again
    runtime = prepareRuntimeDir(options.runtimeBaseDir);
    release = claimRuntimeDir(runtime.dir);
  }
  const plan = planLaunch({
    runtimeDir: runtime.dir,
    memoryCapMb,
    osIsolation: options.osIsolation,
  });
  const memoryCapBytes = memoryCapMb * 1024 * 1024;
  const rssLimitBytes = (options.rssLimitMb ?? 768) * 1024 * 1024;
  const size = Math.max(1, options.poolSize ?? Math.min(availableParallelism(), 2));
  const defaultTimeout = options.timeoutMsPerTrace ?? SANDBOX_LIMITS.timeoutMsPerTrace;
  const batchTimeoutMs = options.batchTimeoutMs ?? 10 * 60_000;
  const maxPerChunk = options.maxTracesPerChunk ?? 250;
  let snapshotLayer: SandboxLayer = { name: 'memory-snapshot', active: false, detail: 'starting' };
  let nextId = 1;
  // Children are unref'd; while a call is pending this timer keeps the event loop alive.
  let pending = 0;
  let keepAlive: NodeJS.Timeout | undefined;
  const busy = async <T>(work: () => Promise<T>): Promise<T> => {
    if (pending++ === 0) {
      keepAlive = setInterval(() => {}, 60_000);
    }
    try {
      return await work();
    } finally {
      if (--pending === 0) {
        clearInterval(keepAlive);
      }
    }
  };

  const poolReady: Promise<Pool> = (async () => {
    let snapshotFile: string | undefined;
    if (options.snapshot !== false) {
      const snap = await ensureSnapshot(plan, runtime.dir, memoryCapBytes);
      if ('file' in snap) {
        snapshotFile = snap.file;
        snapshotLayer = {
          name: 'memory-snapshot',
          active: true,
          detail: `children start from a Pyodide memory snapshot (${snap.made ? `made in ${Math.round(snap.ms)} ms` : 'cached'}, ${runtime.dir})`,
        };
      } else {
        snapshotLayer = {
          name: 'memory-snapshot',
          active: false,
          detail: `snapshot failed, plain start: ${snap.error}`,
        };
      }
    } else {
      snapshotLayer = {
        name: 'memory-snapshot',
        active: false,
        detail: 'disabled by configuration',
      };
    }
    return createPool({
      size,
      plan,
      runtimeDir: runtime.dir,
      memoryCapBytes,
      rssLimitBytes,
      snapshotFile,
      maxRunsPerWorker: options.maxRunsPerWorker ?? 50,
    });
  })();

  const unavailable = (e: unknown): SandboxError => ({
    code: 'UNAVAILABLE',
    message: `sandbox unavailable: ${e instanceof Error ? e.message : String(e)}`,
    retryable: true,
  });

  return {
    check: (code) => busy(() => check(code)),
    runEval: (input) => busy(() => runEval(input)),
    status: () => busy(status),
    close: () => busy(close),
  };

  async function check(code: string): Promise<CheckResult> {
    const tooLarge = codeTooLarge(code);
    if (tooLarge) {
      return { ok: false, issues: [tooLarge] };
    }
    try {
      return await checkInWorker(await poolReady, code, nextId++);
    } catch (e) {
      return { ok: false, issues: [], error: unavailable(e) };
    }
  }

  async function runEval(input: RunEvalInput): Promise<RunEvalResult> {
    const tooLarge = codeTooLarge(input.code);
    if (tooLarge) {
      return {
        ok: false,
        error: { code: 'STATIC_ERROR', message: tooLarge.message, line: 1, retryable: false },
      };
    }
    let pool: Pool;
    try {
      pool = await poolReady;
    } catch (e) {
      return { ok: false, error: unavailable(e) };
    }
    return runBatch(pool, input, {
      timeoutMsPerTrace: input.timeoutMsPerTrace ?? defaultTimeout,
      batchTimeoutMs,
      chunkSize: Math.max(1, Math.min(maxPerChunk, Math.ceil(input.traces.length / size))),
      nextId: () => nextId++,
      concurrency: size,
    });
  }

  async function status(): Promise<SandboxStatus> {
    let stats = null;
    try {
      stats = (await poolReady).stats();
    } catch {}
    const layers: SandboxLayer[] = [
      {
        name: 'child-process-pool',
        active: stats !== null,
        detail: stats
          ? `${stats.size} warm Pyodide ${runtime.pyodideVersion} children (${stats.idle} idle), recycled after ${options.maxRunsPerWorker ?? 50} runs or any violation${stats.lastError ? `; last start error: ${stats.lastError}` : ''}`
          : 'the pool failed to start',
      },
      ...plan.layers,
      snapshotLayer,
      {
        name: 'time-limits',
        active: true,
        detail: `per trace ${defaultTimeout} ms by default, per call ${batchTimeoutMs} ms; enforced by SIGKILL from the host`,
      },
      {
        name: 'output-caps',
        active: true,
        detail: `captured output ${SANDBOX_LIMITS.outputChars} chars and reason ${SANDBOX_LIMITS.reasonChars} chars per trace; code ${SANDBOX_LIMITS.codeBytes} bytes`,
      },
    ];
    return { kind: 'pyodide', available: stats !== null, layers };
  }

  async function close() {
    try {
      await (await poolReady).close();
    } catch {}
    try {
      if (release) {
        release();
        release = false;
      }
      removeUnusedRuntimeDirs(path.dirname(runtime.dir), runtime.dir);
    } catch {}
  }
}

function codeTooLarge(code: string) {
  if (new TextEncoder().encode(code).byteLength <= SANDBOX_LIMITS.codeBytes) {
    return null;
  }
  return {
    code: 'CODE_TOO_LARGE',
    message: `eval code is larger than ${SANDBOX_LIMITS.codeBytes} bytes`,
    line: 1,
    column: 1,
  };
}

type BatchSettings = {
  timeoutMsPerTrace: number;
  batchTimeoutMs: number;
  chunkSize: number;
  concurrency: number;
  nextId: () => number;
};

async function runBatch(pool: Pool, input: RunEvalInput, s: BatchSettings): Promise<RunEvalResult> {
  const traces = input.traces;
  const json = traces.map((t) => JSON.stringify(t));
  const outcomes: (TraceOutcome | undefined)[] = new Array(traces.length);
  const queue: number[][] = [];
  for (let i = 0; i < traces.length; i += s.chunkSize) {
    queue.push(Array.from({ length: Math.min(s.chunkSize, traces.length - i) }, (_, k) => i + k));
  }
  let staticError: SandboxError | null = null;
  let stopped: string | null = null;
  const busy = new Set<{ kill: (r: 'timeout') => void }>();
  const stop = (why: string) => {
    stopped = why;
    for (const w of busy) {
      w.kill('timeout');
    }
  };
  const deadline = setTimeout(
    () => stop(`the call exceeded its ${s.batchTimeoutMs} ms limit`),
    s.batchTimeoutMs,
  );
  const onAbort = () => stop('the call was aborted');
  input.signal?.addEventListener('abort', onAbort);
  const encoder = new TextEncoder();
  const codeKey = createHash('sha256').update(input.code).digest('hex');

  const lane = async () => {
    for (let indices = queue.shift(); indices; indices = queue.shift()) {
      if (stopped || staticError) {
        return;
      }
      const worker = await pool.acquire(codeKey);
      worker.codeKey = codeKey;
      busy.add(worker);
      const result = await runChunk(worker, {
        id: s.nextId(),
        code: input.code,
        traceIds: indices.map((i) => traces[i]?.trace_id ?? String(i)),
        batch: encoder.encode(`[${indices.map((i) => json[i]).join(',')}]`),
        timeoutMsPerTrace: s.timeoutMsPerTrace,
        outputCap: SANDBOX_LIMITS.outputChars,
        reasonCap: SANDBOX_LIMITS.reasonChars,
      });
      busy.delete(worker);
      pool.release(worker, result.kind === 'outcomes' ? result.recycle : false);
      if (result.kind === 'static') {
        staticError = result.error;
        return;
      }
      result.outcomes.forEach((o, k) => {
        const i = indices[k];
        if (i !== undefined && !stopped) {
          outcomes[i] = o;
        }
      });
      if (result.outcomes.length < indices.length) {
        queue.unshift(indices.slice(result.outcomes.length));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(s.concurrency, queue.length) }, lane));
  } catch (e) {
    return {
      ok: false,
      error: { code: 'UNAVAILABLE', message: `sandbox unavailable: ${String(e)}`, retryable: true },
    };
  } finally {
    clearTimeout(deadline);
    input.signal?.removeEventListener('abort', onAbort);
  }
  if (staticError) {
    return { ok: false, error: staticError };
  }
  const why = stopped ?? 'not run';
  return {
    ok: true,
    outcomes: traces.map(
      (t, i) =>
        outcomes[i] ?? {
          traceId: t.trace_id,
          ok: false,
          error: { code: 'TIMEOUT', message: `not run: ${why}`, retryable: true },
          durationMs: 0,
          output: '',
        },
    ),
  };
}
