import { inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { idChunks } from '@/db/id-chunks';
import { deleteInWorkspace, inWorkspace } from '@/db/in-workspace';
import { preparedIdList, workspaceParam } from '@/db/prepared';
import { pendingScores } from '@/db/schema';
import { type WriteItem, writeBatch } from '@/db/write-batch';
import type { TraceScore, TraceSource } from '../normalised-trace';
import { stableHash } from '../stable-hash';
import { findTracesByExternalId } from './find-traces-by-external-id';
import { loadScoreLabelSettings, scoreStatements } from './score-statements';

/** Keeps a score whose trace is not stored yet; re-sending the same score replaces it. */
export function pendingScoreStatement(
  ctx: Ctx,
  input: { source: TraceSource; traceExternalId: string; score: TraceScore },
): WriteItem {
  const key = input.score.externalId ?? `${input.traceExternalId}:${input.score.name}`;
  const values = { traceExternalId: input.traceExternalId, score: input.score };
  return ctx.db
    .insert(pendingScores)
    .values({
      id: `ps_${stableHash(`${ctx.workspaceId}\u0000${input.source}\u0000${key}`)}`,
      workspaceId: ctx.workspaceId,
      source: input.source,
      ...values,
    })
    .onConflictDoUpdate({ target: pendingScores.id, set: values });
}

/** Scores waiting for traces of these external ids; prepared (every ingest reads it). */
const pendingFor = preparedIdList((db, externalIds) =>
  db
    .select()
    .from(pendingScores)
    .where(
      inWorkspace(workspaceParam, pendingScores, [
        inArray(pendingScores.traceExternalId, externalIds),
      ]),
    )
    .prepare(),
);

/**
 * Attaches the scores that were waiting for these traces (by external id, whatever protocol
 * delivered the trace): stores them, writes the labels they stand for and deletes them from
 * pending, in one batch. Both the writer of a trace and the writer of a pending score call it after
 * their own write, so whichever commits second attaches. Idempotent.
 */
export async function attachPendingScores(ctx: Ctx, traceExternalIds: string[]): Promise<number> {
  const unique = [...new Set(traceExternalIds)];
  const waiting = await pendingFor(ctx.db, unique, { workspaceId: ctx.workspaceId });
  const [first] = waiting;
  if (!first) {
    return 0;
  }
  const found = await findTracesByExternalId(
    ctx,
    waiting.map((p) => p.traceExternalId),
    first.source as TraceSource,
  );
  const settings = await loadScoreLabelSettings(ctx);
  const writes: WriteItem[] = [];
  const attached: string[] = [];
  for (const pending of waiting) {
    const traceId = found.get(pending.traceExternalId);
    if (traceId) {
      writes.push(...scoreStatements(ctx, traceId, pending.source, pending.score, settings));
      attached.push(pending.id);
    }
  }
  if (attached.length === 0) {
    return 0;
  }
  for (const chunk of idChunks(attached)) {
    writes.push(deleteInWorkspace(ctx, pendingScores, [inArray(pendingScores.id, chunk)]));
  }
  await writeBatch(ctx.db, writes);
  return attached.length;
}
