import { desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { inWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { evalExecutions, evals, feedback, traces } from '@/db/schema';
import {
  condenseTranscript,
  type ReflectiveRecord,
  type TranscriptTurn,
} from '@/optimize/gepa/reflective-record';
import { readEvalView } from '@/traces/stored-eval-view';

export const MIN_FAILING = 3;
export const MAX_FAILING = 8;

/**
 * The traces one-shot improve learns from: the ones asked for (each of the agent's, else 404),
 * or the agent's newest traces (not playground sessions) labelled negative or failed by an eval.
 * UNPROCESSABLE below 3.
 */
export async function failingTraceIds(
  ctx: Ctx,
  agentId: string,
  asked: readonly string[] | undefined,
): Promise<string[]> {
  if (asked?.length) {
    const found = await selectInWorkspace(ctx, traces, { id: traces.id }, [
      eq(traces.agentId, agentId),
      inArray(traces.id, [...asked]),
    ]);
    const have = new Set(found.map((r) => r.id));
    const missing = asked.find((id) => !have.has(id));
    if (missing) {
      throw notFound('trace of this agent', missing);
    }
    return [...new Set(asked)];
  }
  const failedByEval = selectInWorkspace(ctx, evalExecutions, { traceId: evalExecutions.traceId }, [
    eq(evalExecutions.status, 'fail'),
  ]);
  const rows = await selectInWorkspace(ctx, traces, { id: traces.id }, [
    eq(traces.agentId, agentId),
    ne(traces.source, 'playground'),
    or(eq(traces.label, 'negative'), inArray(traces.id, failedByEval)),
  ])
    .orderBy(desc(traces.startedAt), desc(traces.id))
    .limit(MAX_FAILING);
  if (rows.length < MIN_FAILING) {
    throw new AppError(
      'UNPROCESSABLE',
      `improve needs at least ${MIN_FAILING} failing traces of the agent (labelled negative or failed by an eval); found ${rows.length}`,
      { details: { found: rows.length, minimum: MIN_FAILING } },
    );
  }
  return rows.map((r) => r.id);
}

/** The trace's conversation as the reflector reads it (§4 transcript). */
function turnsOf(
  messages: {
    role: string;
    content: string;
    tool_call_id?: string;
    tool_calls?: { id: string | null; name: string; arguments: unknown }[];
  }[],
): TranscriptTurn[] {
  const results = new Map(
    messages.flatMap((m) =>
      m.role === 'tool' && m.tool_call_id ? [[m.tool_call_id, m.content]] : [],
    ),
  );
  const turns: TranscriptTurn[] = [];
  for (const m of messages) {
    if (m.role === 'user' || (m.role === 'assistant' && m.content)) {
      turns.push({ role: m.role, text: m.content });
    }
    for (const call of m.role === 'assistant' ? (m.tool_calls ?? []) : []) {
      turns.push({
        role: 'tool',
        name: call.name,
        arguments: call.arguments,
        result: call.id ? results.get(call.id) : undefined,
      });
    }
  }
  return turns;
}

/**
 * Reflective records (§4) of stored traces: the user side, the condensed transcript, each
 * eval's verdict on the trace and the human notes of its labels.
 */
export async function traceRecords(ctx: Ctx, ids: readonly string[]): Promise<ReflectiveRecord[]> {
  const rows = await selectInWorkspace(
    ctx,
    traces,
    { id: traces.id, evalView: traces.evalView, label: traces.label },
    [inArray(traces.id, [...ids])],
  );
  const verdicts = await ctx.db
    .select({
      traceId: evalExecutions.traceId,
      name: evals.name,
      status: evalExecutions.status,
      reason: evalExecutions.reason,
    })
    .from(evalExecutions)
    .innerJoin(evals, eq(evals.id, evalExecutions.evalId))
    .where(
      inWorkspace(ctx, evalExecutions, [
        inArray(evalExecutions.traceId, [...ids]),
        ne(evalExecutions.status, 'error'),
      ]),
    );
  const notes = await selectInWorkspace(
    ctx,
    feedback,
    { traceId: feedback.traceId, rating: feedback.rating, notes: feedback.notes },
    [inArray(feedback.traceId, [...ids]), sql`${feedback.notes} <> ''`],
  );
  const records: ReflectiveRecord[] = [];
  for (const id of ids) {
    const row = rows.find((r) => r.id === id);
    if (!row) {
      continue;
    }
    const view = await readEvalView(row.evalView, ctx.db);
    const users = view.messages.filter((m) => m.role === 'user').map((m) => m.content);
    const human = notes.filter((n) => n.traceId === id).map((n) => `${n.rating}: ${n.notes}`);
    records.push({
      taskId: id,
      userSide: users.join('\n---\n'),
      transcript: condenseTranscript(turnsOf(view.messages)),
      verdicts: [
        ...(row.label
          ? [{ name: 'human_label', passed: row.label !== 'negative', reason: row.label }]
          : []),
        ...verdicts
          .filter((v) => v.traceId === id)
          .map((v) => ({ name: v.name, passed: v.status === 'pass', reason: v.reason })),
      ],
      ...(human.length ? { humanNote: human.join('\n') } : {}),
    });
  }
  return records;
}
