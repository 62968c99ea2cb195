import { eq, getTableColumns } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { selectInWorkspace } from '@/db/in-workspace';
import { evalExecutions, feedback, traces } from '@/db/schema';
import { getEvalOrThrow } from '../internal';
import { cellState } from './get-matrix';

/** An execution's columns but the judge questions it asked (the cache's working data, not shown). */
const { questions: _questions, ...cellExecutionColumns } = getTableColumns(evalExecutions);

/** One cell of the matrix: the version's code, its verdict on the trace, and the human side. */
export async function getMatrixCell(ctx: Ctx, input: { evalId: string; traceId: string }) {
  const version = await getEvalOrThrow(ctx, input.evalId);
  const [trace] = await selectInWorkspace(
    ctx,
    traces,
    {
      id: traces.id,
      agentId: traces.agentId,
      label: traces.label,
      startedAt: traces.startedAt,
      inputPreview: traces.inputPreview,
      outputPreview: traces.outputPreview,
    },
    [eq(traces.id, input.traceId)],
  );
  if (!trace || trace.agentId !== version.agentId) {
    throw notFound('trace', input.traceId);
  }
  const [execution] = await selectInWorkspace(ctx, evalExecutions, cellExecutionColumns, [
    eq(evalExecutions.evalId, version.id),
    eq(evalExecutions.traceId, trace.id),
  ]);
  const labels = await selectInWorkspace(
    ctx,
    feedback,
    {
      rating: feedback.rating,
      notes: feedback.notes,
      labellerKey: feedback.labellerKey,
      updatedAt: feedback.updatedAt,
    },
    [eq(feedback.traceId, trace.id)],
  );
  return {
    eval: { id: version.id, name: version.name, version: version.version, code: version.code },
    trace,
    labels,
    execution: execution ?? null,
    state: cellState(trace.label, execution?.status ?? null),
  };
}
