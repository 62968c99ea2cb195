import {
  convertToModelMessages,
  type StepResult,
  stepCountIs,
  streamText,
  type ToolSet,
  type UIMessage,
} from 'ai';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import type { PlaygroundMessage } from '@/db/schema';
import { classifyLlmError } from '@/llm/classify-llm-error';
import { applyIncomingMessage, type ChatRequest } from './chat-message';
import { claimSession, releaseSession } from './claim-session';
import { assertWithinContext } from './context-limit';
import { finishTurn, type TurnState } from './finish-turn';
import { openedFromOf } from './opened-from';
import { ModelConfig } from './session-input';
import { sessionModel } from './session-model';
import { renderPrompt, sessionTemplate } from './session-prompt';
import { sessionToolSet } from './session-tool-set';
import { sessionToolsOf } from './session-tools';
import { outputText } from './session-transcript';
import { createStepRecorder, type StepRecorder } from './step-recorder';

const DEFAULT_STEPS_PER_TURN = 8;

type ChatInput = { sessionId: string; message: ChatRequest['message']; signal?: AbortSignal };

/** What the person reads when the model call failed (a context overflow says what to do). */
function clientError(error: unknown): string {
  const classified = classifyLlmError(error);
  if (classified.kind === 'context_length') {
    return `The conversation is longer than the model's context window (${classified.message}). iofold does not truncate it: start a new session, or open this one at an earlier step.`;
  }
  return `The model call failed (${classified.kind}): ${classified.message}`;
}

/**
 * Everything the model call needs, read with as few round trips as the checks allow: the claim
 * (the session's one read), then the prompt, model and tools in parallel. Steps are not read:
 * the recorder finds its first index when the first step ends. The person's manual tool results
 * are queued as steps.
 */
async function prepareTurn(ctx: Ctx, input: ChatInput) {
  const session = await claimSession(ctx, input.sessionId);
  try {
    const config = ModelConfig.parse(session.modelConfig);
    const [template, { model, modelId }, sessionTools] = await Promise.all([
      sessionTemplate(ctx, session),
      sessionModel(ctx, config),
      sessionToolsOf(ctx, session),
    ]);
    const system = renderPrompt(template, session.variables);
    const manualNames = new Set(
      sessionTools.filter((t) => t.mode === 'manual').map((t) => t.tool.name),
    );
    const { messages, manual } = applyIncomingMessage(session.messages, input.message, manualNames);
    const recorder = createStepRecorder(ctx, session.id);
    for (const result of manual) {
      const out = outputText(result.output);
      recorder.write({
        stepIndex: recorder.reserve(),
        kind: 'tool',
        toolName: result.toolName,
        toolMode: 'manual',
        input: { toolCallId: result.toolCallId, arguments: result.input },
        output: { text: out.text },
        error: result.isError ? out.text.slice(0, 500) : null,
      });
    }
    const toolSet = sessionToolSet(ctx, {
      agentId: session.agentId,
      tools: sessionTools,
      recorder,
      sourceTraceId: openedFromOf(messages)?.traceId ?? null,
    });
    const modelMessages = await convertToModelMessages(messages as UIMessage[], {
      tools: toolSet.tools,
    });
    assertWithinContext(system, modelMessages, config.contextTokens);
    return { session, config, model, modelId, system, messages, modelMessages, recorder, toolSet };
  } catch (error) {
    await releaseSession(ctx, session.id);
    throw error;
  }
}

/** `streamText`'s step callbacks: one model step row per call, written as the call ends. */
function modelStepRecorder(recorder: StepRecorder, turn: TurnState) {
  let current: { index: number; started: number; input: unknown } | null = null;
  const end = () => {
    const started = current;
    current = null;
    return {
      stepIndex: started?.index ?? recorder.reserve(),
      kind: 'model' as const,
      input: started?.input ?? null,
      latencyMs: started ? Date.now() - started.started : null,
    };
  };
  return {
    experimental_onStepStart: (event: { messages: unknown[] }) => {
      current = {
        index: recorder.reserve(),
        started: Date.now(),
        input: { messageCount: event.messages.length, last: event.messages.at(-1) ?? null },
      };
    },
    onStepFinish: (step: StepResult<ToolSet>) => {
      turn.finishReason = step.finishReason;
      recorder.write({
        ...end(),
        output: {
          model: step.response.modelId || turn.modelId,
          text: step.text,
          toolCalls: step.toolCalls.map((c) => ({
            toolCallId: c.toolCallId,
            toolName: c.toolName,
            input: c.input,
          })),
          finishReason: step.finishReason,
        },
        inputTokens: step.usage.inputTokens ?? null,
        outputTokens: step.usage.outputTokens ?? null,
        error: null,
      });
    },
    onError: ({ error }: { error: unknown }) => {
      turn.error = clientError(error);
      recorder.write({
        ...end(),
        output: { model: turn.modelId },
        error: turn.error.slice(0, 2000),
      });
    },
  };
}

/**
 * One chat turn as an AI SDK UI message stream (a web Response, so both hosts serve it): applies
 * the incoming message (a user message, or results of pending manual tool calls), streams the
 * model's steps with the session's tools, records every model and tool call as a step as it ends
 * (in the background: no step is read or written before the first token), and at the end stores the
 * conversation and the session's trace (marked incomplete when the client went away). 409 while
 * another turn streams; 400 for an unset variable, no model, or a conversation over
 * `modelConfig.contextTokens`.
 */
export async function streamChat(ctx: Ctx, input: ChatInput): Promise<Response> {
  assertCanWrite(ctx);
  const prepared = await prepareTurn(ctx, input);
  const turn: TurnState = { error: null, finishReason: null, modelId: prepared.modelId };
  try {
    return streamTurn(ctx, { ...prepared, turn, signal: input.signal });
  } catch (error) {
    await releaseSession(ctx, prepared.session.id);
    throw error;
  }
}

/** The model's steps as a UI message stream; the turn is finished when the stream ends. */
function streamTurn(
  ctx: Ctx,
  prepared: Awaited<ReturnType<typeof prepareTurn>> & { turn: TurnState; signal?: AbortSignal },
): Response {
  const { session, config, system, messages, recorder, toolSet, turn } = prepared;
  const result = streamText({
    model: prepared.model,
    system,
    messages: prepared.modelMessages,
    tools: toolSet.tools,
    stopWhen: stepCountIs(config.stepsPerTurn ?? DEFAULT_STEPS_PER_TURN),
    temperature: config.temperature,
    maxOutputTokens: config.maxOutputTokens,
    maxRetries: 0,
    abortSignal: prepared.signal,
    ...modelStepRecorder(recorder, turn),
  });
  return result.toUIMessageStreamResponse({
    originalMessages: messages as UIMessage[],
    generateMessageId: () => ctx.newId('msg'),
    onError: clientError,
    // a copy of the stream is read to its end even when the client leaves, so the turn finishes
    consumeSseStream: async ({ stream }) => {
      const reader = stream.getReader();
      while (!(await reader.read()).done) {}
    },
    onFinish: async ({ messages: final, isAborted }) => {
      await toolSet.close().catch(() => undefined);
      await finishTurn(ctx, {
        session,
        system,
        messages: final as PlaygroundMessage[],
        recorder,
        turn: { ...turn, aborted: isAborted },
      });
    },
  });
}
