import { type SSEMessage, SSEStreamingApi } from 'hono/streaming';
import type { Ctx } from '@/core/context';
import type { GepaRun } from '@/db/schema';
import { getGepaRunOrThrow, runState } from './gepa-run-views';

const ENDED = new Set(['succeeded', 'failed', 'cancelled', 'paused', 'stopped']);

/** What a progress frame says: where the run is, what it spent, and its pool's best so far. */
export function progressOf(run: GepaRun) {
  const state = runState(run);
  const last = state.iterations.at(-1);
  return {
    runId: run.id,
    status: run.status,
    stage: state.stage.kind,
    iteration: state.i,
    usedRollouts: run.usedRollouts,
    budgetRollouts: run.budgetRollouts,
    candidates: state.candidates.length,
    bestValAverage: Math.max(0, ...state.candidates.map((c) => c.valAverage)),
    lastOutcome: last?.outcome ?? null,
    reflectionUsd: state.reflection.usd,
    error: run.error,
  };
}

/**
 * A `text/event-stream` of a run's progress: a `progress` frame now and whenever its stage or
 * status changes (read from the row every `pollMs`, so it works on every host), then `end` once
 * the run has stopped (succeeded, cancelled, paused or failed).
 */
export async function streamGepaRun(
  ctx: Ctx,
  id: string,
  options: { signal?: AbortSignal; pollMs?: number; heartbeatMs?: number } = {},
): Promise<ReadableStream<Uint8Array>> {
  await getGepaRunOrThrow(ctx, id);
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const sse = new SSEStreamingApi(writable, readable);
  let closed = false;
  sse.onAbort(() => {
    closed = true;
  });
  options.signal?.addEventListener('abort', () => {
    closed = true;
  });
  const send = (event: string, data: unknown) =>
    sse.writeSSE({ event, data: JSON.stringify(data) } satisfies SSEMessage);
  const pollMs = options.pollMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  void (async () => {
    let last = '';
    let quietSince = Date.now();
    try {
      while (!closed) {
        const run = await getGepaRunOrThrow(ctx, id);
        const key = `${run.status}|${run.stage}|${run.updatedAt.getTime()}`;
        if (key !== last) {
          last = key;
          quietSince = Date.now();
          await send('progress', progressOf(run));
        } else if (Date.now() - quietSince > heartbeatMs) {
          quietSince = Date.now();
          await sse.write(': heartbeat\n\n');
        }
        if (ENDED.has(run.status)) {
          await send('end', { runId: run.id, status: run.status });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    } finally {
      await sse.close();
    }
  })();
  return sse.responseReadable;
}
