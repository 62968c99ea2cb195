import { agents, agentVersions } from './agents';
import { createdAt, json, optionalRef, parentRef, timestamps } from './columns';
import { PLAYGROUND_STATUSES, STEP_KINDS, TOOL_MODES } from './constants';
import { index, integer, text, uniqueIndex } from './kit';
import { traces } from './traces';
import { tenantTable, users } from './workspaces';

/** A chat message as the AI SDK's UI messages carry it (id, role, typed parts). */
export type PlaygroundMessage = {
  id: string;
  role: 'system' | 'user' | 'assistant';
  parts: unknown[];
  metadata?: unknown;
};

/** A chat with an agent version (or a draft prompt); every session is also a trace. */
export const playgroundSessions = tenantTable(
  'playground_sessions',
  {
    agentId: optionalRef('agent_id', () => agents.id),
    agentVersionId: optionalRef('agent_version_id', () => agentVersions.id),
    draftPrompt: text('draft_prompt'),
    modelConfig: json<Record<string, unknown>>('model_config').notNull().default({}),
    variables: json<Record<string, string>>('variables').notNull().default({}),
    toolBindings: json<Record<string, string>>('tool_bindings').notNull().default({}),
    messages: json<PlaygroundMessage[]>('messages').notNull().default([]),
    traceId: optionalRef('trace_id', () => traces.id),
    status: text('status', { enum: PLAYGROUND_STATUSES }).notNull().default('idle'),
    createdBy: optionalRef('created_by', () => users.id),
    ...timestamps(),
  },
  (t) => [index('playground_sessions_workspace_updated_idx').on(t.workspaceId, t.updatedAt)],
);

/** One model call or tool call of a session, written as it finishes. */
export const playgroundSteps = tenantTable(
  'playground_steps',
  {
    sessionId: parentRef('session_id', () => playgroundSessions.id),
    stepIndex: integer('step_index').notNull(),
    kind: text('kind', { enum: STEP_KINDS }).notNull(),
    input: json<unknown>('input'),
    output: json<unknown>('output'),
    toolName: text('tool_name'),
    toolMode: text('tool_mode', { enum: TOOL_MODES }),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    latencyMs: integer('latency_ms'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('playground_steps_session_index_idx').on(t.sessionId, t.stepIndex),
    index('playground_steps_workspace_session_idx').on(t.workspaceId, t.sessionId),
  ],
);

export type PlaygroundSession = typeof playgroundSessions.$inferSelect;
export type PlaygroundStep = typeof playgroundSteps.$inferSelect;
export type NewPlaygroundStep = typeof playgroundSteps.$inferInsert;
