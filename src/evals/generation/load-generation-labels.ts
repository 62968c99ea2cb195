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

/** What the labels are for: a refinement learns from them as a generation does. */
export type LabelsUse = 'generate' | 'refine';

/**
 * PRECONDITION_FAILED unless there are enough labels of each kind to learn and to check; the
 * message says what to label, and `force` does not lift it (nothing can be learned or checked).
 * A refinement needs what a generation needs: it runs one (`refineEval`).
 */
export function labelShortfall(
  positives: number,
  negatives: number,
  use: LabelsUse = 'generate',
): AppError | null {
  const add = labelsToAdd(positives, negatives);
  if (add === null) {
    return null;
  }
  const [goal, noun] =
    use === 'refine' ? ['refine an eval', 'refinement'] : ['generate an eval', 'generation'];
  return new AppError(
    'PRECONDITION_FAILED',
    `not enough labels to ${goal}: this agent has ${positives} good and ${negatives} bad (neutral labels do not count); ${noun} needs at least ${MIN_LABELS}, ${MIN_PER_CLASS} good and ${MIN_PER_CLASS} bad: label ${add}`,
    { details: { positives, negatives, minLabels: MIN_LABELS, minPerClass: MIN_PER_CLASS } },
  );
}

/** The shortfall of labels already loaded (`labelShortfall`), or null. */
export function shortfallOf(labelled: LabelledTraceRow[], use?: LabelsUse): AppError | null {
  const positives = labelled.filter((t) => t.label === 'positive').length;
  return labelShortfall(positives, labelled.length - positives, use);
}

/** The `labelShortfall` of an agent's labels, counted without loading a trace, or null. */
export async function agentLabelShortfall(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string,
  use?: LabelsUse,
): Promise<AppError | null> {
  const counts = await selectInWorkspace(ctx, traces, { label: traces.label, n: count() }, [
    eq(traces.agentId, agentId),
    inArray(traces.label, ['positive', 'negative']),
  ]).groupBy(traces.label);
  const of = (label: string) => counts.find((c) => c.label === label)?.n ?? 0;
  return labelShortfall(of('positive'), of('negative'), use);
}

/** Throws `agentLabelShortfall` when there is one. */
export async function assertEnoughLabels(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string,
  use?: LabelsUse,
): Promise<void> {
  const short = await agentLabelShortfall(ctx, agentId, use);
  if (short) {
    throw short;
  }
}
