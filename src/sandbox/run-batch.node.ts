import {
  DEATHS_IN_A_ROW_STOP,
  notRunMessage,
  type RunEvalInput,
  type RunEvalResult,
  type SandboxError,
  TIMEOUTS_IN_A_ROW_LIMIT,
  TIMEOUTS_IN_A_ROW_STOP,
  type TraceOutcome,
} from '@/core/ports/sandbox';
import { SANDBOX_LIMITS } from './limits';
import { marshalListParts, marshalTracesReusing } from './marshal-batch.node.js';
import type { Pool } from './pool.node.js';
import { runChunk } from './run-chunk.node.js';

export type BatchSettings = {
  timeoutMsPerTrace: number;
  batchTimeoutMs: number;
  chunkSize: number;
  concurrency: number;
  nextId: () => number;
};

/**
 * Splits one runEval call into chunks run on workers of the call's workspace, in parallel lanes.
 * A killed worker's unfinished traces go to another worker; the call stops after 3 timeouts in a
 * row, after its child was lost (died, or replaced after a violation) on 3 traces in a row, at its
 * time limit, or when aborted, and reports the traces it did not reach as not run.
 */
export async function runBatch(
  pool: Pool,
  input: RunEvalInput,
  s: BatchSettings,
): Promise<RunEvalResult> {
  const traces = input.traces;
  // Each trace's bytes once; a chunk is their concatenation. Marshal when the traces are plain
  // JSON data (always, from the routes and the database), else JSON. Encoding the joined JSON
  // string instead cost about 3x more host CPU (30 against 12 ms for 250 tau-bench traces, 4 MB:
  // the joined string is a rope that the encoder flattens first).
  const marshalled = marshalTracesReusing(traces);
  const encoded = marshalled?.items ?? traces.map((t) => Buffer.from(JSON.stringify(t), 'utf8'));
  const joinBatch = marshalled ? marshalListParts : jsonArray;
  const outcomes: (TraceOutcome | undefined)[] = new Array(traces.length);
  const queue = chunkIndices(traces.length, s.chunkSize);
  let staticError: SandboxError | null = null;
  let stopped: string | null = null;
  const inARow = streaks();
  const busy = new Set<{ kill: (r: 'timeout') => void }>();
  const { nextWorker, withdraw } = workerRequests(pool, input.workspaceId);
  const stop = (why: string) => {
    stopped ??= why;
    withdraw();
    for (const w of busy) {
      w.kill('timeout');
    }
  };
  const endDeadline = watchDeadline(s.batchTimeoutMs, () =>
    stop(`the call exceeded its ${s.batchTimeoutMs} ms limit`),
  );
  const onAbort = () => stop('the call was aborted');
  input.signal?.addEventListener('abort', onAbort);
  const answers = input.answers?.length ? JSON.stringify(input.answers) : '';

  // A lane asks for a worker first and takes a chunk once it has one: a lane that waits holds no
  // traces, so a lane that got a worker runs the chunks the others wait for (a one-trace page of
  // B's beside A's looping traces no longer waits for A's child).
  const lane = async () => {
    while (queue.length > 0 && !stopped && !staticError) {
      // its own idle child at once when nobody waits (about 70 µs of host CPU less than the
      // promise, signal and dispatch of acquire after a pause, docs/sandbox.md)
      const worker = pool.tryAcquire(input.workspaceId) ?? (await nextWorker());
      if (!worker) {
        return;
      }
      const indices = queue.shift();
      if (!indices || stopped || staticError) {
        pool.putBack(worker);
        return;
      }
      busy.add(worker);
      const result = await runChunk(worker, {
        id: s.nextId(),
        code: input.code,
        traceIds: indices.map((i) => traces[i]?.trace_id ?? String(i)),
        batch: joinBatch(indices.map((i) => encoded[i] as Uint8Array)),
        marshal: marshalled !== null,
        timeoutMsPerTrace: s.timeoutMsPerTrace,
        outputCap: SANDBOX_LIMITS.outputChars,
        reasonCap: SANDBOX_LIMITS.reasonChars,
        answers,
      });
      busy.delete(worker);
      pool.release(worker, result.kind === 'outcomes' ? result.recycle : false);
      if (result.kind === 'static') {
        staticError = result.error;
        withdraw();
        return;
      }
      result.outcomes.forEach((o, k) => {
        const i = indices[k];
        if (i === undefined || stopped) {
          return;
        }
        outcomes[i] = o;
        const why = inARow(o, k, result.lostAt);
        if (why) {
          stop(why);
        }
      });
      if (result.outcomes.length < indices.length) {
        queue.unshift(indices.slice(result.outcomes.length));
      }
    }
    if (queue.length === 0) {
      withdraw(); // a chunk a running lane gives back is run by that lane
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(s.concurrency, queue.length) }, lane));
    // every lane is over, so no chunk's bytes are read again; not when a lane failed (another
    // may still be writing a chunk): then the buffer is left to the collector
    marshalled?.release();
  } catch (e) {
    withdraw();
    return {
      ok: false,
      error: { code: 'UNAVAILABLE', message: `sandbox unavailable: ${String(e)}`, retryable: true },
    };
  } finally {
    endDeadline();
    input.signal?.removeEventListener('abort', onAbort);
  }
  if (staticError) {
    return { ok: false, error: staticError };
  }
  const why: string | null = stopped;
  const all = traces.map(
    (t, i): TraceOutcome =>
      outcomes[i] ?? {
        traceId: t.trace_id,
        ok: false,
        error: { code: 'TIMEOUT', message: notRunMessage(why ?? 'not reached'), retryable: true },
        durationMs: 0,
        output: '',
      },
  );
  return why ? { ok: true, outcomes: all, stopped: why } : { ok: true, outcomes: all };
}

type Deadline = { at: number; stop: () => void };
/** Every pending call's deadline in this process, and the one timer that checks them. */
const deadlines = new Set<Deadline>();
let deadlineTicker: NodeJS.Timeout | undefined;
/** How often the calls' deadlines are checked (a call is stopped at most this late). */
const DEADLINE_CHECK_MS = 1000;

/**
 * Calls `stop` once `ms` have passed, unless the function it returns was called first. One lasting
 * timer checks every call's deadline each second (unref'd: a pending call keeps the loop alive
 * through the sandbox's busy guard), instead of a timer made and cleared on every call, on its
 * path (about 20 µs of the host's CPU after a pause).
 */
function watchDeadline(ms: number, stop: () => void): () => void {
  const deadline: Deadline = { at: performance.now() + ms, stop };
  deadlines.add(deadline);
  if (!deadlineTicker) {
    deadlineTicker = setInterval(() => {
      const now = performance.now();
      for (const d of [...deadlines]) {
        if (now >= d.at) {
          deadlines.delete(d);
          d.stop();
        }
      }
    }, DEADLINE_CHECK_MS);
    deadlineTicker.unref();
  }
  return () => {
    deadlines.delete(deadline);
  };
}

/** The traces' indices in chunks of `size`, in order. */
function chunkIndices(count: number, size: number): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < count; i += size) {
    chunks.push(Array.from({ length: Math.min(size, count - i) }, (_, k) => i + k));
  }
  return chunks;
}

/**
 * A call's lanes asking the pool for a worker: `nextWorker` answers a worker, or null once
 * `withdraw` said no chunk is left for the lanes still waiting (another lane took the last).
 */
function workerRequests(pool: Pool, workspaceId: string) {
  const asking = new Set<AbortController>();
  const withdraw = () => {
    for (const a of asking) {
      a.abort(new Error('no chunk left'));
    }
  };
  const nextWorker = async () => {
    const asked = new AbortController();
    asking.add(asked);
    try {
      return await pool.acquire(workspaceId, asked.signal);
    } catch (e) {
      if (asked.signal.aborted) {
        return null;
      }
      throw e;
    } finally {
      asking.delete(asked);
    }
  };
  return { nextWorker, withdraw };
}

/**
 * Counts timeouts, and traces whose child was lost (ChunkResult.lostAt), in a row as outcomes come
 * in; answers why the call stops, or null. A timeout counts for its own rule only, and the traces
 * after a lost child's in its chunk (a module body that killed it) count neither way.
 */
function streaks() {
  let timeouts = 0;
  let deaths = 0;
  return (o: TraceOutcome, k: number, lostAt: number | null): string | null => {
    const timeout = !o.ok && o.error.code === 'TIMEOUT';
    timeouts = timeout ? timeouts + 1 : 0;
    if (k === lostAt) {
      deaths++;
    } else if (!timeout && (lostAt === null || k < lostAt)) {
      deaths = 0;
    }
    if (timeouts >= TIMEOUTS_IN_A_ROW_LIMIT) {
      return TIMEOUTS_IN_A_ROW_STOP;
    }
    return deaths >= TIMEOUTS_IN_A_ROW_LIMIT ? DEATHS_IN_A_ROW_STOP : null;
  };
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** `[a,b,...]` from each element's JSON bytes, in parts (the batch file is written part by part). */
function jsonArray(items: readonly Uint8Array[]): Uint8Array[] {
  const parts: Uint8Array[] = [OPEN];
  items.forEach((item, i) => {
    parts.push(...(i > 0 ? [COMMA, item] : [item]));
  });
  parts.push(CLOSE);
  return parts;
}
