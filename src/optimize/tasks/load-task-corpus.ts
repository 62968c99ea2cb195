import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { type TraceSummaryBody, traceSummaries, traces } from '@/db/schema';
import { type TermCounts, taskTerms } from '../similarity/task-terms';
import { deterministicSummaryOf } from '../summaries/deterministic-summary';
import { ofAgent } from './of-agent';

export type CorpusDoc = { id: string; terms: TermCounts; namedTask: string | null };

/** A task id the sender put in the trace's metadata (benchmarks and datasets do). */
function namedTaskOf(metadata: Record<string, unknown>): string | null {
  const value = metadata.task_id ?? metadata.taskId;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/**
 * What similarity compares of one trace: all its user turns and the tools it called, with the task
 * its metadata names; null for a trace with no user turn (nothing to compare).
 */
export function corpusDocOf(
  id: string,
  body: TraceSummaryBody,
  metadata: Record<string, unknown>,
): CorpusDoc | null {
  if (body.userTurns === 0) {
    return null;
  }
  return {
    id,
    terms: taskTerms(body.userText ?? body.firstUserMessage ?? '', body.tools),
    namedTask: namedTaskOf(metadata),
  };
}

/**
 * Every trace of one agent (null: traces with no agent) as the terms similarity compares: all
 * user turns and the tools called, read from the deterministic summaries written at ingest.
 */
export async function loadTaskCorpus(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string | null,
): Promise<CorpusDoc[]> {
  const rows = await ctx.db
    .select({ id: traces.id, body: traceSummaries.body, metadata: traces.metadata })
    .from(traces)
    .innerJoin(traceSummaries, deterministicSummaryOf(traces.id))
    .where(inWorkspace(ctx, traces, [ofAgent(traces.agentId, agentId)]))
    .orderBy(traces.id);
  return rows.flatMap((r) => corpusDocOf(r.id, r.body, r.metadata) ?? []);
}
