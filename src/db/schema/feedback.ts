import { agents } from './agents';
import { createdAt, json, optionalRef, parentRef, timestamps } from './columns';
import { FEEDBACK_SOURCES, PAIR_RELATIONS, RATINGS } from './constants';
import { index, integer, real, text, uniqueIndex } from './kit';
import { taskMetadata, traces } from './traces';
import { createdByAndAt, tenantTable, users } from './workspaces';

/**
 * A label on a trace. One per trace and labeller: `labellerKey` is `user:<id>` for people and
 * `<source>:<name>` for labels that arrive with imported data.
 */
export const feedback = tenantTable(
  'feedback',
  {
    traceId: parentRef('trace_id', () => traces.id),
    userId: optionalRef('user_id', () => users.id),
    labellerKey: text('labeller_key').notNull(),
    rating: text('rating', { enum: RATINGS }).notNull(),
    notes: text('notes').notNull().default(''),
    source: text('source', { enum: FEEDBACK_SOURCES }).notNull().default('human'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('feedback_trace_labeller_idx').on(t.traceId, t.labellerKey),
    index('feedback_workspace_trace_idx').on(t.workspaceId, t.traceId),
    index('feedback_workspace_updated_idx').on(t.workspaceId, t.updatedAt),
  ],
);

/** Links a task to labelled traces of the same or a similar task (reflector, eval generator). */
export const taskFeedbackPairs = tenantTable(
  'task_feedback_pairs',
  {
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

/** The trace-list filter a review queue was made from (the `GET /v1/traces` query, as given). */
export type ReviewQueueFilter = Record<string, string | boolean>;

/**
 * A set of traces to label (made from a trace-list filter or a list of trace ids), its items
 * assigned to workspace members. Progress and agreement are read from `feedback`, never stored.
 */
export const reviewQueues = tenantTable(
  'review_queues',
  {
    agentId: parentRef('agent_id', () => agents.id),
    name: text('name').notNull(),
    filter: json<ReviewQueueFilter>('filter'),
    reviewersPerTrace: integer('reviewers_per_trace').notNull().default(1),
    ...createdByAndAt(),
  },
  (t) => [
    index('review_queues_workspace_agent_created_idx').on(t.workspaceId, t.agentId, t.createdAt),
  ],
);

/** One trace of a queue for one reviewer (`assigneeId` null: anyone in the workspace). */
export const reviewQueueItems = tenantTable(
  'review_queue_items',
  {
    queueId: parentRef('queue_id', () => reviewQueues.id),
    traceId: parentRef('trace_id', () => traces.id),
    assigneeId: optionalRef('assignee_id', () => users.id),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('review_queue_items_queue_trace_assignee_idx').on(
      t.queueId,
      t.traceId,
      t.assigneeId,
    ),
    index('review_queue_items_workspace_queue_assignee_idx').on(
      t.workspaceId,
      t.queueId,
      t.assigneeId,
      t.position,
    ),
  ],
);

export type Feedback = typeof feedback.$inferSelect;
export type NewTaskFeedbackPair = typeof taskFeedbackPairs.$inferInsert;
export type ReviewQueue = typeof reviewQueues.$inferSelect;
export type ReviewQueueItem = typeof reviewQueueItems.$inferSelect;
export type NewReviewQueueItem = typeof reviewQueueItems.$inferInsert;
