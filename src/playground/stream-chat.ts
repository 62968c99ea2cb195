import { convertToModelMessages, stepCountIs, streamText, type UIMessage } from 'ai';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import type { PlaygroundMessage } from '@/db/schema';
import { classifyLlmError } from '@/llm/classify-llm-error';
import { applyIncomingMessage, type ChatRequest } from './chat-message';
import { claimSession, releaseSession } from './claim-session';
import { assertWithinContext } from './context-limit';
import { finishTurn, type TurnState } from './finish-turn';
import { getSessionOrThrow } from './get-session-or-throw';
import { openedFromOf } from './opened-from';
import { ModelConfig } from './session-input';
import { sessionModel } from './session-model';
import { renderPrompt, sessionTemplate } from './session-prompt';
import { sessionToolSet } from './session-tool-set';
import { sessionToolsOf } from './session-tools';
import { outputText } from './session-transcript';
import { createStepRecorder } from './step-recorder';

const DEFAULT_STEPS_PER_TURN = 8;

/** What the person reads when the model call failed (a context overflow says what to do). */
function clientError(error: unknown): string {
  const classified = classifyLlmError(error);
  if (classified.kind === 'context_length') {
    return `The conversation is longer than the model's context window (${classified.message}). iofold does not truncate it: start a new session, or open this one at an earlier step.`;
  }
  return `The model call failed (${classified.kind}): ${classified.message}`;
}

/**
 * One chat turn as an AI SDK UI message stream (a web Response, so both hosts serve it): applies
 * the incoming message (a user message, or results of pending manual tool calls), streams the
 * model's steps with the session's tools, records every model and tool call as a step as it ends,
 * and at the end stores the conversation and the session's trace (marked incomplete when the
 * client went away). 409 while another turn streams; 400 for an unset variable, no model, or a
 * conversation over `modelConfig.contextTokens`.
 */
export async function streamChat(
  ctx: Ctx,
  input: { sessionId: string; message: ChatRequest['message']; signal?: AbortSignal },
): Promise<Response> {
  assertCanWrite(ctx);
  const before = await getSessionOrThrow(ctx, input.sessionId);
  const config = ModelConfig.parse(before.modelConfig);
  // independent reads: in parallel (each is a round trip on D1 or libSQL)
  const [template, { model, modelId }, sessionTools] = await Promise.all([
    sessionTemplate(ctx, before),
    sessionModel(ctx, config),
    sessionToolsOf(ctx, before),
  ]);
  const system = renderPrompt(template, before.variables);
  const session = await claimSession(ctx, before.id);
  try {
    const manualNames = new Set(
      sessionTools.filter((t) => t.mode === 'manual').map((t) => t.tool.name),
    );
    const { messages, manual } = applyIncomingMessage(session.messages, input.message, manualNames);
    const recorder = await createStepRecorder(ctx, session.id);
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
    const turn: TurnState = { error: null, finishReason: null, modelId };
    let current: { index: number; started: number; input: unknown } | null = null;
    const result = streamText({
      model,
      system,
      messages: modelMessages,
      tools: toolSet.tools,
      stopWhen: stepCountIs(config.stepsPerTurn ?? DEFAULT_STEPS_PER_TURN),
      temperature: config.temperature,
      maxOutputTokens: config.maxOutputTokens,
      maxRetries: 0,
      abortSignal: input.signal,
      experimental_onStepStart: (event) => {
        current = {
          index: recorder.reserve(),
          started: Date.now(),
          input: { messageCount: event.messages.length, last: event.messages.at(-1) ?? null },
        };
      },
      onStepFinish: (step) => {
        const started = current;
        current = null;
        turn.finishReason = step.finishReason;
        recorder.write({
          stepIndex: started?.index ?? recorder.reserve(),
          kind: 'model',
          input: started?.input ?? null,
          output: {
            model: step.response.modelId || modelId,
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
          latencyMs: started ? Date.now() - started.started : null,
          error: null,
        });
      },
      onError: ({ error }) => {
        turn.error = clientError(error);
        const started = current;
        current = null;
        recorder.write({
          stepIndex: started?.index ?? recorder.reserve(),
          kind: 'model',
          input: started?.input ?? null,
          output: { model: modelId },
          latencyMs: started ? Date.now() - started.started : null,
          error: turn.error.slice(0, 2000),
        });
      },
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
  } catch (error) {
    await releaseSession(ctx, before.id);
    throw error;
  }
}
