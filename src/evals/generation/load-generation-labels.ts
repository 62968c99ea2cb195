import { eq, ne } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { feedback, traces } from '@/db/schema';
import { type LabelledTraceRow, loadLabelledTraces } from '../internal';
import { traceContentKey } from '../selection/content-key';

export { traceContentKey };

const MIN_LABELS = 8;
const MIN_PER_CLASS = 2;

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

/** PRECONDITION_FAILED unless there are enough labels of each kind to learn and to check. */
export function assertEnoughLabels(labelled: LabelledTraceRow[]): void {
  const positives = labelled.filter((t) => t.label === 'positive').length;
  const negatives = labelled.length - positives;
  if (labelled.length < MIN_LABELS || Math.min(positives, negatives) < MIN_PER_CLASS) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `label at least ${MIN_LABELS} traces with ${MIN_PER_CLASS} good and ${MIN_PER_CLASS} bad (this agent has ${positives} good, ${negatives} bad)`,
      { details: { positives, negatives, minLabels: MIN_LABELS, minPerClass: MIN_PER_CLASS } },
    );
  }
}
