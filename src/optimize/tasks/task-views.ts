import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { viewOf } from '@/api/openapi-schemas';
import {
  RATINGS,
  type TaskMetadata,
  taskFeedbackPairs,
  taskMetadata,
  taskSimilarTraces,
} from '@/db/schema';
import { LabelCounts } from '@/feedback/label-counts';
import { oneLine } from './user-turns';

export const TaskView = z
  .object({
    ...columnFields(taskMetadata, 'id', 'agentId'),
    traceId: z
      .string()
      .nullable()
      .openapi({ description: 'The trace it came from; null when written by hand' }),
    source: z.enum(['trace', 'manual']),
    title: z.string().openapi({ description: 'The first user message in one line' }),
    firstUserMessage: z.string(),
    userTurns: z.array(z.string()),
    variables: z.record(z.string(), z.string()),
    ...columnFields(taskMetadata, 'expectedOutput'),
    expectedActions: z.array(z.object({ name: z.string(), arguments: z.unknown() })).nullable(),
    successCriteria: z.array(z.string()),
    ...columnFields(taskMetadata, 'kind'),
    clusterId: z
      .string()
      .nullable()
      .openapi({ description: 'Tasks of one cluster are runs of one task' }),
    label: z.enum(RATINGS).nullable().openapi({ description: "The source trace's label" }),
    labelCounts: LabelCounts.openapi({
      description: 'Labelled traces of its cluster (same_task pairs), by label',
    }),
    ...columnFields(taskMetadata, 'createdAt', 'updatedAt'),
  })
  .openapi('Task');
export type TaskView = z.infer<typeof TaskView>;

export const SimilarTraceView = z
  .object({
    traceId: z.string(),
    ...columnFields(taskSimilarTraces, 'rank', 'score', 'method'),
    taskId: z.string().nullable(),
    title: z.string().nullable(),
    label: z.enum(RATINGS).nullable(),
    clusterId: z.string().nullable(),
  })
  .openapi('SimilarTrace');
export type SimilarTraceView = z.infer<typeof SimilarTraceView>;

export const TaskFeedbackView = z
  .object({
    ...columnFields(taskFeedbackPairs, 'relation', 'traceId', 'score'),
    label: z.enum(RATINGS).nullable(),
    notes: z.array(z.string()).openapi({ description: "Every label's notes on that trace" }),
    summary: z.string().nullable().openapi({ description: 'The trace summary line' }),
  })
  .openapi('TaskFeedback');
export type TaskFeedbackView = z.infer<typeof TaskFeedbackView>;

export const ClusterView = z
  .object({
    clusterId: z.string(),
    size: z.number().int(),
    title: z.string(),
    taskIds: z.array(z.string()),
    labelCounts: LabelCounts,
  })
  .openapi('TaskCluster');
export type ClusterView = z.infer<typeof ClusterView>;

export function toTaskView(
  row: TaskMetadata,
  extra: { label: TaskView['label']; labelCounts: LabelCounts },
): TaskView {
  const first = row.firstUserMessage ?? row.userTurns[0] ?? '';
  return viewOf(TaskView, {
    ...row,
    source: row.traceId ? 'trace' : 'manual',
    title: oneLine(first) || '(no user message)',
    firstUserMessage: first,
    ...extra,
  });
}
