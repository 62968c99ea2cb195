/**
 * An ingest thread's entry (`ingest-threads.node.ts` starts it): parses an OTLP body and plans
 * its ingest with `planIngest`, reading the database through a connection of its own opened for
 * the request, and answers the statements; the thread that started it writes them.
 */
import { parentPort } from 'node:worker_threads';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import { newId } from '@/core/ids';
import type { OtlpBodyInput, ThreadPlannedIngest } from '@/core/ports/ingest-threads';
import { openSqliteDb } from '@/db/client.node.js';
import { rawStatementsOf } from '@/db/write-batch';
import { parseOtlpBody } from '../parsers/otlp/parse-otlp-body';
import { planIngest } from './ingest-traces';
import { normaliseIncoming } from './normalise-incoming';
import { loadScoreLabelSettings } from './score-statements';

export type ThreadRequest = OtlpBodyInput & {
  id: number;
  path: string;
  workspaceId: string;
  now: number;
};
export type ThreadReply =
  | { id: number; plan: ThreadPlannedIngest }
  | { id: number; error: { code: string; message: string; details?: unknown } }
  /** Anything but an AppError: the caller ingests in its own thread, where it surfaces as usual. */
  | { id: number; failed: string }
  | { ready: true };

/** The context planning reads (database, workspace, clock, ids); any other port is a bug here. */
function threadCtx(db: Ctx['db'], workspaceId: string, now: number): Ctx {
  const known: Record<string | symbol, unknown> = {
    db,
    workspaceId,
    now: () => new Date(now),
    // new rows' ids (trace summaries): the host's generator, which this thread cannot call
    newId,
    actor: { type: 'system' },
    requestId: 'ingest-thread',
  };
  return new Proxy(known, {
    get(target, key) {
      if (key in target || key === 'then') {
        return target[key];
      }
      throw new Error(`the ingest thread has no ${String(key)}`);
    },
  }) as unknown as Ctx;
}

async function plan(request: ThreadRequest): Promise<ThreadPlannedIngest> {
  const handle = openSqliteDb({ path: request.path, migrate: false });
  try {
    const ctx = threadCtx(handle.db, request.workspaceId, request.now);
    const traces = await parseOtlpBody(request.body, request, request.limits);
    const incoming = normaliseIncoming(ctx, traces, true);
    const hasScores = [...incoming.values()].some((t) => t.scores.length > 0);
    const settings = hasScores ? await loadScoreLabelSettings(ctx) : {};
    const { writes, ...rest } = await planIngest(ctx, incoming, [], settings);
    return { statements: rawStatementsOf(writes), ...rest };
  } finally {
    handle.close();
  }
}

const port = parentPort;
if (port) {
  port.on('message', (request: ThreadRequest) => {
    plan(request).then(
      (planned) => port.postMessage({ id: request.id, plan: planned } satisfies ThreadReply),
      (error: unknown) =>
        port.postMessage(
          (isAppError(error)
            ? {
                id: request.id,
                error: { code: error.code, message: error.message, details: error.details },
              }
            : { id: request.id, failed: String(error) }) satisfies ThreadReply,
        ),
    );
  });
  port.postMessage({ ready: true } satisfies ThreadReply);
}
