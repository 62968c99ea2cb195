import { parentRef } from './columns';
import { EXECUTION_STATUSES, RATINGS } from './constants';
import { evals } from './evals';
import { integer, primaryKey, text } from './kit';
import { linkTable } from './workspaces';

/** A trace's human label as counted next to verdicts: a rating, or none yet. */
export const COUNTED_LABELS = [...RATINGS, 'unlabelled'] as const;

/**
 * Supporting table: how many of an eval version's executions have each verdict under each human
 * label. Maintained by SQL triggers (migration 0006) as executions are written and labels change,
 * so the matrix headline and agreement read at most 12 rows per version instead of counting every
 * execution. Never written by application code.
 */
export const evalVerdictCounts = linkTable(
  'eval_verdict_counts',
  {
    evalId: parentRef('eval_id', () => evals.id),
    label: text('label', { enum: COUNTED_LABELS }).notNull(),
    status: text('status', { enum: EXECUTION_STATUSES }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.evalId, t.label, t.status] })],
);
