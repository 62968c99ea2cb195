import { bool, createdAt, json, optionalRef, parentRef, timestamp, timestamps } from './columns';
import {
  AGENT_STATUSES,
  AGENT_VERSION_SOURCES,
  AGENT_VERSION_STATUSES,
  FUNCTION_KINDS,
  TOOL_MODES,
  TOOL_ORIGINS,
} from './constants';
import type { AnySQLiteColumn } from './kit';
import { index, integer, primaryKey, text, uniqueIndex } from './kit';
import { createdByAndAt, linkTable, tenantTable } from './workspaces';

/** An agent: discovered from traces by its system prompt, or created by hand. */
export const agents = tenantTable(
  'agents',
  {
    name: text('name').notNull(),
    description: text('description'),
    status: text('status', { enum: AGENT_STATUSES }).notNull().default('discovered'),
    activeVersionId: optionalRef('active_version_id', (): AnySQLiteColumn => agentVersions.id),
    traceCount: integer('trace_count').notNull().default(0),
    lastTraceAt: timestamp('last_trace_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('agents_workspace_name_idx').on(t.workspaceId, t.name),
    index('agents_workspace_updated_idx').on(t.workspaceId, t.updatedAt),
  ],
);

/** One system prompt of an agent (a template with `{{var}}` slots) and its lifecycle. */
export const agentVersions = tenantTable(
  'agent_versions',
  {
    agentId: parentRef('agent_id', () => agents.id),
    version: integer('version').notNull(),
    promptTemplate: text('prompt_template').notNull(),
    variables: json<string[]>('variables').notNull().default([]),
    status: text('status', { enum: AGENT_VERSION_STATUSES }).notNull().default('candidate'),
    source: text('source', { enum: AGENT_VERSION_SOURCES }).notNull(),
    parentVersionId: optionalRef('parent_version_id', (): AnySQLiteColumn => agentVersions.id),
    ...createdByAndAt(),
    promotedAt: timestamp('promoted_at'),
  },
  (t) => [
    uniqueIndex('agent_versions_agent_version_idx').on(t.agentId, t.version),
    index('agent_versions_workspace_agent_status_idx').on(t.workspaceId, t.agentId, t.status),
  ],
);

/** Every distinct system prompt seen in traces, by content hash; written at ingest. */
export const systemPrompts = tenantTable(
  'system_prompts',
  {
    hash: text('hash').notNull(),
    /**
     * The prompt's text; when `baseId` is set, its difference from that prompt (a JSON
     * `[prefix, suffix, middle]`, read back by `systemPromptContent` in src/traces).
     */
    content: text('content').notNull(),
    /** Another prompt of the same agent version this one is stored against (issue #24). */
    baseId: text('base_id'),
    agentId: optionalRef('agent_id', () => agents.id),
    agentVersionId: optionalRef('agent_version_id', () => agentVersions.id),
    /** Values of the version template's variables in this prompt. */
    variables: json<Record<string, string>>('variables').notNull().default({}),
    traceCount: integer('trace_count').notNull().default(0),
    firstSeenAt: timestamp('first_seen_at').notNull(),
    lastSeenAt: timestamp('last_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('system_prompts_workspace_hash_idx').on(t.workspaceId, t.hash),
    index('system_prompts_workspace_agent_idx').on(t.workspaceId, t.agentId),
  ],
);

/** Small Python functions: template variable extractors and function tools (run in the sandbox). */
export const functions = tenantTable(
  'functions',
  {
    name: text('name').notNull(),
    kind: text('kind', { enum: FUNCTION_KINDS }).notNull(),
    code: text('code').notNull(),
    inputSchema: json<Record<string, unknown>>('input_schema'),
    outputSchema: json<Record<string, unknown>>('output_schema'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('functions_workspace_name_idx').on(t.workspaceId, t.name)],
);

export const agentFunctions = linkTable(
  'agent_functions',
  {
    agentId: parentRef('agent_id', () => agents.id),
    functionId: parentRef('function_id', () => functions.id),
    /** What the agent uses it for, e.g. `variable_extractor` or `tool`. */
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.agentId, t.functionId] }),
    index('agent_functions_workspace_idx').on(t.workspaceId),
  ],
);

/** Tools known to a workspace: from MCP servers, HTTP webhooks, functions, or inferred from traces. */
export const tools = tenantTable(
  'tools',
  {
    name: text('name').notNull(),
    description: text('description'),
    inputSchema: json<Record<string, unknown>>('input_schema').notNull().default({}),
    origin: text('origin', { enum: TOOL_ORIGINS }).notNull(),
    server: text('server'),
    annotations: json<Record<string, unknown>>('annotations').notNull().default({}),
    config: json<Record<string, unknown>>('config').notNull().default({}),
    readOnly: bool('read_only').notNull().default(false),
    ...timestamps(),
  },
  (t) => [uniqueIndex('tools_workspace_name_idx').on(t.workspaceId, t.name)],
);

export const agentTools = linkTable(
  'agent_tools',
  {
    agentId: parentRef('agent_id', () => agents.id),
    toolId: parentRef('tool_id', () => tools.id),
    mode: text('mode', { enum: TOOL_MODES }).notNull().default('replay'),
    allowSideEffects: bool('allow_side_effects').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.agentId, t.toolId] }),
    index('agent_tools_workspace_idx').on(t.workspaceId),
  ],
);

export type Agent = typeof agents.$inferSelect;
export type AgentVersion = typeof agentVersions.$inferSelect;
export type Tool = typeof tools.$inferSelect;
export type NewTool = typeof tools.$inferInsert;
export type AgentTool = typeof agentTools.$inferSelect;
