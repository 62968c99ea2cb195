import { sql } from 'drizzle-orm';
import type { EvalView } from '@/core/eval-view';
import { isPackedEvalView, packEvalView, unpackEvalView } from '@/core/pack-eval-view';
import { agents, agentVersions, systemPrompts } from './agents';
import {
  bool,
  compressedJson,
  createdAt,
  json,
  optionalRef,
  packedJson,
  parentRef,
  timestamp,
  timestamps,
} from './columns';
import {
  DIFFICULTIES,
  RATINGS,
  SCORE_DATA_TYPES,
  SIMILARITY_METHODS,
  SPAN_KINDS,
  SPAN_STATUSES,
  SUMMARY_KINDS,
  TASK_KINDS,
  TRACE_SOURCES,
} from './constants';
import { index, integer, primaryKey, real, text, uniqueIndex } from './kit';
import { packSummaryBody, unpackSummaryBody } from './pack-summary-body';
import { linkTable, tenantTable, users } from './workspaces';

/**
 * A view stored as plain JSON text: packed on write (`storeEvalView` may hand over one packed
 * already) and read back whole, except one with marks only the database can resolve (spans
 * derived from it, a system prompt by reference), which `readEvalView` reads.
 */
const evalViewCodec = {
  pack: (view: EvalView) => (isPackedEvalView(view) ? view : packEvalView(view)),
  unpack: (stored: unknown) =>
    isPackedEvalView(stored) && (stored.spans_from !== undefined || stored.system_prompt)
      ? (stored as unknown as EvalView)
      : unpackEvalView(stored as EvalView),
};

/**
 * One trace: the derived eval view plus pre-computed list columns, so list pages never parse
 * JSON. Unique per (workspace, source, external id): ingestion upserts, never doubles.
 */
export const traces = tenantTable(
  'traces',
  {
    source: text('source', { enum: TRACE_SOURCES }).notNull(),
    externalId: text('external_id').notNull(),
    agentId: optionalRef('agent_id', () => agents.id),
    agentVersionId: optionalRef('agent_version_id', () => agentVersions.id),
    systemPromptId: optionalRef('system_prompt_id', () => systemPrompts.id),
    name: text('name'),
    sessionId: text('session_id'),
    externalUserId: text('external_user_id'),
    startedAt: timestamp('started_at').notNull(),
    endedAt: timestamp('ended_at'),
    durationMs: integer('duration_ms'),
    spanCount: integer('span_count').notNull().default(0),
    stepCount: integer('step_count').notNull().default(0),
    toolCallCount: integer('tool_call_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    hasErrors: bool('has_errors').notNull().default(false),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costUsd: real('cost_usd'),
    inputPreview: text('input_preview').notNull().default(''),
    outputPreview: text('output_preview').notNull().default(''),
    /** Consensus human label, kept in step with `feedback` by the feedback service. */
    label: text('label', { enum: RATINGS }),
    labelledAt: timestamp('labelled_at'),
    evalView: compressedJson<EvalView>('eval_view', evalViewCodec).notNull(),
    evalViewVersion: integer('eval_view_version').notNull(),
    metadata: json<Record<string, unknown>>('metadata').notNull().default({}),
    tags: json<string[]>('tags').notNull().default([]),
    /**
     * Bumped by every ingest write: the compare-and-swap that keeps the derived columns in step
     * with the spans when several writers merge parts of one trace (a stale writer retries).
     */
    revision: integer('revision').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('traces_workspace_source_external_idx').on(t.workspaceId, t.source, t.externalId),
    index('traces_workspace_started_idx').on(t.workspaceId, t.startedAt, t.id),
    index('traces_workspace_agent_started_idx').on(t.workspaceId, t.agentId, t.startedAt, t.id),
    index('traces_workspace_agent_label_started_idx').on(
      t.workspaceId,
      t.agentId,
      t.label,
      t.startedAt,
      t.id,
    ),
    index('traces_workspace_label_started_idx').on(t.workspaceId, t.label, t.startedAt, t.id),
    index('traces_workspace_errors_started_idx')
      .on(t.workspaceId, t.startedAt, t.id)
      .where(sql`${t.hasErrors} = 1`),
    index('traces_workspace_prompt_idx').on(t.workspaceId, t.systemPromptId),
  ],
);

export type SpanEvent = { name: string; time: number; attributes: Record<string, unknown> };

/** Supporting table: spans stored once (OpenInference-style), merged across requests by span id. */
export const spans = tenantTable(
  'spans',
  {
    traceId: parentRef('trace_id', () => traces.id),
    spanId: text('span_id').notNull(),
    parentSpanId: text('parent_span_id'),
    name: text('name').notNull(),
    kind: text('kind', { enum: SPAN_KINDS }).notNull().default('UNKNOWN'),
    startedAt: timestamp('started_at').notNull(),
    endedAt: timestamp('ended_at'),
    durationMs: integer('duration_ms'),
    status: text('status', { enum: SPAN_STATUSES }).notNull().default('unset'),
    statusMessage: text('status_message'),
    model: text('model'),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    costUsd: real('cost_usd'),
    input: json<unknown>('input'),
    output: json<unknown>('output'),
    attributes: json<Record<string, unknown>>('attributes').notNull().default({}),
    events: json<SpanEvent[]>('events').notNull().default([]),
  },
  // One index: trace ids are unique across workspaces and every read reaches spans through a
  // trace its workspace filter already found, so it leads with trace_id (what the cascade from
  // traces needs too); a trace's few spans are sorted by time in memory (issue #24: bytes).
  (t) => [uniqueIndex('spans_trace_span_idx').on(t.traceId, t.spanId)],
);

export type TraceSummaryBody = {
  /** The user's goal in one line: the first user message, cleaned and capped. */
  goal: string | null;
  firstUserMessage: string | null;
  /**
   * Every user turn, one per line, capped (a marker says how much was cut): what similar traces
   * compare. Absent from summaries written before it existed (the first message stands in).
   */
  userText?: string;
  /** Messages in the conversation (user + assistant), for backwards compatibility. */
  turns: number;
  userTurns: number;
  assistantTurns: number;
  toolCalls: number;
  /** Tools used, by name, with how many times each was called. */
  tools: Record<string, number>;
  /** Error messages (steps and tool calls), first few, capped. */
  errors: string[];
  errorCount: number;
  /** Hand-offs to a person or another agent (transfer / escalate / handoff tools). */
  handoffs: number;
  /** How the conversation ended: an answer, a question back, a tool call, an error, or nothing. */
  finalMessageKind: 'answer' | 'question' | 'tool_call' | 'error' | 'none';
  finalAnswer: string | null;
};

/** A short summary per trace: deterministic at import, LLM-written when a model is configured. */
export const traceSummaries = tenantTable(
  'trace_summaries',
  {
    traceId: parentRef('trace_id', () => traces.id),
    kind: text('kind', { enum: SUMMARY_KINDS }).notNull(),
    model: text('model').notNull().default(''),
    promptHash: text('prompt_hash').notNull().default(''),
    body: packedJson<TraceSummaryBody>('body', {
      pack: packSummaryBody,
      unpack: unpackSummaryBody,
    }).notNull(),
    text: text('text').notNull(),
    /**
     * When the tasks index (task extraction, similar traces, clusters) last read this trace; null
     * while the trace or its label changed since. Deterministic summaries only.
     */
    indexedAt: timestamp('indexed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('trace_summaries_trace_kind_model_idx').on(
      t.traceId,
      t.kind,
      t.model,
      t.promptHash,
    ),
    index('trace_summaries_workspace_idx').on(t.workspaceId, t.createdAt),
    index('trace_summaries_workspace_unindexed_idx')
      .on(t.workspaceId, t.traceId)
      .where(sql`${t.indexedAt} is null`),
  ],
);

/** The replayable task behind a trace (one per source trace), or one written by hand (no trace). */
export const taskMetadata = tenantTable(
  'task_metadata',
  {
    /** Null for a task written by hand. */
    traceId: text('trace_id').references(() => traces.id, { onDelete: 'cascade' }),
    agentId: optionalRef('agent_id', () => agents.id),
    firstUserMessage: text('first_user_message'),
    userTurns: json<string[]>('user_turns').notNull().default([]),
    scenario: json<Record<string, unknown>>('scenario'),
    variables: json<Record<string, string>>('variables').notNull().default({}),
    expectedOutput: text('expected_output'),
    expectedActions: json<{ name: string; arguments: unknown }[]>('expected_actions'),
    successCriteria: json<string[]>('success_criteria').notNull().default([]),
    difficulty: text('difficulty', { enum: DIFFICULTIES }),
    domain: text('domain'),
    kind: text('kind', { enum: TASK_KINDS }).notNull(),
    /** Near-duplicate cluster: keeps repeated trials of one task in one fold or split. */
    clusterId: text('cluster_id'),
    /** The user side and variables hashed: equal hashes are one task (duplicates are reported). */
    contentHash: text('content_hash').notNull().default(''),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('task_metadata_trace_idx').on(t.traceId),
    index('task_metadata_workspace_agent_hash_idx').on(t.workspaceId, t.agentId, t.contentHash),
    index('task_metadata_workspace_agent_idx').on(t.workspaceId, t.agentId),
    index('task_metadata_workspace_cluster_idx').on(t.workspaceId, t.clusterId),
  ],
);

export const taskSimilarTraces = linkTable(
  'task_similar_traces',
  {
    traceId: parentRef('trace_id', () => traces.id),
    similarTraceId: parentRef('similar_trace_id', () => traces.id),
    method: text('method', { enum: SIMILARITY_METHODS }).notNull(),
    score: real('score').notNull(),
    rank: integer('rank').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.traceId, t.similarTraceId, t.method] }),
    index('task_similar_traces_workspace_trace_rank_idx').on(t.workspaceId, t.traceId, t.rank),
  ],
);

/**
 * Supporting table: every score that arrives from another platform (numeric, boolean or
 * categorical), kept as sent; scores that map to a label also become feedback.
 */
export const traceScores = tenantTable(
  'trace_scores',
  {
    traceId: parentRef('trace_id', () => traces.id),
    name: text('name').notNull(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    /** The sender's data type (NUMERIC, BOOLEAN, CATEGORICAL); null when it sent none. */
    dataType: text('data_type', { enum: SCORE_DATA_TYPES }),
    /** The observation (span) the score is about, when it names one. */
    spanId: text('span_id'),
    valueNumber: real('value_number'),
    valueString: text('value_string'),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('trace_scores_workspace_source_external_idx').on(
      t.workspaceId,
      t.source,
      t.externalId,
    ),
    index('trace_scores_workspace_trace_idx').on(t.workspaceId, t.traceId),
  ],
);

/** A score as another platform sent it, before it has a trace (the json of `pending_scores.score`). */
export type PendingScoreBody = {
  externalId: string | null;
  name: string;
  value: number | string | boolean;
  dataType?: (typeof SCORE_DATA_TYPES)[number] | null;
  comment: string | null;
  spanId: string | null;
};

/**
 * Supporting table: scores that arrived before their trace (a Langfuse score is often sent before
 * the exporter sends the spans). Attached, labelled and deleted when the trace arrives. Its id is
 * derived from the score's own id, so a re-sent score stays one row.
 */
export const pendingScores = tenantTable(
  'pending_scores',
  {
    source: text('source').notNull(),
    traceExternalId: text('trace_external_id').notNull(),
    score: json<PendingScoreBody>('score').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('pending_scores_workspace_trace_idx').on(t.workspaceId, t.traceExternalId)],
);

export type Trace = typeof traces.$inferSelect;
export type NewTrace = typeof traces.$inferInsert;
export type Span = typeof spans.$inferSelect;
export type NewSpan = typeof spans.$inferInsert;
export type TraceSummary = typeof traceSummaries.$inferSelect;
export type NewTraceSummary = typeof traceSummaries.$inferInsert;
export type TaskMetadata = typeof taskMetadata.$inferSelect;
export type NewTaskMetadata = typeof taskMetadata.$inferInsert;
export type NewTaskSimilarTrace = typeof taskSimilarTraces.$inferInsert;
export type TraceScore = typeof traceScores.$inferSelect;

/** A trace-list view someone saved: its filter and metadata columns, private or shared. */
export type SavedViewState = { filter: Record<string, string>; columns: string[] };

/** A saved trace-list view: its owner's, or shared with the whole workspace. */
export const savedViews = tenantTable(
  'saved_views',
  {
    userId: parentRef('user_id', () => users.id),
    name: text('name').notNull(),
    shared: bool('shared').notNull().default(false),
    state: json<SavedViewState>('state').notNull(),
    ...timestamps(),
  },
  (t) => [index('saved_views_workspace_user_idx').on(t.workspaceId, t.userId)],
);

export type SavedView = typeof savedViews.$inferSelect;
