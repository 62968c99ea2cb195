import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { AppError, notFound } from '@/core/errors';
import type { EvalMessage } from '@/core/eval-view';
import { service } from '@/core/service';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { type PlaygroundMessage, systemPrompts, traces } from '@/db/schema';
import { readEvalView } from '@/traces/stored-eval-view';
import { createSession } from './create-session';
import { ModelConfig, ToolBindings, Variables } from './session-input';

export const OpenTraceInput = z
  .strictObject({
    traceId: z.string().min(1).max(200),
    /** The model step (0-based) to redo: the session holds the conversation before it. */
    step: z.number().int().min(0).max(10_000),
    modelConfig: ModelConfig.optional(),
    variables: Variables.optional(),
    toolBindings: ToolBindings.optional(),
  })
  .openapi('OpenTraceInPlaygroundInput');
export type OpenTraceInput = z.infer<typeof OpenTraceInput>;

/**
 * The trace's conversation before its `step`-th assistant message, as UI messages: user turns,
 * and each run of assistant steps with their tool calls and recorded results as one message.
 */
export function messagesBeforeStep(
  messages: EvalMessage[],
  step: number,
  newId: () => string,
): PlaygroundMessage[] {
  const out: PlaygroundMessage[] = [];
  let assistants = 0;
  let current: PlaygroundMessage | null = null;
  const results = new Map(
    messages.flatMap((m) =>
      m.role === 'tool' && m.tool_call_id ? [[m.tool_call_id, m.content]] : [],
    ),
  );
  for (const m of messages) {
    if (m.role === 'user') {
      current = null;
      out.push({ id: newId(), role: 'user', parts: [{ type: 'text', text: m.content }] });
    } else if (m.role === 'assistant') {
      if (assistants++ === step) {
        break;
      }
      if (!current) {
        current = { id: newId(), role: 'assistant', parts: [] };
        out.push(current);
      }
      current.parts.push({ type: 'step-start' });
      if (m.content) {
        current.parts.push({ type: 'text', text: m.content, state: 'done' });
      }
      for (const [i, call] of (m.tool_calls ?? []).entries()) {
        const id = call.id ?? `call-${assistants}-${i}`;
        const result = call.id ? results.get(call.id) : undefined;
        current.parts.push({
          type: `tool-${call.name}`,
          toolCallId: id,
          state: 'output-available',
          input: call.arguments ?? {},
          output: result ?? '',
        });
      }
    }
  }
  if (assistants <= step) {
    throw new AppError(
      'VALIDATION',
      `the trace has ${assistants} model steps; step ${step} is past its end`,
      {
        details: { steps: assistants },
      },
    );
  }
  if (out.length === 0) {
    throw new AppError('VALIDATION', 'the trace has no user message before that step');
  }
  return out;
}

/**
 * A new session holding a trace's conversation up to step n: its agent's version when the trace
 * is linked to one, else the trace's own system prompt as a draft. Continuing it redoes step n.
 */
export const openTraceInPlayground = service(OpenTraceInput, async (ctx, parsed) => {
  const [row] = await ctx.db
    .select({
      id: traces.id,
      agentId: traces.agentId,
      agentVersionId: traces.agentVersionId,
      evalView: traces.evalView,
      variables: systemPrompts.variables,
    })
    .from(traces)
    .leftJoin(systemPrompts, sameWorkspaceRow(systemPrompts, traces, traces.systemPromptId))
    .where(inWorkspace(ctx, traces, [eq(traces.id, parsed.traceId)]))
    .limit(1);
  if (!row) {
    throw notFound('trace', parsed.traceId);
  }
  const view = await readEvalView(row.evalView, ctx.db);
  const messages = messagesBeforeStep(view.messages, parsed.step, () => ctx.newId('msg'));
  (messages[0] as PlaygroundMessage).metadata = {
    openedFrom: { traceId: row.id, step: parsed.step },
  };
  const system = view.messages.find((m) => m.role === 'system')?.content;
  const linked = row.agentId && row.agentVersionId;
  if (!linked && !system) {
    throw new AppError(
      'VALIDATION',
      'the trace has no system prompt and no agent version to talk with',
    );
  }
  return createSession(
    ctx,
    {
      agentId: row.agentId ?? undefined,
      agentVersionId: linked ? (row.agentVersionId ?? undefined) : undefined,
      draftPrompt: linked ? undefined : system,
      modelConfig: parsed.modelConfig,
      // the values the trace's prompt filled the version's slots with
      variables: parsed.variables ?? (linked ? (row.variables ?? undefined) : undefined),
      toolBindings: parsed.toolBindings,
    },
    { messages },
  );
});
