import type { BridgeQuestion } from '@/core/ports/sandbox';
import { agents, systemPrompts } from './agents';
import { bool, createdAt, json, optionalRef, parentRef, timestamp, updatedAt } from './columns';
import {
  CANDIDATE_STATUSES,
  EVAL_GENERATORS,
  EVAL_STATUSES,
  EXECUTION_STATUSES,
} from './constants';
import type { AnySQLiteColumn } from './kit';
import { index, integer, primaryKey, real, text, uniqueIndex } from './kit';
import { traces } from './traces';
import { createdByAndAt, linkTable, tenantTable } from './workspaces';

export type AgreementMetrics = {
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  kappa: number | null;
  counts: { tp: number; fp: number; tn: number; fn: number; neutral: number; errors: number };
  intervals?: Record<string, [number, number]>;
};

export type ExecutionError = { code: string; message: string; traceback?: string };

/** What running eval code on one trace came to: its verdict, reason, error and time. */
const executionOutcome = () => ({
  status: text('status', { enum: EXECUTION_STATUSES }).notNull(),
  reason: text('reason').notNull().default(''),
  error: json<ExecutionError>('error'),
  durationMs: integer('duration_ms').notNull().default(0),
});

/**
 * The model questions a trace asked an eval version, each with its id (the sandbox's digest of it)
 * and cache key; `tag` names the model, prompt and sampling the keys were computed for (a re-run
 * with the same tag reads their answers by key before it runs).
 */
export type ExecutionQuestions = { tag: string; asked: KeptQuestion[] };
export type KeptQuestion = { id: string; q: BridgeQuestion; key: string };

/**
 * How an eval version asks a model (the bridge): the model it names, the judge questions its code
 * asks, and what one trace costs, as measured on the labelled traces when it was selected.
 */
export type EvalJudge = {
  model: string;
  questions: string[];
  callsPerTrace: number;
  /** USD per trace; null when the model has no known price. */
  expectedCostUsdPerTrace: number | null;
};

/**
 * Why a candidate never competed: `invalid_code` (still failing the static check after the fix
 * rounds), an LLM error kind (`auth`, `rate_limit`, `context_length`, `refusal`, …) or
 * `check_unavailable`. `attempts` counts model calls.
 */
export type CandidateError = {
  kind: string;
  message: string;
  retryable: boolean;
  attempts: number;
};

/**
 * One version of an eval function. Versions of one eval share `agentId` + `name`; `parentEvalId`
 * records lineage. A row is never overwritten: refinement adds a version.
 */
export const evals = tenantTable(
  'evals',
  {
    agentId: parentRef('agent_id', () => agents.id),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    parentEvalId: optionalRef('parent_eval_id', (): AnySQLiteColumn => evals.id),
    status: text('status', { enum: EVAL_STATUSES }).notNull().default('candidate'),
    description: text('description').notNull().default(''),
    code: text('code').notNull(),
    codeHash: text('code_hash').notNull(),
    generator: text('generator', { enum: EVAL_GENERATORS }).notNull(),
    model: text('model'),
    generationPrompt: text('generation_prompt'),
    /** What the code checks, in plain words, one line per rule (shown above the code). */
    rules: json<string[]>('rules').notNull().default([]),
    trainingTraceIds: json<string[]>('training_trace_ids').notNull().default([]),
    /** Held-out (cross-validated) agreement that selected this version. */
    heldOutMetrics: json<AgreementMetrics>('held_out_metrics'),
    /** Set when the code asks a model; null for pure code. */
    judge: json<EvalJudge>('judge'),
    autoRefine: bool('auto_refine').notNull().default(false),
    alertThresholds: json<Record<string, number>>('alert_thresholds').notNull().default({}),
    ...createdByAndAt(),
    activatedAt: timestamp('activated_at'),
  },
  (t) => [
    uniqueIndex('evals_agent_name_version_idx').on(t.agentId, t.name, t.version),
    index('evals_workspace_agent_status_idx').on(t.workspaceId, t.agentId, t.status),
    index('evals_workspace_status_idx').on(t.workspaceId, t.status),
  ],
);

/** A generated candidate (LLM or synthesiser); the winner of a generation becomes an eval version. */
export const evalCandidates = tenantTable(
  'eval_candidates',
  {
    agentId: parentRef('agent_id', () => agents.id),
    generationId: text('generation_id').notNull(),
    evalId: optionalRef('eval_id', () => evals.id),
    generator: text('generator', { enum: EVAL_GENERATORS }).notNull(),
    model: text('model'),
    focus: text('focus').notNull().default(''),
    code: text('code').notNull(),
    codeHash: text('code_hash').notNull(),
    staticIssues: json<{ message: string; line: number }[]>('static_issues').notNull().default([]),
    status: text('status', { enum: CANDIDATE_STATUSES }).notNull().default('pending'),
    /** Set for `invalid` and `failed` candidates: they are stored, never scored. */
    error: json<CandidateError>('error'),
    /** Traces shown in the candidate's prompt: never used to score it on held-out data. */
    promptTraceIds: json<string[]>('prompt_trace_ids').notNull().default([]),
    trainMetrics: json<AgreementMetrics>('train_metrics'),
    heldOutMetrics: json<AgreementMetrics>('held_out_metrics'),
    durationMs: integer('duration_ms'),
    costUsd: real('cost_usd'),
    createdAt: createdAt(),
  },
  (t) => [
    index('eval_candidates_workspace_generation_idx').on(t.workspaceId, t.generationId),
    index('eval_candidates_workspace_agent_created_idx').on(t.workspaceId, t.agentId, t.createdAt),
  ],
);

export const evalCandidateExecutions = tenantTable(
  'eval_candidate_executions',
  {
    candidateId: parentRef('candidate_id', () => evalCandidates.id),
    traceId: parentRef('trace_id', () => traces.id),
    fold: integer('fold'),
    ...executionOutcome(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('eval_candidate_executions_candidate_trace_idx').on(t.candidateId, t.traceId),
    index('eval_candidate_executions_workspace_idx').on(t.workspaceId, t.candidateId),
  ],
);

/** One fold's held-out scores (`fold >= 0`), or the pooled agreement with intervals (`fold = -1`). */
export type FoldMetrics = Partial<AgreementMetrics> & {
  testSize: number;
  errors?: number;
  trainingError?: string;
};

/** Cross-validation of a candidate: one row per fold, plus fold -1 with mean/std and stability. */
export const evalCvResults = tenantTable(
  'eval_cv_results',
  {
    candidateId: parentRef('candidate_id', () => evalCandidates.id),
    evalId: optionalRef('eval_id', () => evals.id),
    fold: integer('fold').notNull(),
    k: integer('k').notNull(),
    metrics: json<FoldMetrics>('metrics').notNull(),
    mean: json<Record<string, number | null>>('mean'),
    std: json<Record<string, number | null>>('std'),
    stable: bool('stable'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('eval_cv_results_candidate_fold_idx').on(t.candidateId, t.fold),
    index('eval_cv_results_workspace_eval_idx').on(t.workspaceId, t.evalId),
  ],
);

/** One verdict per eval version and trace; a re-run replaces it (upsert on the unique key). */
export const evalExecutions = tenantTable(
  'eval_executions',
  {
    evalId: parentRef('eval_id', () => evals.id),
    traceId: parentRef('trace_id', () => traces.id),
    ...executionOutcome(),
    output: text('output').notNull().default(''),
    /**
     * The model questions (judge/ask) the trace asked this version: a re-run reads their answers
     * from the cache before it runs, so it runs the trace once. Null for pure code.
     */
    questions: json<ExecutionQuestions>('questions'),
    jobId: text('job_id'),
    executedAt: timestamp('executed_at').notNull(),
  },
  (t) => [
    uniqueIndex('eval_executions_eval_trace_idx').on(t.evalId, t.traceId),
    // Both cover what matrix statistics read (eval, trace, status): no row lookups per execution.
    index('eval_executions_workspace_eval_status_idx').on(
      t.workspaceId,
      t.evalId,
      t.status,
      t.traceId,
    ),
    index('eval_executions_workspace_trace_idx').on(t.workspaceId, t.traceId, t.evalId, t.status),
    index('eval_executions_workspace_executed_idx').on(t.workspaceId, t.executedAt),
  ],
);

/** LLM responses by request hash, so re-running a generation costs nothing. */
export const evalLlmCache = linkTable(
  'eval_llm_cache',
  {
    key: text('key').notNull(),
    model: text('model').notNull(),
    response: text('response').notNull(),
    usage: json<{ inputTokens: number; outputTokens: number }>('usage').notNull(),
    costUsd: real('cost_usd'),
    hitCount: integer('hit_count').notNull().default(0),
    createdAt: createdAt(),
    lastHitAt: timestamp('last_hit_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

/** Per eval version and system prompt: how it behaves on each agent version's traces. */
export const evalPromptCoverage = linkTable(
  'eval_prompt_coverage',
  {
    evalId: parentRef('eval_id', () => evals.id),
    systemPromptId: parentRef('system_prompt_id', () => systemPrompts.id),
    executions: integer('executions').notNull().default(0),
    passes: integer('passes').notNull().default(0),
    fails: integer('fails').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    labelled: integer('labelled').notNull().default(0),
    agreed: integer('agreed').notNull().default(0),
    agreement: real('agreement'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.evalId, t.systemPromptId] }),
    index('eval_prompt_coverage_workspace_eval_idx').on(t.workspaceId, t.evalId),
  ],
);

export type Eval = typeof evals.$inferSelect;
export type NewEvalCandidate = typeof evalCandidates.$inferInsert;
export type NewEvalCandidateExecution = typeof evalCandidateExecutions.$inferInsert;
export type NewEvalCvResult = typeof evalCvResults.$inferInsert;
export type NewEvalExecution = typeof evalExecutions.$inferInsert;
