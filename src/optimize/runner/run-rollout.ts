import {
  generateText,
  jsonSchema,
  type LanguageModel,
  type ModelMessage,
  type StepResult,
  stepCountIs,
  type ToolSet,
  tool,
} from 'ai';
import { MODEL_TOOL_OUTPUT_BYTES, type ToolResult, toolResult } from '@/tools/call/tool-result';
import type { RoutedCall, ToolRouter } from '@/tools/call/tool-router';
import type { JsonSchema } from '@/tools/registry/check-tool-schema';
import { createUserSide, type UserPlan, type UserSimulatorCall } from './user-side';

export type { UserPlan } from './user-side';

export type RolloutInput = {
  system: string;
  model: LanguageModel;
  tools: { name: string; description: string | null; inputSchema: JsonSchema }[];
  router: ToolRouter;
  user: UserPlan;
  /** Model steps per agent turn (each step is one model call and its tool calls). */
  stepsPerTurn: number;
  temperature?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
};

/** An OpenAI-style message, the shape the transcript importer reads. */
export type TranscriptMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
};

/**
 * Why a rollout ended: all scripted turns done (`completed`), the simulated user's stop marker
 * (`user_stop`), its turn cap (`turn_cap`), an agent turn still calling tools at its step cap
 * (`step_cap`), or a model or simulator error (`error`).
 */
export type TerminationReason = 'completed' | 'user_stop' | 'turn_cap' | 'step_cap' | 'error';

export type RolloutOutcome = {
  transcript: TranscriptMessage[];
  /**
   * Every tool call by its transcript id (`<turn>:<provider id>`, unique across turns): the mode
   * it ran in and where a replayed result came from.
   */
  calls: Map<string, RoutedCall>;
  steps: { model: string; inputTokens: number; outputTokens: number }[];
  /** The simulated user's model calls (tool simulators' are on their `calls`). */
  userSimulator: UserSimulatorCall[];
  termination: TerminationReason;
  error: string | null;
};

const modelText = (output: ToolResult) =>
  toolResult(output.text, output.isError, MODEL_TOOL_OUTPUT_BYTES).text;

/**
 * Runs one rollout with the AI SDK: each user turn is one `generateText` call with the tools
 * (stored JSON Schemas, calls through the router) and an explicit step cap; turns are an outer
 * loop over the user side (single, scripted, or simulated until its stop marker or turn cap).
 * A turn still calling tools at the cap ends the rollout with `step_cap`; a model or simulator
 * error ends it with `error` and its message. Never throws for model or tool failures.
 */
export async function runRollout(input: RolloutInput): Promise<RolloutOutcome> {
  const calls = new Map<string, RoutedCall>();
  let turn = 0;
  const tools = Object.fromEntries(
    input.tools.map((t) => [
      t.name,
      tool({
        description: t.description ?? undefined,
        inputSchema: jsonSchema<Record<string, unknown>>(t.inputSchema as never),
        execute: async (args, { toolCallId }) => {
          const routed = await input.router.call(t.name, args);
          calls.set(`${turn}:${toolCallId}`, routed);
          return routed.result;
        },
        toModelOutput: ({ output }) => ({
          type: output.isError ? 'error-text' : 'text',
          value: modelText(output),
        }),
      }),
    ]),
  );
  const history: ModelMessage[] = [];
  const outcome: RolloutOutcome = {
    transcript: [{ role: 'system', content: input.system }],
    calls,
    steps: [],
    userSimulator: [],
    termination: 'completed',
    error: null,
  };
  const user = createUserSide(input.user, {
    signal: input.signal,
    record: (call) => outcome.userSimulator.push(call),
    nextIndex: () => outcome.transcript.length,
  });
  try {
    for (;;) {
      const next = await user.next();
      if (next.text !== null) {
        history.push({ role: 'user', content: next.text });
        outcome.transcript.push({ role: 'user', content: next.text });
      }
      if (next.text === null || next.end) {
        outcome.termination = next.end ?? outcome.termination;
        break;
      }
      const result = await generateText({
        model: input.model,
        system: input.system,
        messages: history,
        tools,
        stopWhen: stepCountIs(input.stepsPerTurn),
        temperature: input.temperature,
        maxOutputTokens: input.maxOutputTokens,
        abortSignal: input.signal,
      });
      history.push(...result.response.messages);
      for (const step of result.steps) {
        outcome.steps.push({
          model: step.response.modelId,
          inputTokens: step.usage.inputTokens ?? 0,
          outputTokens: step.usage.outputTokens ?? 0,
        });
        outcome.transcript.push(...stepMessages(step as StepResult<ToolSet>, turn));
      }
      turn++;
      if (result.finishReason === 'tool-calls') {
        outcome.termination = 'step_cap';
        break;
      }
      user.agentSaid(result.text);
      if (next.last) {
        outcome.termination = next.last;
        break;
      }
    }
  } catch (error) {
    outcome.termination = 'error';
    outcome.error = error instanceof Error ? error.message : String(error);
  }
  return outcome;
}

/** A step as OpenAI-style messages; tool call ids get the turn as prefix (providers reuse ids). */
function stepMessages(step: StepResult<ToolSet>, turn: number): TranscriptMessage[] {
  const assistant: TranscriptMessage = { role: 'assistant', content: step.text };
  if (step.toolCalls.length > 0) {
    assistant.tool_calls = step.toolCalls.map((call) => ({
      id: `${turn}:${call.toolCallId}`,
      type: 'function',
      function: { name: call.toolName, arguments: JSON.stringify(call.input ?? {}) },
    }));
  }
  const results = step.toolResults.map((r): TranscriptMessage => {
    const output = r.output as ToolResult;
    return {
      role: 'tool',
      tool_call_id: `${turn}:${r.toolCallId}`,
      content: output.isError ? `Error: ${output.text}` : output.text,
    };
  });
  return [assistant, ...results];
}
