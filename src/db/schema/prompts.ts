import { agents, agentVersions } from './agents';
import { bool, createdAt, json, optionalRef, parentRef, primaryId, timestamps } from './columns';
import { ITERATION_SOURCES, ITERATION_STATUSES, PRACTICE_SOURCES } from './constants';
import type { AnySQLiteColumn } from './kit';
import { index, integer, sqliteTable, text } from './kit';
import { gepaRuns } from './optimize';
import { tenantTable, workspaces } from './workspaces';

export type IterationScores = {
  minibatch?: number;
  val?: number;
  test?: number;
  /** GEPA: each shadow eval's pass rate on validation (scored beside the reward, not in it). */
  shadow?: Record<string, number>;
};

/** Every proposed system prompt (GEPA candidate, one-shot improve, manual edit) and its lineage. */
export const promptIterations = tenantTable(
  'prompt_iterations',
  {
    agentId: parentRef('agent_id', () => agents.id),
    parentIterationId: text('parent_iteration_id').references(
      (): AnySQLiteColumn => promptIterations.id,
      { onDelete: 'set null' },
    ),
    baseVersionId: optionalRef('base_version_id', () => agentVersions.id),
    gepaRunId: text('gepa_run_id').references(() => gepaRuns.id, { onDelete: 'cascade' }),
    candidateIndex: integer('candidate_index'),
    iteration: integer('iteration'),
    source: text('source', { enum: ITERATION_SOURCES }).notNull(),
    text: text('text').notNull(),
    textHash: text('text_hash').notNull(),
    changeSummary: json<{ diff: string; reason: string }>('change_summary'),
    guardResults: json<Record<string, { ok: boolean; message?: string }>>('guard_results')
      .notNull()
      .default({}),
    scores: json<IterationScores>('scores').notNull().default({}),
    status: text('status', { enum: ITERATION_STATUSES }).notNull().default('proposed'),
    createdAt: createdAt(),
  },
  (t) => [
    index('prompt_iterations_workspace_agent_created_idx').on(
      t.workspaceId,
      t.agentId,
      t.createdAt,
    ),
    index('prompt_iterations_workspace_run_idx').on(t.workspaceId, t.gepaRunId),
  ],
);

/**
 * Short prompt-writing rules. Built-in rules (`source = iofold`) have no workspace; every query
 * reads `workspace_id = ? OR workspace_id IS NULL`.
 */
export const promptBestPractices = sqliteTable(
  'prompt_best_practices',
  {
    id: primaryId(),
    workspaceId: text('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    title: text('title').notNull(),
    rule: text('rule').notNull(),
    trigger: text('trigger'),
    lint: json<Record<string, unknown>>('lint'),
    source: text('source', { enum: PRACTICE_SOURCES }).notNull(),
    enabled: bool('enabled').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('prompt_best_practices_workspace_category_idx').on(t.workspaceId, t.category)],
);

export type PromptIteration = typeof promptIterations.$inferSelect;
export type NewPromptIteration = typeof promptIterations.$inferInsert;
export type PromptBestPractice = typeof promptBestPractices.$inferSelect;
