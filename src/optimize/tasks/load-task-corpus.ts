import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { traceSummaries, traces } from '@/db/schema';
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
  return rows
    .filter((r) => r.body.userTurns > 0)
    .map((r) => ({
      id: r.id,
      terms: taskTerms(r.body.userText ?? r.body.firstUserMessage ?? '', r.body.tools),
      namedTask: namedTaskOf(r.metadata),
    }));
}
