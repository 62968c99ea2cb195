import { count, eq, inArray, ne } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace, sameWorkspaceRow, selectInWorkspace } from '@/db/in-workspace';
import { feedback, traces } from '@/db/schema';
import { type LabelledTraceRow, loadLabelledTraces } from '../internal';
import { traceContentKey } from '../selection/content-key';
import { labelsToAdd, MIN_LABELS, MIN_PER_CLASS } from './labels-to-add';

export { traceContentKey };

/**
 * The good and bad labelled traces of an agent with their labellers' notes, in an order that
 * depends only on their content (so the same labels give the same folds in any database).
 */
export async function loadGenerationLabels(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string,
): Promise<LabelledTraceRow[]> {
  const rows = (await loadLabelledTraces(ctx, agentId)).filter((t) => t.label !== 'neutral');
  const notes = await ctx.db
    .select({ traceId: feedback.traceId, notes: feedback.notes })
    .from(feedback)
    .innerJoin(traces, sameWorkspaceRow(traces, feedback, feedback.traceId))
    .where(inWorkspace(ctx, feedback, [eq(traces.agentId, agentId), ne(feedback.notes, '')]));
  const byTrace = new Map<string, string[]>();
  for (const n of notes) {
    byTrace.set(n.traceId, [...(byTrace.get(n.traceId) ?? []), n.notes.trim()]);
  }
  const keyed = rows.map((row) => ({
    row: { ...row, note: [...new Set(byTrace.get(row.id) ?? [])].sort().join(' / ') },
    key: [...traceContentKey(row.view), row.label],
  }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || (a.row.id < b.row.id ? -1 : 1));
  return keyed.map((k) => k.row);
}

function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return (a[i] as string) < (b[i] as string) ? -1 : 1;
    }
  }
  return 0;
}

/**
 * PRECONDITION_FAILED unless there are enough labels of each kind to learn and to check; the
 * message says what to label, and `force` does not lift it (nothing can be learned or checked).
 */
export function labelShortfall(positives: number, negatives: number): AppError | null {
  const add = labelsToAdd(positives, negatives);
  if (add === null) {
    return null;
  }
  return new AppError(
    'PRECONDITION_FAILED',
    `not enough labels to generate an eval: this agent has ${positives} good and ${negatives} bad (neutral labels do not count); generation needs at least ${MIN_LABELS}, ${MIN_PER_CLASS} good and ${MIN_PER_CLASS} bad: label ${add}`,
    { details: { positives, negatives, minLabels: MIN_LABELS, minPerClass: MIN_PER_CLASS } },
  );
}

/** The shortfall of labels already loaded (`labelShortfall`), or null. */
export function shortfallOf(labelled: LabelledTraceRow[]): AppError | null {
  const positives = labelled.filter((t) => t.label === 'positive').length;
  return labelShortfall(positives, labelled.length - positives);
}

/** Throws `labelShortfall` for an agent's labels, counted without loading a trace. */
export async function assertEnoughLabels(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string,
): Promise<void> {
  const counts = await selectInWorkspace(ctx, traces, { label: traces.label, n: count() }, [
    eq(traces.agentId, agentId),
    inArray(traces.label, ['positive', 'negative']),
  ]).groupBy(traces.label);
  const of = (label: string) => counts.find((c) => c.label === label)?.n ?? 0;
  const short = labelShortfall(of('positive'), of('negative'));
  if (short) {
    throw short;
  }
}
