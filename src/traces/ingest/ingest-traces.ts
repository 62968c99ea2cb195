import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import type { EvalView } from '@/core/eval-view';
import { isRevisionConflict } from '@/db/errors';
import { type NewSpan, type NewTrace, spans, traces } from '@/db/schema';
import { upsertRows } from '@/db/upsert-rows';
import { type WriteItem, writeBatch } from '@/db/write-batch';
import { enqueueAutoEvals } from '@/evals/runs/enqueue-auto-evals';
import { traceSummaryWrites } from '@/optimize/summaries/trace-summary-writes';
import { enqueueTasksIndex } from '@/optimize/tasks/enqueue-tasks-index';
import { deriveEvalView } from '../derive-eval-view';
import type { NormalisedTrace, TraceScore, TraceSource } from '../normalised-trace';
import type { ScoreLabelSettings } from '../score-labels';
import { storeEvalView } from '../stored-eval-view';
import { spansFromMessages } from './derived-spans';
import { discoverAgents, type OwnerLink, type PromptUse } from './discover-agents';
import { findTracesByExternalId } from './find-traces-by-external-id';
import { loadStoredTraces, storedAsTrace } from './load-stored-traces';
import { mergeTraces } from './merge-traces';
import { normaliseIncoming } from './normalise-incoming';
import { attachPendingScores, pendingScoreStatement } from './pending-scores';
import { labelStatements, loadScoreLabelSettings, scoreStatements } from './score-statements';
import {
  changedSpanRows,
  type PreparedTrace,
  SPAN_UPDATE_KEYS,
  sameTraceContent,
  TRACE_UPDATE_KEYS,
  toTraceRow,
} from './trace-rows';

/** Writers that lose this many compare-and-swaps in a row give up with UNAVAILABLE (retryable). */
const MAX_ATTEMPTS = 8;

export type ScoreInput = { source: TraceSource; traceExternalId: string; score: TraceScore };
export type IngestResult = {
  traces: {
    id: string;
    externalId: string;
    source: TraceSource;
    created: boolean;
    changed: boolean;
    /** The agent the trace belongs to (by its system prompt), null when it has none. */
    agentId: string | null;
  }[];
  spansWritten: number;
  scoreErrors: { externalId: string | null; message: string }[];
  /** Scores kept until their trace arrives (attached then, labels included). */
  scoresPending: { externalId: string | null; traceExternalId: string }[];
};
/** One ingest's writes (`W`: statements in some form) and what follows them. */
export type IngestPlan<W> = {
  writes: W;
  result: IngestResult;
  /** Changed traces that auto evals score (not rollouts: their batch scores them). */
  autoEval: { id: string; agentId: string | null }[];
  /** How many traces' content changed. */
  changed: number;
  /** The external ids of the traces written (scores waiting for them are attached after). */
  externalIds: string[];
};
type IngestInput = {
  traces: unknown[];
  scores?: ScoreInput[];
  /** The agent version new system prompts belong to (rollouts of a known agent), not discovered. */
  owner?: OwnerLink;
  /**
   * The traces are this call's own (a parser's fresh output that nothing else holds): those
   * already exactly as the schema answers them are stored as they are, not copied.
   */
  owned?: boolean;
};

/**
 * Stores normalised traces: validates, merges with what is stored (spans by id, trace fields
 * non-null-wins), derives the eval view and list columns, records system prompts and agents,
 * and writes everything in ONE batch upserted on (workspace, source, external id). Safe with
 * any number of writers: each trace row is a compare-and-swap on its revision, and a writer that
 * merged from a stale read retries from a fresh one. Idempotent: re-sent traces write nothing.
 */
export async function ingestTraces(ctx: Ctx, input: IngestInput): Promise<IngestResult> {
  const incoming = normaliseIncoming(ctx, input.traces, input.owned === true);
  const scores = input.scores ?? [];
  const hasScores = scores.length > 0 || [...incoming.values()].some((t) => t.scores.length > 0);
  const settings = hasScores ? await loadScoreLabelSettings(ctx) : {};
  return writePlanned(ctx, async () => {
    const plan = await planIngest(ctx, incoming, scores, settings, input.owner);
    await writeBatch(ctx.db, plan.writes);
    return plan;
  });
}

/**
 * Runs `attempt` (plan an ingest and write it in one batch) until no other writer changed its
 * traces in between, then does what follows a write: auto evals, the tasks index and the scores
 * waiting for these traces.
 */
export async function writePlanned(
  ctx: Ctx,
  attempt: () => Promise<Omit<IngestPlan<unknown>, 'writes'>>,
): Promise<IngestResult> {
  for (let n = 1; ; n++) {
    try {
      const plan = await attempt();
      await enqueueAutoEvals(ctx, plan.autoEval);
      if (plan.changed > 0) {
        await enqueueTasksIndex(ctx);
      }
      await attachPendingScores(ctx, [
        ...plan.externalIds,
        ...plan.result.scoresPending.map((s) => s.traceExternalId),
      ]);
      return plan.result;
    } catch (error) {
      if (!isRevisionConflict(error)) {
        throw error;
      }
      if (n >= MAX_ATTEMPTS) {
        throw new AppError('UNAVAILABLE', 'these traces kept changing under other writers; retry', {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * n));
    }
  }
}

async function prepare(ctx: Ctx, incoming: Map<string, NormalisedTrace>): Promise<PreparedTrace[]> {
  const stored = await loadStoredTraces(ctx, [...incoming.keys()]);
  return [...incoming].map(([id, next]) => {
    const row = stored.rows.get(id);
    const storedSpans = stored.spans.get(id) ?? [];
    const merged = row ? mergeTraces(storedAsTrace(row, storedSpans), next) : next;
    const derived = deriveEvalView(merged, { traceId: id });
    const spansFrom = spansFromMessages(merged.spans, derived.view);
    return { id, next, row, storedSpans, merged, derived, spansFrom };
  });
}

function promptUses(prepared: PreparedTrace[], now: Date): PromptUse[] {
  return prepared.flatMap((p) => {
    const prompt = p.derived.columns.systemPrompt;
    if (!prompt) {
      return [];
    }
    const previous = p.row
      ? { systemPromptId: p.row.systemPromptId, agentId: p.row.agentId }
      : null;
    return [{ prompt, previous, at: new Date(p.derived.columns.startTime ?? now.getTime()) }];
  });
}

/**
 * What one ingest writes, read from the database as it is now: every statement of the batch (in
 * its order), the answer, and the traces whose content changed. Writes nothing.
 */
export async function planIngest(
  ctx: Ctx,
  incoming: Map<string, NormalisedTrace>,
  scores: ScoreInput[],
  settings: ScoreLabelSettings,
  owner?: OwnerLink,
): Promise<IngestPlan<WriteItem[]>> {
  const now = ctx.now();
  const prepared = await prepare(ctx, incoming);
  const { links, statements } = await discoverAgents(ctx, promptUses(prepared, now), owner);
  const writes: WriteItem[] = [...statements];
  const traceRows: NewTrace[] = [];
  const changedTraces: { id: string; agentId: string | null; evalView: EvalView }[] = [];
  const spanRows: NewSpan[] = [];
  const result: IngestResult = {
    traces: [],
    spansWritten: 0,
    scoreErrors: [],
    scoresPending: [],
  };
  for (const p of prepared) {
    const prompt = p.derived.columns.systemPrompt;
    const traceRow = toTraceRow(ctx.workspaceId, p, prompt ? links.get(prompt) : undefined, now);
    const changed = !p.row || !sameTraceContent(p.row, traceRow);
    const spansChanged = changedSpanRows(ctx.workspaceId, p);
    const formChanged = p.row !== undefined && p.row.spansFrom !== p.spansFrom;
    if (formChanged && p.spansFrom !== null) {
      // its spans are now derived from its messages: the rows stored before go
      writes.push(ctx.db.delete(spans).where(eq(spans.traceId, p.id)));
    }
    if (changed || spansChanged.length > 0 || formChanged) {
      // every write of a trace's spans bumps its revision, so a concurrent merge cannot miss it
      traceRows.push(traceRow);
    }
    if (changed) {
      changedTraces.push({ id: p.id, agentId: traceRow.agentId ?? null, evalView: p.derived.view });
    }
    spanRows.push(...spansChanged);
    result.traces.push({
      id: p.id,
      externalId: p.merged.externalId,
      source: p.merged.source,
      created: !p.row,
      changed,
      agentId: traceRow.agentId ?? null,
    });
  }
  if (traceRows.length > 0) {
    const byId = new Map(prepared.map((p) => [p.id, p]));
    const stored = await Promise.all(
      traceRows.map(async (r) => {
        const p = byId.get(r.id) as PreparedTrace;
        const text = p.derived.columns.systemPrompt;
        return {
          ...r,
          evalView: await storeEvalView(r.evalView as EvalView, ctx.db, {
            spansFrom: p.spansFrom,
            systemPrompt: r.systemPromptId && text ? { id: r.systemPromptId, text } : null,
          }),
        };
      }),
    );
    writes.push(
      upsertRows(traces, stored, {
        target: [traces.workspaceId, traces.source, traces.externalId],
        update: TRACE_UPDATE_KEYS,
        revision: traces.revision,
      }),
    );
  }
  if (spanRows.length > 0) {
    writes.push(
      upsertRows(spans, spanRows, {
        target: [spans.traceId, spans.spanId],
        update: SPAN_UPDATE_KEYS,
      }),
    );
  }
  result.spansWritten = spanRows.length;
  for (const p of prepared) {
    if (p.next.label && (!p.row || p.row.label !== p.next.label.rating)) {
      writes.push(
        ...labelStatements(ctx, p.id, p.next.label, { key: 'import:label', source: 'import' }),
      );
    }
    for (const score of p.next.scores) {
      writes.push(...scoreStatements(ctx, p.id, p.merged.source, score, settings));
    }
  }
  writes.push(...(await externalScoreStatements(ctx, scores, incoming, settings, result)));
  writes.push(...traceSummaryWrites(ctx, changedTraces));
  // rollouts (source taskset) are scored by their batch, in one sandbox call per eval
  const rolloutIds = new Set(
    prepared.filter((p) => p.merged.source === 'taskset').map((p) => p.id),
  );
  return {
    writes,
    result,
    autoEval: changedTraces
      .filter((t) => !rolloutIds.has(t.id))
      .map((t) => ({ id: t.id, agentId: t.agentId })),
    changed: changedTraces.length,
    externalIds: [...incoming.values()].map((t) => t.externalId),
  };
}

/**
 * Scores sent apart from their trace (Langfuse `score-create`): found by external id whatever
 * source holds it, or kept pending until the trace arrives.
 */
async function externalScoreStatements(
  ctx: Ctx,
  scores: ScoreInput[],
  incoming: Map<string, NormalisedTrace>,
  settings: ScoreLabelSettings,
  result: IngestResult,
): Promise<WriteItem[]> {
  const statements: WriteItem[] = [];
  const inRequest = new Map<string, string>();
  for (const [id, t] of incoming) {
    inRequest.set(`${t.source}\u0000${t.externalId}`, id);
  }
  const bySource = new Map<TraceSource, string[]>();
  for (const s of scores) {
    if (!inRequest.has(`${s.source}\u0000${s.traceExternalId}`)) {
      bySource.set(s.source, [...(bySource.get(s.source) ?? []), s.traceExternalId]);
    }
  }
  const stored = new Map<string, string>();
  for (const [source, externalIds] of bySource) {
    for (const [externalId, id] of await findTracesByExternalId(ctx, externalIds, source)) {
      stored.set(`${source}\u0000${externalId}`, id);
    }
  }
  for (const s of scores) {
    const key = `${s.source}\u0000${s.traceExternalId}`;
    const id = inRequest.get(key) ?? stored.get(key);
    if (!id) {
      statements.push(pendingScoreStatement(ctx, s));
      result.scoresPending.push({
        externalId: s.score.externalId,
        traceExternalId: s.traceExternalId,
      });
      continue;
    }
    statements.push(...scoreStatements(ctx, id, s.source, s.score, settings));
  }
  return statements;
}
