import { inArray, isNotNull } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsByIdChunks } from '@/db/id-chunks';
import { inWorkspace, sameWorkspaceRow, selectInWorkspace } from '@/db/in-workspace';
import { type NewTaskMetadata, systemPrompts, taskMetadata, traces } from '@/db/schema';
import { upsertRows } from '@/db/upsert-rows';
import { writeBatch } from '@/db/write-batch';
import { readEvalView } from '@/traces/stored-eval-view';
import { extractTask } from './extract-task';
import { feedbackNotes } from './feedback-notes';

export type ExtractionReport = {
  created: number;
  updated: number;
  /** Traces whose user side repeats a task already kept: reported, not inserted. */
  duplicates: { traceId: string; duplicateOf: string }[];
  skipped: { traceId: string; reason: string }[];
  /** User messages cut at the size cap (each ends with a marker). */
  truncatedMessages: number;
};

function loadTraces(ctx: Ctx, ids: string[]) {
  return rowsByIdChunks(ids, (chunk) =>
    ctx.db
      .select({
        id: traces.id,
        agentId: traces.agentId,
        evalView: traces.evalView,
        label: traces.label,
        variables: systemPrompts.variables,
      })
      .from(traces)
      .leftJoin(systemPrompts, sameWorkspaceRow(systemPrompts, traces, traces.systemPromptId))
      .where(inWorkspace(ctx, traces, [inArray(traces.id, chunk)])),
  );
}

/** Tasks the agents already have, by content hash (the first kept wins). */
async function knownTasks(ctx: Ctx, agentIds: (string | null)[]) {
  const known = new Map<string, { id: string; traceId: string | null }>();
  const named = agentIds.filter((a): a is string => a !== null);
  const rows = await rowsByIdChunks(named, (chunk) =>
    selectInWorkspace(
      ctx,
      taskMetadata,
      {
        id: taskMetadata.id,
        traceId: taskMetadata.traceId,
        agentId: taskMetadata.agentId,
        contentHash: taskMetadata.contentHash,
      },
      [inArray(taskMetadata.agentId, chunk), isNotNull(taskMetadata.contentHash)],
    ).orderBy(taskMetadata.createdAt, taskMetadata.id),
  );
  for (const r of rows) {
    const key = `${r.agentId}\u0000${r.contentHash}`;
    if (!known.has(key)) {
      known.set(key, { id: r.id, traceId: r.traceId });
    }
  }
  return known;
}

/**
 * Extracts the task of each trace and upserts it (one task per source trace, updated in place
 * when the trace or its label changed). Idempotent. A trace repeating another trace's task of the
 * same agent is reported as a duplicate; one with no user message is skipped with the reason.
 */
export async function writeExtractedTasks(ctx: Ctx, traceIds: string[]): Promise<ExtractionReport> {
  const report: ExtractionReport = {
    created: 0,
    updated: 0,
    duplicates: [],
    skipped: [],
    truncatedMessages: 0,
  };
  const rows = await loadTraces(ctx, traceIds);
  const notes = await feedbackNotes(
    ctx,
    rows.filter((r) => r.label === 'positive').map((r) => r.id),
    { rating: 'positive', newestFirst: true },
  );
  const known = await knownTasks(ctx, [...new Set(rows.map((r) => r.agentId))]);
  const now = ctx.now();
  const upserts: NewTaskMetadata[] = [];
  for (const row of rows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const extracted = extractTask({
      view: await readEvalView(row.evalView, ctx.db),
      label: row.label,
      variables: row.variables ?? {},
      positiveNotes: notes.get(row.id) ?? [],
    });
    if (!extracted.ok) {
      report.skipped.push({ traceId: row.id, reason: extracted.reason });
      continue;
    }
    report.truncatedMessages += extracted.truncated;
    const key = `${row.agentId}\u0000${extracted.task.contentHash}`;
    const same = known.get(key);
    if (same && same.traceId !== row.id) {
      report.duplicates.push({ traceId: row.id, duplicateOf: same.id });
      continue;
    }
    const id = same?.id ?? ctx.newId('task');
    known.set(key, { id, traceId: row.id });
    upserts.push({
      ...extracted.task,
      id,
      workspaceId: ctx.workspaceId,
      traceId: row.id,
      agentId: row.agentId,
      createdAt: now,
      updatedAt: now,
    });
  }
  const found = await rowsByIdChunks(
    upserts.map((u) => u.traceId as string),
    (chunk) =>
      selectInWorkspace(ctx, taskMetadata, { traceId: taskMetadata.traceId }, [
        inArray(taskMetadata.traceId, chunk),
      ]),
  );
  const existing = new Set(found.map((f) => f.traceId as string));
  report.updated = upserts.filter((u) => existing.has(u.traceId as string)).length;
  report.created = upserts.length - report.updated;
  if (upserts.length > 0) {
    await writeBatch(ctx.db, [
      upsertRows(taskMetadata, upserts, {
        target: [taskMetadata.traceId],
        update: [
          'agentId',
          'firstUserMessage',
          'userTurns',
          'variables',
          'expectedOutput',
          'expectedActions',
          'successCriteria',
          'kind',
          'contentHash',
          'updatedAt',
        ],
      }),
    ]);
  }
  return report;
}
