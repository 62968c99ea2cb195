import { generateText, type LanguageModel, type ModelMessage } from 'ai';
import { type SimulatorCall, simulatorCall } from '@/traces/simulator-spans';

/** Who the simulated user is and what they want (a tau2 `user_scenario`, or one written from a trace). */
export type UserScenario = {
  persona?: string | null;
  /** Free text, or named parts (reason for call, known info, unknown info, task instructions…). */
  instructions: string | Record<string, unknown>;
};

/** Markers the simulated user ends the conversation with (goal reached, handed to a human, out of scope). */
export const USER_STOP_MARKERS = ['###STOP###', '###TRANSFER###', '###OUT-OF-SCOPE###'] as const;

/** What the simulated user is shown as the agent's opening line before its first message. */
export const AGENT_GREETING = 'Hi! How can I help you today?';

const GUIDELINES = `You are role-playing a customer who writes to an AI agent, so that the agent can be tested.
- Stay in the role described below. You are the customer, never the agent.
- Write one message at a time, short, as a person types in a chat.
- Give a fact from the scenario only when the agent needs it or asks for it; never make up names, ids, numbers or facts the scenario does not give. If asked for something you do not know, say so.
- Use your own words rather than copying the scenario.
- When your goal is reached, or the agent cannot reach it, end the conversation: write your last words followed by ${USER_STOP_MARKERS[0]}. If the agent hands you to a human, answer ${USER_STOP_MARKERS[1]}; if the scenario does not tell you how to go on, answer ${USER_STOP_MARKERS[2]}.`;

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The scenario as prompt text: the persona, then each named part of the instructions. */
export function scenarioText(scenario: UserScenario): string {
  const parts: string[] = [];
  if (scenario.persona) {
    parts.push(`Persona: ${scenario.persona}`);
  }
  if (typeof scenario.instructions === 'string') {
    parts.push(scenario.instructions);
  } else {
    for (const [key, value] of Object.entries(scenario.instructions)) {
      if (value !== null && value !== undefined && value !== '') {
        parts.push(`${key.replace(/_/g, ' ')}: ${asText(value)}`);
      }
    }
  }
  return parts.join('\n');
}

export const userSimulatorSystem = (scenario: UserScenario) =>
  `${GUIDELINES}\n\n# Your scenario\n${scenarioText(scenario)}`;

/** The user's message with its stop marker removed, and whether it had one. */
export function splitStopMarker(text: string): { text: string; stop: boolean } {
  let stop = false;
  let rest = text;
  for (const marker of USER_STOP_MARKERS) {
    if (rest.includes(marker)) {
      stop = true;
      rest = rest.split(marker).join('');
    }
  }
  return { text: rest.trim(), stop };
}

export type SimulatedUserSettings = {
  model: LanguageModel;
  scenario: UserScenario;
  temperature?: number;
  signal?: AbortSignal;
};

/**
 * The simulated user's next message, given the conversation as the user saw it (the agent's
 * words and the user's own, tools hidden); roles are flipped for the simulator's model, which
 * plays the assistant. Returns the message and the model call for its span. Throws on a model error.
 */
export async function nextUserMessage(
  settings: SimulatedUserSettings,
  seen: { from: 'agent' | 'user'; text: string }[],
): Promise<{ text: string; stop: boolean; call: SimulatorCall }> {
  const system = userSimulatorSystem(settings.scenario);
  const messages: ModelMessage[] = [
    { role: 'user', content: AGENT_GREETING },
    ...seen.map(
      (m): ModelMessage =>
        m.from === 'agent'
          ? { role: 'user', content: m.text || '(no reply)' }
          : { role: 'assistant', content: m.text },
    ),
  ];
  const result = await generateText({
    model: settings.model,
    system,
    messages,
    temperature: settings.temperature ?? 0,
    abortSignal: settings.signal,
  });
  const split = splitStopMarker(result.text);
  return {
    ...split,
    call: simulatorCall(
      { actor: 'user_simulator', name: 'user simulator' },
      { system, messages },
      result,
    ),
  };
}
