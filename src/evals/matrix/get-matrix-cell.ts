import { eq, getTableColumns } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { evalExecutions, feedback, traces } from '@/db/schema';
import { getEvalOrThrow } from '../internal';
import { cellState } from './get-matrix';

/** An execution's columns but the judge questions it asked (the cache's working data, not shown). */
const { questions: _questions, ...cellExecutionColumns } = getTableColumns(evalExecutions);

/** One cell of the matrix: the version's code, its verdict on the trace, and the human side. */
export async function getMatrixCell(ctx: Ctx, input: { evalId: string; traceId: string }) {
  const version = await getEvalOrThrow(ctx, input.evalId);
  const [trace] = await ctx.db
    .select({
      id: traces.id,
      agentId: traces.agentId,
      label: traces.label,
      startedAt: traces.startedAt,
      inputPreview: traces.inputPreview,
      outputPreview: traces.outputPreview,
    })
    .from(traces)
    .where(inWorkspace(ctx, traces, [eq(traces.id, input.traceId)]));
  if (!trace || trace.agentId !== version.agentId) {
    throw notFound('trace', input.traceId);
  }
  const [execution] = await ctx.db
    .select(cellExecutionColumns)
    .from(evalExecutions)
    .where(
      inWorkspace(ctx, evalExecutions, [
        eq(evalExecutions.evalId, version.id),
        eq(evalExecutions.traceId, trace.id),
      ]),
    );
  const labels = await ctx.db
    .select({
      rating: feedback.rating,
      notes: feedback.notes,
      labellerKey: feedback.labellerKey,
      updatedAt: feedback.updatedAt,
    })
    .from(feedback)
    .where(inWorkspace(ctx, feedback, [eq(feedback.traceId, trace.id)]));
  return {
    eval: { id: version.id, name: version.name, version: version.version, code: version.code },
    trace,
    labels,
    execution: execution ?? null,
    state: cellState(trace.label, execution?.status ?? null),
  };
}
