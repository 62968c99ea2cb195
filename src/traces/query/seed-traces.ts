import type { Db } from '@/db/client';
import {
  type NewTrace,
  type NewTraceSummary,
  RATINGS,
  TRACE_SOURCES,
  traceSummaries,
  traces,
} from '@/db/schema';

const CHUNK = 100;

/**
 * Inserts `count` synthetic traces into a workspace (tests and bench): deterministic spread over
 * agents, sources, labels and errors; chunked under D1's bound-parameter limit. With `summaries`,
 * each trace also gets the deterministic summary that ingest writes, so the trace list reads a
 * summary line for every row as it does for real traces.
 */
export async function seedTraces(
  db: Db,
  input: {
    workspaceId: string;
    count: number;
    agentIds?: (string | null)[];
    start?: Date;
    idPrefix?: string;
    summaries?: boolean;
  },
): Promise<string[]> {
  const start = (input.start ?? new Date('2026-01-01T00:00:00Z')).getTime();
  const agentIds = input.agentIds ?? [null];
  const prefix = input.idPrefix ?? `tr_${input.workspaceId}_`;
  const ids: string[] = [];
  for (let offset = 0; offset < input.count; offset += CHUNK) {
    const rows: NewTrace[] = [];
    const summaries: NewTraceSummary[] = [];
    for (let i = offset; i < Math.min(input.count, offset + CHUNK); i++) {
      const id = `${prefix}${String(i).padStart(7, '0')}`;
      ids.push(id);
      const label = i % 4 === 3 ? null : (RATINGS[i % 3] ?? null);
      rows.push({
        id,
        workspaceId: input.workspaceId,
        source: TRACE_SOURCES[i % 3] ?? 'api',
        externalId: id,
        agentId: agentIds[i % agentIds.length] ?? null,
        startedAt: new Date(start + i * 1000),
        durationMs: 100 + (i % 50),
        stepCount: 1 + (i % 5),
        errorCount: i % 10 === 0 ? 1 : 0,
        hasErrors: i % 10 === 0,
        inputPreview: `question ${i} about ${i % 7 === 0 ? 'refunds' : 'shipping'}`,
        outputPreview: `answer ${i}`,
        label,
        labelledAt: label ? new Date(start + i * 1000 + 500) : null,
        evalView: {
          trace_id: id,
          steps: [],
          messages: [],
          input: `q${i}`,
          output: `a${i}`,
          metadata: {},
        } as never,
        evalViewVersion: 1,
      });
      if (input.summaries) {
        summaries.push(summaryOf(input.workspaceId, id, i));
      }
    }
    await db.insert(traces).values(rows);
    if (summaries.length > 0) {
      await db.insert(traceSummaries).values(summaries);
    }
  }
  return ids;
}

/** The deterministic summary ingest would write for seeded trace `i`. */
function summaryOf(workspaceId: string, traceId: string, i: number): NewTraceSummary {
  const goal = `question ${i} about ${i % 7 === 0 ? 'refunds' : 'shipping'}`;
  const tools: Record<string, number> = i % 2 === 0 ? { get_order: 1 + (i % 3) } : {};
  return {
    id: `sum_${traceId}`,
    workspaceId,
    traceId,
    kind: 'deterministic',
    body: {
      goal,
      firstUserMessage: goal,
      turns: 2 + (i % 4),
      userTurns: 1 + (i % 2),
      assistantTurns: 1 + (i % 3),
      toolCalls: i % 2 === 0 ? 1 + (i % 3) : 0,
      tools,
      errors: [],
      errorCount: i % 10 === 0 ? 1 : 0,
      handoffs: 0,
      finalMessageKind: 'answer',
      finalAnswer: `answer ${i}`,
    },
    text: `${goal} · ${1 + (i % 2)} user turns · answer`,
  };
}
