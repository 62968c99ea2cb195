import { agents, agentVersions } from './agents';
import { createdAt, json, optionalRef, parentRef, timestamp, timestamps } from './columns';
import {
  ROLLOUT_STATUSES,
  RUN_STATUSES,
  SPLITS,
  TASKSET_SOURCES,
  type USER_MODES,
} from './constants';
import { index, integer, primaryKey, real, text, uniqueIndex } from './kit';
import { taskMetadata, traces } from './traces';
import { linkTable, tenantTable } from './workspaces';

/**
 * One version of a taskset. Versions of one taskset share `family_id` (the first version's id).
 * A version is frozen when a run uses it; editing a frozen version makes the next version.
 */
export const tasksets = tenantTable(
  'tasksets',
  {
    agentId: parentRef('agent_id', () => agents.id),
    familyId: text('family_id').notNull().default(''),
    version: integer('version').notNull().default(1),
    /** The version this one was made from (same family); null for the first version. */
    parentId: text('parent_id'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    source: text('source', { enum: TASKSET_SOURCES }).notNull(),
    taskCount: integer('task_count').notNull().default(0),
    /** The seed of the tasks' train/val/test split; null when unsplit or imported with its split. */
    splitSeed: integer('split_seed'),
    frozenAt: timestamp('frozen_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('tasksets_workspace_agent_name_version_idx').on(
      t.workspaceId,
      t.agentId,
      t.name,
      t.version,
    ),
    index('tasksets_workspace_family_version_idx').on(t.workspaceId, t.familyId, t.version),
    index('tasksets_workspace_updated_idx').on(t.workspaceId, t.updatedAt),
  ],
);

export type TaskExpectations = {
  output?: string;
  actions?: { name: string; arguments: unknown }[];
  criteria?: string[];
  /** Facts the agent must tell the user (tau2 `communicate_info`). */
  communicate?: string[];
  /** What the task tests, in the author's words (tau2 `description`); never shown to the agent. */
  purpose?: string;
  /** Which checks make up the reward (tau2 `reward_basis`). */
  rewardBasis?: string[];
};

/** A frozen, replayable task: the user side, variables and optional expectations. */
export const tasksetTasks = tenantTable(
  'taskset_tasks',
  {
    tasksetId: parentRef('taskset_id', () => tasksets.id),
    taskMetadataId: optionalRef('task_metadata_id', () => taskMetadata.id),
    sourceTraceId: optionalRef('source_trace_id', () => traces.id),
    externalId: text('external_id'),
    userMessage: text('user_message').notNull(),
    userTurns: json<string[]>('user_turns').notNull().default([]),
    scenario: json<Record<string, unknown>>('scenario'),
    variables: json<Record<string, string>>('variables').notNull().default({}),
    expectations: json<TaskExpectations>('expectations').notNull().default({}),
    /** A fixed split imported with the task (tau2); runs otherwise split by seed. */
    split: text('split', { enum: SPLITS }),
    clusterId: text('cluster_id'),
    contentHash: text('content_hash').notNull(),
    /** Order in the taskset (import order, or the order tasks were added). */
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('taskset_tasks_taskset_hash_idx').on(t.tasksetId, t.contentHash),
    index('taskset_tasks_workspace_taskset_idx').on(t.workspaceId, t.tasksetId),
  ],
);

export type RunConfig = {
  model?: string;
  provider?: string;
  userMode?: (typeof USER_MODES)[number];
  /** The simulated user's model id (default: the run's model). */
  userModel?: string;
  /** The simulated user's most messages in one rollout. */
  maxUserTurns?: number;
  rolloutsPerTask?: number;
  split?: (typeof SPLITS)[number];
  temperature?: number;
  /** Rollouts in flight at once. */
  parallel?: number;
  /** The run's cost ceiling in USD: a rollout that would pass it never starts. */
  maxCostUsd?: number;
  stepsPerTurn?: number;
  /** The user's explicit acceptance of side effects (tools that are not read-only run live). */
  allowSideEffects?: boolean;
  /** The tasks the run covers (its split of the frozen taskset version, in order). */
  taskIds?: string[];
  /** The prompt iteration whose text the run measures: its status follows the run's. */
  promptIterationId?: string;
};

export const tasksetRuns = tenantTable(
  'taskset_runs',
  {
    tasksetId: parentRef('taskset_id', () => tasksets.id),
    agentVersionId: optionalRef('agent_version_id', () => agentVersions.id),
    candidateText: text('candidate_text'),
    config: json<RunConfig>('config').notNull().default({}),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('queued'),
    jobId: text('job_id'),
    summary: json<Record<string, number>>('summary').notNull().default({}),
    costUsd: real('cost_usd').notNull().default(0),
    createdAt: createdAt(),
    startedAt: timestamp('started_at'),
    finishedAt: timestamp('finished_at'),
  },
  (t) => [
    index('taskset_runs_workspace_taskset_created_idx').on(t.workspaceId, t.tasksetId, t.createdAt),
  ],
);

/** GEPA optimisation runs; `state` is the engine state saved after every stage (resumable). */
export const gepaRuns = tenantTable(
  'gepa_runs',
  {
    agentId: parentRef('agent_id', () => agents.id),
    tasksetId: optionalRef('taskset_id', () => tasksets.id),
    baseVersionId: optionalRef('base_version_id', () => agentVersions.id),
    config: json<Record<string, unknown>>('config').notNull(),
    state: json<Record<string, unknown>>('state'),
    stage: text('stage'),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('queued'),
    budgetRollouts: integer('budget_rollouts').notNull(),
    usedRollouts: integer('used_rollouts').notNull().default(0),
    reflectionCostUsd: real('reflection_cost_usd').notNull().default(0),
    reflectionTokens: integer('reflection_tokens').notNull().default(0),
    bestCandidateHash: text('best_candidate_hash'),
    testReport: json<Record<string, unknown>>('test_report'),
    jobId: text('job_id'),
    error: text('error'),
    ...timestamps(),
    finishedAt: timestamp('finished_at'),
  },
  (t) => [index('gepa_runs_workspace_agent_created_idx').on(t.workspaceId, t.agentId, t.createdAt)],
);

/** A run's frozen copy of its tasks and their split (train / val / test). */
export const gepaRunTasks = linkTable(
  'gepa_run_tasks',
  {
    gepaRunId: parentRef('gepa_run_id', () => gepaRuns.id),
    taskId: parentRef('task_id', () => tasksetTasks.id),
    split: text('split', { enum: SPLITS }).notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.gepaRunId, t.taskId] }),
    index('gepa_run_tasks_workspace_run_split_idx').on(t.workspaceId, t.gepaRunId, t.split),
  ],
);

/** One evaluation stage: a candidate run over a set of tasks, for a taskset run or a GEPA stage. */
export const rolloutBatches = tenantTable(
  'rollout_batches',
  {
    tasksetRunId: text('taskset_run_id').references(() => tasksetRuns.id, { onDelete: 'cascade' }),
    gepaRunId: text('gepa_run_id').references(() => gepaRuns.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    candidateHash: text('candidate_hash').notNull(),
    taskIds: json<string[]>('task_ids').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('queued'),
    rolloutsPlanned: integer('rollouts_planned').notNull(),
    rolloutsDone: integer('rollouts_done').notNull().default(0),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at'),
  },
  (t) => [
    index('rollout_batches_workspace_gepa_idx').on(t.workspaceId, t.gepaRunId, t.createdAt),
    index('rollout_batches_workspace_run_idx').on(t.workspaceId, t.tasksetRunId),
  ],
);

/** One rollout: an agent (or candidate prompt) on one task, recorded as a trace and scored. */
export const rolloutResults = tenantTable(
  'rollout_results',
  {
    batchId: parentRef('batch_id', () => rolloutBatches.id),
    taskId: parentRef('task_id', () => tasksetTasks.id),
    rolloutIndex: integer('rollout_index').notNull(),
    traceId: optionalRef('trace_id', () => traces.id),
    status: text('status', { enum: ROLLOUT_STATUSES }).notNull().default('pending'),
    score: real('score'),
    evalScores: json<Record<string, boolean>>('eval_scores').notNull().default({}),
    terminationReason: text('termination_reason'),
    error: text('error'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costUsd: real('cost_usd').notNull().default(0),
    latencyMs: integer('latency_ms'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rollout_results_batch_task_index_idx').on(t.batchId, t.taskId, t.rolloutIndex),
    index('rollout_results_workspace_batch_idx').on(t.workspaceId, t.batchId),
  ],
);

export const tasksetRunResults = tenantTable(
  'taskset_run_results',
  {
    runId: parentRef('run_id', () => tasksetRuns.id),
    taskId: parentRef('task_id', () => tasksetTasks.id),
    rolloutResultId: optionalRef('rollout_result_id', () => rolloutResults.id),
    status: text('status', { enum: ROLLOUT_STATUSES }).notNull(),
    score: real('score'),
    evalResults: json<Record<string, { passed: boolean; reason: string }>>('eval_results')
      .notNull()
      .default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('taskset_run_results_run_task_idx').on(t.runId, t.taskId),
    index('taskset_run_results_workspace_run_idx').on(t.workspaceId, t.runId),
  ],
);

export type Taskset = typeof tasksets.$inferSelect;
export type NewTaskset = typeof tasksets.$inferInsert;
export type TasksetTask = typeof tasksetTasks.$inferSelect;
export type NewTasksetTask = typeof tasksetTasks.$inferInsert;
export type TasksetRun = typeof tasksetRuns.$inferSelect;
export type NewTasksetRunResult = typeof tasksetRunResults.$inferInsert;
export type RolloutResult = typeof rolloutResults.$inferSelect;
export type GepaRun = typeof gepaRuns.$inferSelect;
export type NewGepaRun = typeof gepaRuns.$inferInsert;
export type NewGepaRunTask = typeof gepaRunTasks.$inferInsert;
