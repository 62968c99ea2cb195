import { z } from '@hono/zod-openapi';
import { LintFindingView } from '@/agents/practices/practice-input';
import type { PlaygroundSession, PlaygroundStep } from '@/db/schema';
import { PLAYGROUND_STATUSES, STEP_KINDS, TOOL_MODES } from '@/db/schema/constants';
import type { SessionTool } from './session-tools';

export const SessionToolView = z.object({
  name: z.string(),
  description: z.string().nullable(),
  inputSchema: z.record(z.string(), z.unknown()),
  mode: z.enum(TOOL_MODES),
});

export const SessionView = z
  .object({
    id: z.string(),
    agentId: z.string().nullable(),
    agentVersionId: z.string().nullable(),
    draftPrompt: z.string().nullable(),
    /** The template the session talks with (the draft, else the version's text). */
    prompt: z.string(),
    modelConfig: z.record(z.string(), z.unknown()),
    variables: z.record(z.string(), z.string()),
    toolBindings: z.record(z.string(), z.string()),
    tools: z.array(SessionToolView),
    messages: z.array(z.unknown()).openapi({ description: 'AI SDK UI messages' }),
    traceId: z.string().nullable(),
    /** Best-practice lints of a manual prompt edit (on PATCH). */
    lints: z.array(LintFindingView).optional(),
    status: z.enum(PLAYGROUND_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PlaygroundSession');
export type SessionView = z.infer<typeof SessionView>;

/** A session in the list: the fields of its view that say which it is and where it stands. */
export const SessionListItem = SessionView.pick({
  id: true,
  agentId: true,
  agentVersionId: true,
  traceId: true,
  status: true,
  updatedAt: true,
}).openapi('PlaygroundSessionListItem');

export function toSessionView(
  row: PlaygroundSession,
  prompt: string,
  tools: SessionTool[],
): SessionView {
  return {
    id: row.id,
    agentId: row.agentId,
    agentVersionId: row.agentVersionId,
    draftPrompt: row.draftPrompt,
    prompt,
    modelConfig: row.modelConfig,
    variables: row.variables,
    toolBindings: row.toolBindings,
    tools: tools.map((t) => ({
      name: t.tool.name,
      description: t.tool.description,
      inputSchema: t.tool.inputSchema as Record<string, unknown>,
      mode: t.mode,
    })),
    messages: row.messages,
    traceId: row.traceId,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const StepView = z
  .object({
    id: z.string(),
    stepIndex: z.number(),
    kind: z.enum(STEP_KINDS),
    toolName: z.string().nullable(),
    toolMode: z.enum(TOOL_MODES).nullable(),
    input: z.unknown(),
    output: z.unknown(),
    inputTokens: z.number().nullable(),
    outputTokens: z.number().nullable(),
    latencyMs: z.number().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('PlaygroundStep');

export const toStepView = (row: PlaygroundStep): z.infer<typeof StepView> => ({
  id: row.id,
  stepIndex: row.stepIndex,
  kind: row.kind,
  toolName: row.toolName,
  toolMode: row.toolMode,
  input: row.input,
  output: row.output,
  inputTokens: row.inputTokens,
  outputTokens: row.outputTokens,
  latencyMs: row.latencyMs,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
});
