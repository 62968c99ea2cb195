import type { ModelMessage } from 'ai';
import { emptySpan, type NormalisedSpan } from './normalised-trace';

/** The span attribute naming who made a model call that is not the agent's own. */
export const ACTOR_ATTRIBUTE = 'iofold.actor';

/** Model calls made by iofold's simulators during a rollout (the user, a tool), not by the agent. */
export const SIMULATOR_ACTORS = ['user_simulator', 'tool_simulator'] as const;
export type SimulatorActor = (typeof SIMULATOR_ACTORS)[number];

/** Whether a span is a simulator's model call: stored and shown, never part of the eval view. */
export function isSimulatorSpan(span: Pick<NormalisedSpan, 'attributes'>): boolean {
  return (SIMULATOR_ACTORS as readonly unknown[]).includes(span.attributes[ACTOR_ATTRIBUTE]);
}

/** One model call of a simulator (a rollout's user or a tool), kept for its own span and for cost. */
export type SimulatorCall = {
  actor: SimulatorActor;
  name: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** What the simulator's model was sent (system prompt first) and what it answered. */
  input: unknown;
  output: string;
};

/** What a simulator's `generateText` call was sent: its system prompt and a prompt or messages. */
export type SimulatorRequest = { system: string } & (
  | { prompt: string }
  | { messages: ModelMessage[] }
);

/** The call record of a simulator's `generateText` answer to `request` (missing token counts as 0). */
export function simulatorCall(
  who: { actor: SimulatorActor; name: string },
  request: SimulatorRequest,
  answer: {
    text: string;
    response: { modelId: string };
    usage: { inputTokens?: number; outputTokens?: number };
  },
): SimulatorCall {
  const messages: ModelMessage[] =
    'messages' in request ? request.messages : [{ role: 'user', content: request.prompt }];
  return {
    ...who,
    model: answer.response.modelId,
    inputTokens: answer.usage.inputTokens ?? 0,
    outputTokens: answer.usage.outputTokens ?? 0,
    input: [{ role: 'system', content: request.system }, ...messages],
    output: answer.text,
  };
}

/** The LLM span of a simulator call, marked with its actor. */
export function simulatorSpan(
  call: SimulatorCall,
  at: { spanId: string; parentSpanId: string | null; startTime: number },
): NormalisedSpan {
  const span = emptySpan(at.spanId, call.name, at.startTime);
  span.parentSpanId = at.parentSpanId;
  span.kind = 'LLM';
  span.model = call.model;
  span.inputTokens = call.inputTokens;
  span.outputTokens = call.outputTokens;
  span.input = call.input;
  span.output = call.output;
  span.attributes[ACTOR_ATTRIBUTE] = call.actor;
  return span;
}
