import type { AskedQuestion, SandboxError, TraceOutcome } from '@/core/ports/sandbox';
import type { ExitInfo, SandboxWorker } from './worker.node.js';

export type ChunkInput = {
  id: number;
  code: string;
  traceIds: string[];
  batch: Uint8Array;
  /** `batch` is in marshal format (marshal-batch.node.ts), else JSON. */
  marshal: boolean;
  timeoutMsPerTrace: number;
  outputCap: number;
  reasonCap: number;
  /** Bridge answers as JSON (`[{q, a}]`), the same for every chunk of a call. */
  answers: string;
  /**
   * How long the child may hold trace results before writing them (ms): each write wakes the
   * host. 0 writes each at once, so a kill is attributed to the trace that was running.
   */
  holdMs: number;
};

/**
 * Outcomes for a prefix of the chunk's traces; the caller re-queues the rest on a fresh worker.
 * `unattributed`: the child was killed or died while it may have held lines, so whether the
 * module loaded and which trace was running are not known; the rest must run again with
 * `holdMs` 0, where they are.
 */
export type ChunkResult =
  | { kind: 'outcomes'; outcomes: TraceOutcome[]; recycle: boolean; unattributed?: boolean }
  | { kind: 'static'; error: SandboxError };

type Parsed = { ok: boolean; error?: SandboxError; violation?: boolean; [k: string]: unknown };

const LOAD_GRACE_MS = 5000;
const TRACE_GRACE_MS = 50;

function err(code: SandboxError['code'], message: string): SandboxError {
  return { code, message, retryable: code === 'UNAVAILABLE' };
}

/** Runs one chunk on one worker, enforcing the per-trace time limit by SIGKILL from outside. */
export function runChunk(worker: SandboxWorker, input: ChunkInput): Promise<ChunkResult> {
  const outcomes: TraceOutcome[] = [];
  const n = input.traceIds.length;
  let loaded = false;
  let recycle = false;
  let traceStart = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let armedMs = 0;
  let timedOut = false;
  let settled = false;

  return new Promise<ChunkResult>((resolve) => {
    let unsubscribe = () => {};
    const finish = (result: ChunkResult) => {
      settled = true;
      clearTimeout(timer);
      worker.listen(null);
      unsubscribe();
      resolve(result);
    };
    // One timer per trace limit, restarted per trace (no new timer per result line).
    const arm = (ms: number) => {
      if (timer && armedMs === ms) {
        timer.refresh();
        return;
      }
      clearTimeout(timer);
      armedMs = ms;
      timer = setTimeout(() => {
        timedOut = true;
        worker.kill('timeout');
      }, ms);
    };
    const failRest = (error: SandboxError) => {
      const ms = performance.now() - traceStart;
      for (let i = outcomes.length; i < n; i++) {
        outcomes.push(failed(input.traceIds[i] ?? '', error, ms, ''));
      }
    };
    unsubscribe = worker.onExit((info: ExitInfo) => {
      if (settled) {
        return;
      }
      const ms = performance.now() - traceStart;
      const id = input.traceIds[outcomes.length] ?? '';
      if (input.holdMs > 0) {
        finish({ kind: 'outcomes', outcomes, recycle: true, unattributed: true });
        return;
      }
      if (!loaded) {
        failRest(
          timedOut
            ? err('TIMEOUT', `the eval module or the batch did not load within the time limit`)
            : exitError(info),
        );
      } else {
        outcomes.push(failed(id, timedOut ? timeoutError(input) : exitError(info), ms, ''));
      }
      finish({ kind: 'outcomes', outcomes, recycle: true });
    });
    worker.listen((m) => {
      if (m.id !== input.id) {
        return;
      }
      if (m.t === 'loaded') {
        const r = parse(m.json);
        loaded = true;
        traceStart = performance.now();
        if (!r) {
          worker.kill('protocol');
        } else if (!r.ok && r.error?.code === 'STATIC_ERROR') {
          finish({ kind: 'static', error: r.error });
        } else if (!r.ok) {
          recycle = recycle || Boolean(r.violation);
          failRest(r.error ?? err('USER_CODE_ERROR', 'the eval module failed to load'));
        } else {
          arm(input.timeoutMsPerTrace + input.holdMs + TRACE_GRACE_MS);
        }
      } else if (m.t === 'r') {
        const r = parse(m.json);
        const id = input.traceIds[outcomes.length];
        if (!r || m.i !== outcomes.length || id === undefined) {
          worker.kill('protocol');
          return;
        }
        recycle = recycle || Boolean(r.violation);
        if (r.error?.code === 'TIMEOUT') {
          // the child saw the trace run over its limit: the same outcome as a kill by the timer
          outcomes.push(failed(id, timeoutError(input), Number(r.durationMs) || 0, ''));
          finish({ kind: 'outcomes', outcomes, recycle: true });
          return;
        }
        outcomes.push(toOutcome(id, r));
        traceStart = performance.now();
        arm(input.timeoutMsPerTrace + input.holdMs + TRACE_GRACE_MS);
      } else if (m.t === 'done') {
        if (outcomes.length < n) {
          failRest(err('USER_CODE_ERROR', 'the sandbox stopped before running this trace'));
        }
        finish({ kind: 'outcomes', outcomes, recycle });
      }
    });
    arm(input.timeoutMsPerTrace + LOAD_GRACE_MS + input.batch.byteLength / 10_000);
    worker.send({
      t: 'run',
      id: input.id,
      code: input.code,
      batch: input.batch,
      marshal: input.marshal,
      count: n,
      outputCap: input.outputCap,
      reasonCap: input.reasonCap,
      answers: input.answers,
      hold: input.holdMs,
      limit: input.timeoutMsPerTrace + TRACE_GRACE_MS,
    });
  });
}

function timeoutError(input: ChunkInput): SandboxError {
  return err('TIMEOUT', `the eval did not finish within ${input.timeoutMsPerTrace} ms`);
}

function parse(json: unknown): Parsed | null {
  if (typeof json !== 'string' || json.length > 1_000_000) {
    return null;
  }
  try {
    const v = JSON.parse(json) as Parsed;
    return typeof v === 'object' && v !== null && typeof v.ok === 'boolean' ? v : null;
  } catch {
    return null;
  }
}

function toOutcome(traceId: string, r: Parsed): TraceOutcome {
  const durationMs = Number(r.durationMs) || 0;
  const output = typeof r.output === 'string' ? r.output : '';
  if (r.ok && typeof r.passed === 'boolean' && typeof r.reason === 'string') {
    return { traceId, ok: true, passed: r.passed, reason: r.reason, durationMs, output };
  }
  if (r.error?.code === 'NEEDS_ANSWER' && Array.isArray(r.questions)) {
    const questions = r.questions as AskedQuestion[];
    return { traceId, ok: false, error: r.error, durationMs, output, questions };
  }
  return failed(traceId, r.error ?? err('USER_CODE_ERROR', 'unknown failure'), durationMs, output);
}

function failed(
  traceId: string,
  error: SandboxError,
  durationMs: number,
  output: string,
): TraceOutcome {
  return { traceId, ok: false, error, durationMs: Math.round(durationMs * 1000) / 1000, output };
}

function exitError(info: ExitInfo): SandboxError {
  if (info.reason === 'memory') {
    return err('RESOURCE_LIMIT', 'the sandbox process exceeded its memory limit and was killed');
  }
  if (info.reason === 'protocol') {
    return err('USER_CODE_ERROR', 'the sandbox process sent an invalid message and was killed');
  }
  const how = info.signal ? `signal ${info.signal}` : `exit code ${info.code}`;
  const detail = info.fatal ? `: ${info.fatal.slice(0, 500)}` : '';
  return err(
    'RESOURCE_LIMIT',
    `the sandbox process died while running this trace (${how})${detail}`,
  );
}
