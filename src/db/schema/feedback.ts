import { index, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, optionalRef, parentRef, primaryId, updatedAt } from './columns';
import { FEEDBACK_SOURCES, PAIR_RELATIONS, RATINGS } from './constants';
import { taskMetadata, traces } from './traces';
import { users, workspaceRef } from './workspaces';

/**
 * A label on a trace. One per trace and labeller: `labellerKey` is `user:<id>` for people and
 * `<source>:<name>` for labels that arrive with imported data.
 */
export const feedback = sqliteTable(
  'feedback',
  {
    id: primaryId(),
    workspaceId: workspaceRef(),
    traceId: parentRef('trace_id', () => traces.id),
    userId: optionalRef('user_id', () => users.id),
    labellerKey: text('labeller_key').notNull(),
    rating: text('rating', { enum: RATINGS }).notNull(),
    notes: text('notes').notNull().default(''),
    source: text('source', { enum: FEEDBACK_SOURCES }).notNull().default('human'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('feedback_trace_labeller_idx').on(t.traceId, t.labellerKey),
    index('feedback_workspace_trace_idx').on(t.workspaceId, t.traceId),
    index('feedback_workspace_updated_idx').on(t.workspaceId, t.updatedAt),
  ],
);

/** Links a task to labelled traces of the same or a similar task (reflector, eval generator). */
export const taskFeedbackPairs = sqliteTable(
  'task_feedback_pairs',
  {
    id: primaryId(),
    workspaceId: workspaceRef(),
    taskId: parentRef('task_id', () => taskMetadata.id),
    traceId: parentRef('trace_id', () => traces.id),
    feedbackId: text('feedback_id').references(() => feedback.id, { onDelete: 'cascade' }),
    relation: text('relation', { enum: PAIR_RELATIONS }).notNull(),
    score: real('score'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('task_feedback_pairs_task_trace_relation_idx').on(t.taskId, t.traceId, t.relation),
    index('task_feedback_pairs_workspace_task_idx').on(t.workspaceId, t.taskId),
  ],
);

export type Feedback = typeof feedback.$inferSelect;
export type NewFeedback = typeof feedback.$inferInsert;
export type TaskFeedbackPair = typeof taskFeedbackPairs.$inferSelect;
export type NewTaskFeedbackPair = typeof taskFeedbackPairs.$inferInsert;
