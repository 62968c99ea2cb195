import { type SSEMessage, SSEStreamingApi } from 'hono/streaming';
import type { Ctx } from '@/core/context';
import type { JobEvent } from '@/core/ports/job-queue';
import type { Job } from '@/db/schema';
import { fetchJobOrThrow } from './get-job';
import { pollJobChanges, TERMINAL_STATUSES as TERMINAL } from './poll-job-changes';

export type StreamInput = {
  /** One job (ends after its terminal event) or, when absent, every job of the workspace. */
  jobId?: string;
  lastEventId?: string | null;
  signal?: AbortSignal;
  heartbeatMs?: number;
  /** Re-read interval when events come from another process (the Worker host). */
  pollMs?: number;
};

/** One SSE frame: `id:` (resume point), `event:` (the kind), `data:` (JSON on one line). */
const sseMessage = (event: { id?: string; kind: string; data: unknown }): SSEMessage => ({
  event: event.kind,
  data: JSON.stringify(event.data),
  ...(event.id ? { id: event.id } : {}),
});

function snapshotOf(job: Job) {
  return {
    kind: 'snapshot',
    data: {
      jobId: job.id,
      type: job.type,
      status: job.status,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      progress: job.progress,
      error: job.error,
      result: job.result,
      updatedAt: job.updatedAt.toISOString(),
    },
  };
}

/** The outcome event a bus would have sent, rebuilt from the row (polling streams). */
function terminalOf(job: Job) {
  const data =
    job.status === 'succeeded'
      ? { result: job.result ?? null }
      : job.status === 'failed'
        ? { error: job.error }
        : {};
  return {
    kind: job.status,
    data: { jobId: job.id, at: job.updatedAt.toISOString(), attempt: job.attempts, ...data },
  };
}

const frameOf = (event: JobEvent) =>
  sseMessage({
    id: event.id,
    kind: event.kind,
    data: { jobId: event.jobId, at: event.at, ...event.data },
  });

/**
 * A `text/event-stream` body of job events from the in-process bus. With a `Last-Event-ID` still
 * in the bus's buffer, missed events are replayed; otherwise a job stream starts with a
 * `snapshot` of the row. Comment heartbeats keep proxies from closing an idle stream.
 */
export async function streamJobEvents(
  ctx: Ctx,
  input: StreamInput,
): Promise<ReadableStream<Uint8Array>> {
  const first = input.jobId ? await fetchJobOrThrow(ctx, input.jobId) : undefined;
  const matches = (event: JobEvent) =>
    event.workspaceId === ctx.workspaceId && (!input.jobId || event.jobId === input.jobId);
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const sse = new SSEStreamingApi(writable, readable);
  // Writes go one after another, so a close never overtakes the frame sent just before it.
  let written = Promise.resolve();
  let closed = false;
  let cleanup = () => {};
  const write = (next: () => Promise<unknown>) => {
    written = written.then(next).then(() => {});
  };
  const send = (message: SSEMessage) => {
    if (!closed) {
      write(() => sse.writeSSE(message));
    }
  };
  const close = () => {
    if (!closed) {
      closed = true;
      cleanup();
      write(() => sse.close());
    }
  };
  sse.onAbort(() => {
    closed = true;
    cleanup();
  });

  const replay = input.lastEventId ? ctx.jobEvents.since(input.lastEventId, ctx.workspaceId) : null;
  if (replay) {
    for (const event of replay.filter(matches)) {
      send(frameOf(event));
    }
  } else if (first) {
    send(sseMessage(snapshotOf(first)));
  }
  if (
    first &&
    TERMINAL.has(first.status) &&
    (!replay || replay.some((e) => TERMINAL.has(e.kind)))
  ) {
    close();
    return sse.responseReadable;
  }
  const unsubscribe = ctx.jobEvents.subscribe((event) => {
    if (matches(event)) {
      send(frameOf(event));
      if (input.jobId && TERMINAL.has(event.kind)) {
        close();
      }
    }
  });
  const heartbeat = setInterval(() => {
    if (!closed) {
      write(() => sse.write(': keep-alive\n\n'));
    }
  }, input.heartbeatMs ?? 15_000);
  const stopPolling = ctx.jobEvents.local
    ? () => {}
    : pollJobChanges(ctx, {
        jobId: first?.id,
        since: first?.updatedAt ?? ctx.now(),
        pollMs: input.pollMs ?? 2000,
        onChange: (job) => {
          send(sseMessage(snapshotOf(job)));
          if (TERMINAL.has(job.status)) {
            send(sseMessage(terminalOf(job)));
          }
        },
        onEnd: () => (input.jobId ? close() : undefined),
      });
  cleanup = () => {
    unsubscribe();
    clearInterval(heartbeat);
    stopPolling();
  };
  input.signal?.addEventListener('abort', close, { once: true });
  return sse.responseReadable;
}
