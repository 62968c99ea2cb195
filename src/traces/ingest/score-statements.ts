import { eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { feedback, traceScores, traces, workspaces } from '@/db/schema';
import type { TraceLabel, TraceScore } from '../normalised-trace';
import { type ScoreLabelSettings, scoreAsLabel } from '../score-labels';
import { stableHash } from '../stable-hash';

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
        inWorkspace(ctx, traces, [
          eq(traces.id, traceId),
          sql`(${traces.label} is null or ${traces.label} <> ${label.rating})`,
        ]),
      ),
  ];
}

function storeScore(
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
  const values = {
    traceId,
    name: score.name,
    dataType: score.dataType ?? null,
    spanId: score.spanId,
    valueNumber,
    valueString,
    comment: score.comment,
  };
  return ctx.db
    .insert(traceScores)
    .values({
      id: `ts_${stableHash(`${ctx.workspaceId}\u0000${source}\u0000${externalId}`)}`,
      workspaceId: ctx.workspaceId,
      source,
      externalId,
      ...values,
    })
    .onConflictDoUpdate({
      target: [traceScores.workspaceId, traceScores.source, traceScores.externalId],
      set: values,
    });
}

/** Stores a score as sent and, when it maps to a rating, the label it stands for (feedback from `<source>:<name>`). */
export function scoreStatements(
  ctx: Ctx,
  traceId: string,
  source: string,
  score: TraceScore,
  settings: ScoreLabelSettings,
): BatchItem<'sqlite'>[] {
  const statements = [storeScore(ctx, traceId, source, score)];
  const label = scoreAsLabel(score, settings);
  if (label) {
    statements.push(
      ...labelStatements(ctx, traceId, label, {
        key: `${source}:${score.name}`,
        source: source === 'langfuse' ? 'langfuse' : 'import',
      }),
    );
  }
  return statements;
}

/** The workspace's score-to-label rules (empty when none are set). */
export async function loadScoreLabelSettings(ctx: Ctx): Promise<ScoreLabelSettings> {
  const [row] = await ctx.db
    .select({ settings: workspaces.settings })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  return row?.settings.scoreLabels ?? {};
}
