import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Ctx } from '@/core/context';
import { feedback, traceScores, traces } from '@/db/schema';
import type { TraceLabel, TraceScore } from '../normalised-trace';
import { toRating } from '../parsers/to-label';
import { stableHash } from '../stable-hash';

const LABEL_NAME = /feedback|label|thumb|rating|human|review/i;

/** A score is a label when its value says so (a rating word, a boolean, or ±1/0 under a label-like name). */
export function scoreAsLabel(score: TraceScore): TraceLabel | null {
  const v = score.value;
  if (typeof v === 'number' && !(LABEL_NAME.test(score.name) && (v === 1 || v === 0 || v === -1))) {
    return null;
  }
  const rating = toRating(v);
  return rating ? { rating, notes: score.comment } : null;
}

export function labelStatements(
  ctx: Ctx,
  traceId: string,
  label: TraceLabel,
  labeller: { key: string; source: 'import' | 'langfuse' | 'api' },
): BatchItem<'sqlite'>[] {
  const now = ctx.now();
  return [
    ctx.db
      .insert(feedback)
      .values({
        id: `fb_${stableHash(`${traceId}\u0000${labeller.key}`)}`,
        workspaceId: ctx.workspaceId,
        traceId,
        labellerKey: labeller.key,
        rating: label.rating,
        notes: label.notes ?? '',
        source: labeller.source,
      })
      .onConflictDoUpdate({
        target: [feedback.traceId, feedback.labellerKey],
        set: { rating: label.rating, notes: label.notes ?? '', updatedAt: now },
        setWhere: sql`${feedback.rating} <> ${label.rating} or ${feedback.notes} <> ${label.notes ?? ''}`,
      }),
    ctx.db
      .update(traces)
      .set({ label: label.rating, labelledAt: now })
      .where(
        and(
          eq(traces.id, traceId),
          eq(traces.workspaceId, ctx.workspaceId),
          sql`(${traces.label} is null or ${traces.label} <> ${label.rating})`,
        ),
      ),
  ];
}

export function scoreStatement(
  ctx: Ctx,
  traceId: string,
  source: string,
  score: TraceScore,
): BatchItem<'sqlite'> {
  const externalId = score.externalId ?? `${traceId}:${score.name}:${score.spanId ?? ''}`;
  const valueNumber =
    typeof score.value === 'number'
      ? score.value
      : typeof score.value === 'boolean'
        ? Number(score.value)
        : null;
  const valueString = typeof score.value === 'string' ? score.value : null;
  return ctx.db
    .insert(traceScores)
    .values({
      id: `ts_${stableHash(`${ctx.workspaceId}\u0000${source}\u0000${externalId}`)}`,
      workspaceId: ctx.workspaceId,
      traceId,
      name: score.name,
      source,
      externalId,
      valueNumber,
      valueString,
      comment: score.comment,
    })
    .onConflictDoUpdate({
      target: [traceScores.workspaceId, traceScores.source, traceScores.externalId],
      set: { valueNumber, valueString, comment: score.comment, name: score.name },
    });
}
