import type { AskedQuestion, SandboxError, TraceOutcome } from '@/core/ports/sandbox';
import type { ChildMessage, ExitInfo, SandboxWorker } from './worker.node.js';

export type ChunkInput = {
  id: number;
  code: string;
  traceIds: string[];
  /**
   * The batch's bytes, in parts: written one after the other to the child's batch file, or (up to
   * INLINE_BATCH_BYTES) joined into the `run` message.
   */
  batch: readonly Uint8Array[];
  /** `batch` is in marshal format (marshal-batch.node.ts), else JSON. */
  marshal: boolean;
  timeoutMsPerTrace: number;
  outputCap: number;
  reasonCap: number;
  /** Bridge answers as JSON (`[{q, a}]`), the same for every chunk of a call. */
  answers: string;
};

/**
 * Outcomes for a prefix of the chunk's traces; the caller re-queues the rest on a fresh worker.
 * `lostAt`: the outcome on which the child was lost (it died, was killed for anything but a
 * timeout, or must be replaced after a violation), or null; a timeout is not counted here.
 */
export type ChunkResult =
  | { kind: 'outcomes'; outcomes: TraceOutcome[]; recycle: boolean; lostAt: number | null }
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
  return new Promise<ChunkResult>((resolve) => new ChunkRun(worker, input, resolve).start());
}

/** One chunk under way: what the child has answered so far, and when it wrote its last line. */
class ChunkRun {
  private readonly outcomes: TraceOutcome[] = [];
  private readonly n: number;
  private readonly loadDeadline: number;
  private readonly batchBytes: number;
  private loaded = false;
  private recycle = false;
  private lostAt: number | null = null;
  /** The trace whose release ran Python code (work the eval left behind), or null. */
  private leftWorkOf: number | null = null;
  /** What the running trace printed so far (the child's last `O` line for it), for a TIMEOUT. */
  private printed: { i: number; text: string } | null = null;
  /** The exception that trace raised, when what runs after it is that exception's `__str__`. */
  private raisedBy: string | undefined;
  /** When the child wrote its last line: the running trace started then. */
  private lastAt: number;
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private settled = false;
  /** Killed by this chunk: what it reads next changes nothing. */
  private stopReading = false;
  private unsubscribe = () => {};

  constructor(
    private readonly worker: SandboxWorker,
    private readonly input: ChunkInput,
    private readonly resolve: (result: ChunkResult) => void,
  ) {
    this.n = input.traceIds.length;
    const sentAt = epochNow();
    this.lastAt = sentAt;
    this.batchBytes = input.batch.reduce((sum, part) => sum + part.byteLength, 0);
    this.loadDeadline = sentAt + input.timeoutMsPerTrace + LOAD_GRACE_MS + this.batchBytes / 10_000;
  }

  start(): void {
    const { worker, input } = this;
    this.unsubscribe = worker.onExit((info) => this.onExit(info));
    worker.listen((m) => this.onMessage(m));
    this.arm();
    // a small batch goes in the message itself (one write, and no file to read in the child)
    const inline = this.batchBytes <= INLINE_BATCH_BYTES ? joined(input.batch) : undefined;
    if (!inline) {
      worker.writeBatch(input.batch);
    }
    worker.send({
      t: 'run',
      id: input.id,
      code: input.code,
      batchBytes: this.batchBytes,
      inline,
      marshal: input.marshal,
      count: this.n,
      outputCap: input.outputCap,
      reasonCap: input.reasonCap,
      answers: input.answers,
      limit: input.timeoutMsPerTrace + TRACE_GRACE_MS,
    });
  }

  private kill(reason: 'timeout' | 'protocol'): void {
    this.stopReading = true;
    this.timedOut = reason === 'timeout';
    this.worker.kill(reason);
  }

  private finish(result: ChunkResult): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.worker.listen(null);
    this.unsubscribe();
    this.resolve(result);
  }

  private traceDeadline(): number {
    return this.lastAt + this.input.timeoutMsPerTrace + TRACE_GRACE_MS;
  }

  private deadline(): number {
    return this.loaded ? this.traceDeadline() : this.loadDeadline;
  }

  /**
   * Until the "loaded" line is read, looks when the first trace's limit would run out if the
   * module had loaded at once, then every LOAD_POLL_MS: the first trace's kill is then late by at
   * most that, and only when loading took longer than a trace's limit.
   */
  private arm(): void {
    const at = this.loaded
      ? this.traceDeadline()
      : Math.min(this.loadDeadline, Math.max(this.traceDeadline(), epochNow() + LOAD_POLL_MS));
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, at - epochNow()));
  }

  private onTimer(): void {
    this.drain();
    if (this.settled || this.stopReading || this.worker.exited) {
      return;
    }
    if (this.deadline() > epochNow() + 1) {
      this.arm(); // the child wrote lines since: the running trace started later
      return;
    }
    this.kill('timeout');
  }

  private failRest(error: SandboxError): void {
    const ms = epochNow() - this.lastAt;
    for (let i = this.outcomes.length; i < this.n; i++) {
      this.outcomes.push(failed(this.input.traceIds[i] ?? '', error, ms, ''));
    }
  }

  private onLoaded(m: ChildMessage): void {
    const r = parse(m.json);
    this.loaded = true;
    if (!r) {
      this.kill('protocol');
    } else if (!r.ok && r.error?.code === 'STATIC_ERROR') {
      this.finish({ kind: 'static', error: r.error });
    } else if (!r.ok) {
      const raised = raisedMemoryError(r, 'at import time: ');
      if (!raised && r.violation) {
        this.recycle = true;
        this.lostAt ??= this.outcomes.length;
      }
      this.failRest(raised ?? r.error ?? err('USER_CODE_ERROR', 'the eval module failed to load'));
    }
  }

  private onLine(m: ChildMessage): void {
    if (m.t === 'output') {
      // not a trace's end either; the text is the trace's output so far, capped by the child
      const text = printedText(m.json);
      if (m.i === this.outcomes.length && text !== null) {
        this.printed = { i: m.i, text };
      }
      return;
    }
    if (m.t === 'left') {
      // not a trace's end: the running trace's deadline stays where it was
      this.leftWorkOf = m.i === this.outcomes.length ? this.outcomes.length : null;
      this.raisedBy = typeof m.raised === 'string' ? m.raised : undefined;
      return;
    }
    // a line is never dated before the previous one, nor after it was read
    this.lastAt = Math.min(Math.max(Number(m.at) || 0, this.lastAt), epochNow());
    if (m.t === 'loaded') {
      this.onLoaded(m);
      return;
    }
    const r = parse(m.json);
    const id = this.input.traceIds[this.outcomes.length];
    if (!r || !this.loaded || m.i !== this.outcomes.length || id === undefined) {
      this.kill('protocol');
      return;
    }
    if (r.error?.code === 'TIMEOUT') {
      // the child saw the trace run over its limit: the same outcome as a kill by the timer
      this.outcomes.push(
        failed(id, timeoutError(this.input), Number(r.durationMs) || 0, this.printedBy(m.i)),
      );
      this.finish({
        kind: 'outcomes',
        outcomes: this.outcomes,
        recycle: true,
        lostAt: this.lostAt,
      });
      return;
    }
    const raised = raisedMemoryError(r, '');
    if (raised) {
      // the eval raised MemoryError itself: its error, and the child (under its cap) stays
      this.outcomes.push(failed(id, raised, Number(r.durationMs) || 0, outputOf(r)));
      return;
    }
    if (r.violation || r.exits === true) {
      this.recycle = true;
      this.lostAt ??= this.outcomes.length;
    }
    this.outcomes.push(toOutcome(id, r));
    if (r.exits === true) {
      // the child hit its memory cap and exits after this line: the rest go to a fresh child
      this.finish({
        kind: 'outcomes',
        outcomes: this.outcomes,
        recycle: true,
        lostAt: this.lostAt,
      });
    }
  }

  /** Reads and handles the lines the child wrote since the last read (or `done` carries). */
  private drain(done?: ChildMessage): void {
    if (this.settled || this.stopReading) {
      return;
    }
    const lines = this.worker.takeResults(done);
    if (!lines) {
      this.kill('protocol');
      return;
    }
    for (const m of lines) {
      if (this.settled || this.stopReading) {
        return;
      }
      if (m.id === this.input.id) {
        this.onLine(m);
      }
    }
  }

  private onExit(info: ExitInfo): void {
    if (this.settled) {
      return;
    }
    this.drain(); // what it wrote before it died (not after this chunk killed it: decided then)
    if (this.settled) {
      return;
    }
    const ms = epochNow() - this.lastAt;
    if (!this.timedOut && this.outcomes.length < this.n) {
      this.lostAt ??= this.outcomes.length;
    }
    if (!this.loaded) {
      this.failRest(
        this.timedOut
          ? err('TIMEOUT', `the eval module or the batch did not load within the time limit`)
          : exitError(info),
      );
    } else if (this.outcomes.length < this.n) {
      const id = this.input.traceIds[this.outcomes.length] ?? '';
      const left = this.leftWorkOf === this.outcomes.length;
      const error = this.timedOut
        ? left
          ? leftWorkTimeoutError(this.input, this.raisedBy)
          : timeoutError(this.input)
        : exitError(info);
      this.outcomes.push(failed(id, error, ms, this.printedBy(this.outcomes.length)));
    }
    this.finish({ kind: 'outcomes', outcomes: this.outcomes, recycle: true, lostAt: this.lostAt });
  }

  /** What trace `i` printed before it was stopped, as its `O` lines said ('' if none). */
  private printedBy(i: unknown): string {
    return this.printed !== null && this.printed.i === i ? this.printed.text : '';
  }

  private onMessage(m: ChildMessage): void {
    if (m.id !== this.input.id || m.t !== 'done') {
      return;
    }
    this.drain(m);
    if (this.settled || this.stopReading) {
      return;
    }
    if (this.outcomes.length < this.n) {
      this.failRest(err('USER_CODE_ERROR', 'the sandbox stopped before running this trace'));
    }
    this.finish({
      kind: 'outcomes',
      outcomes: this.outcomes,
      recycle: this.recycle,
      lostAt: this.lostAt,
    });
  }
}

/**
 * Batches up to this size travel in the `run` message (a single trace: one socket write instead
 * of the batch file's writes and the child's read); larger ones through the batch file.
 */
const INLINE_BATCH_BYTES = 64 * 1024;

function joined(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
}

function timeoutError(input: ChunkInput): SandboxError {
  return err('TIMEOUT', `the eval did not finish within ${input.timeoutMsPerTrace} ms`);
}

function leftWorkTimeoutError(input: ChunkInput, raised: string | undefined): SandboxError {
  if (raised !== undefined) {
    return err(
      'TIMEOUT',
      `the eval raised ${raised}, but the exception's __str__ did not return within the ${input.timeoutMsPerTrace} ms limit`,
    );
  }
  return err(
    'TIMEOUT',
    `the eval returned, but work it left behind (a finaliser or a generator's cleanup) ran past the ${input.timeoutMsPerTrace} ms limit after it returned`,
  );
}

/** The value of a line's JSON field, or undefined when it is not JSON or over 1,000,000 characters. */
function lineJson(json: unknown): unknown {
  if (typeof json !== 'string' || json.length > 1_000_000) {
    return undefined;
  }
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** The text of an `O` line's JSON string (at most the output cap and its note), or null. */
function printedText(json: unknown): string | null {
  const v = lineJson(json);
  return typeof v === 'string' ? v : null;
}

function parse(json: unknown): Parsed | null {
  const v = lineJson(json) as Parsed | undefined;
  return typeof v === 'object' && v !== null && typeof v.ok === 'boolean' ? v : null;
}

const outputOf = (r: Parsed) => (typeof r.output === 'string' ? r.output : '');

/**
 * The eval's own `raise MemoryError(...)` (or one CPython raised without the heap growing, e.g. a
 * size past what it can address), as the eval's error: USER_CODE_ERROR with the exception's text
 * from its traceback. Not the cap: the heap reaching its cap exits the child inside the failing
 * `grow` (capReached in child.mjs) before any Python runs, and that line has no traceback; only
 * Python's handler writes RESOURCE_LIMIT with one, from a child still under its cap (the
 * after-batch check then finds it clean or not, as after any error).
 */
function raisedMemoryError(r: Parsed, prefix: string): SandboxError | null {
  const e = r.error;
  if (e?.code !== 'RESOURCE_LIMIT' || r.exits === true || typeof e.traceback !== 'string') {
    return null;
  }
  // the exception's text: what follows the last frame line ("  File ..." and its source line)
  const lines = e.traceback.trimEnd().split('\n');
  const frame = lines.findLastIndex((l) => l.startsWith('  ') || l.startsWith('Traceback'));
  const text = lines.slice(frame + 1).join('\n') || 'MemoryError';
  return { ...e, code: 'USER_CODE_ERROR', message: `${prefix}${text}`.slice(0, 2000) };
}

function toOutcome(traceId: string, r: Parsed): TraceOutcome {
  const durationMs = Number(r.durationMs) || 0;
  const output = outputOf(r);
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
