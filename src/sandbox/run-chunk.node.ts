import type { AskedQuestion, SandboxError, TraceOutcome } from '@/core/ports/sandbox';
import type { ChildMessage, ExitInfo, SandboxWorker } from './worker.node.js';

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
};

/** Outcomes for a prefix of the chunk's traces; the caller re-queues the rest on a fresh worker. */
export type ChunkResult =
  | { kind: 'outcomes'; outcomes: TraceOutcome[]; recycle: boolean }
  | { kind: 'static'; error: SandboxError };

type Parsed = { ok: boolean; error?: SandboxError; violation?: boolean; [k: string]: unknown };

const LOAD_GRACE_MS = 5000;
const TRACE_GRACE_MS = 50;
const LOAD_POLL_MS = 100;

function err(code: SandboxError['code'], message: string): SandboxError {
  return { code, message, retryable: code === 'UNAVAILABLE' };
}

/** Epoch ms, comparable with the times the child writes on its lines. */
const epochNow = () => performance.timeOrigin + performance.now();

/**
 * Runs one chunk on one worker, enforcing the per-trace time limit by SIGKILL from outside. The
 * child appends each result line to its results file at once and wakes the host only when the
 * chunk is over; the host reads the file then, and when a limit may have run out: the running
 * trace started when the child wrote its last line, so it is killed only once its own limit has
 * passed since then, and a kill is attributed to it exactly.
 */
export function runChunk(worker: SandboxWorker, input: ChunkInput): Promise<ChunkResult> {
  const outcomes: TraceOutcome[] = [];
  const n = input.traceIds.length;
  const sentAt = epochNow();
  const loadDeadline =
    sentAt + input.timeoutMsPerTrace + LOAD_GRACE_MS + input.batch.byteLength / 10_000;
  let loaded = false;
  let recycle = false;
  let lastAt = sentAt; // when the child wrote its last line: the running trace started then
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  let settled = false;
  let stopReading = false; // killed by this chunk: what it reads next changes nothing

  return new Promise<ChunkResult>((resolve) => {
    const kill = (reason: 'timeout' | 'protocol') => {
      stopReading = true;
      timedOut = reason === 'timeout';
      worker.kill(reason);
    };
    let unsubscribe = () => {};
    const finish = (result: ChunkResult) => {
      settled = true;
      clearTimeout(timer);
      worker.listen(null);
      unsubscribe();
      worker.clearResults();
      resolve(result);
    };
    const traceDeadline = () => lastAt + input.timeoutMsPerTrace + TRACE_GRACE_MS;
    const deadline = () => (loaded ? traceDeadline() : loadDeadline);
    // Until the "loaded" line is read, look when the first trace's limit would run out if the
    // module had loaded at once, then every LOAD_POLL_MS: the first trace's kill is then late by
    // at most that, and only when loading took longer than a trace's limit.
    const arm = () => {
      const at = loaded
        ? traceDeadline()
        : Math.min(loadDeadline, Math.max(traceDeadline(), epochNow() + LOAD_POLL_MS));
      timer = setTimeout(onTimer, Math.max(0, at - epochNow()));
    };
    const onTimer = () => {
      drain();
      if (settled || stopReading || worker.exited) {
        return;
      }
      if (deadline() > epochNow() + 1) {
        arm(); // the child wrote lines since: the running trace started later
        return;
      }
      kill('timeout');
    };
    const failRest = (error: SandboxError) => {
      const ms = epochNow() - lastAt;
      for (let i = outcomes.length; i < n; i++) {
        outcomes.push(failed(input.traceIds[i] ?? '', error, ms, ''));
      }
    };
    const onLine = (m: ChildMessage) => {
      // a line is never dated before the previous one, nor after it was read
      lastAt = Math.min(Math.max(Number(m.at) || 0, lastAt), epochNow());
      if (m.t === 'loaded') {
        const r = parse(m.json);
        loaded = true;
        if (!r) {
          kill('protocol');
        } else if (!r.ok && r.error?.code === 'STATIC_ERROR') {
          finish({ kind: 'static', error: r.error });
        } else if (!r.ok) {
          recycle = recycle || Boolean(r.violation);
          failRest(r.error ?? err('USER_CODE_ERROR', 'the eval module failed to load'));
        }
        return;
      }
      const r = parse(m.json);
      const id = input.traceIds[outcomes.length];
      if (!r || !loaded || m.i !== outcomes.length || id === undefined) {
        kill('protocol');
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
    };
    /** Reads and handles the lines the child wrote since the last read. */
    const drain = () => {
      if (settled || stopReading) {
        return;
      }
      const lines = worker.takeResults();
      if (!lines) {
        kill('protocol');
        return;
      }
      for (const m of lines) {
        if (settled || stopReading) {
          return;
        }
        if (m.id === input.id) {
          onLine(m);
        }
      }
    };
    unsubscribe = worker.onExit((info: ExitInfo) => {
      if (settled) {
        return;
      }
      drain(); // what it wrote before it died (not after this chunk killed it: decided then)
      if (settled) {
        return;
      }
      const ms = epochNow() - lastAt;
      if (!loaded) {
        failRest(
          timedOut
            ? err('TIMEOUT', `the eval module or the batch did not load within the time limit`)
            : exitError(info),
        );
      } else if (outcomes.length < n) {
        const id = input.traceIds[outcomes.length] ?? '';
        outcomes.push(failed(id, timedOut ? timeoutError(input) : exitError(info), ms, ''));
      }
      finish({ kind: 'outcomes', outcomes, recycle: true });
    });
    worker.listen((m) => {
      if (m.id !== input.id || m.t !== 'done') {
        return;
      }
      drain();
      if (settled || stopReading) {
        return;
      }
      if (outcomes.length < n) {
        failRest(err('USER_CODE_ERROR', 'the sandbox stopped before running this trace'));
      }
      finish({ kind: 'outcomes', outcomes, recycle });
    });
    arm();
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
