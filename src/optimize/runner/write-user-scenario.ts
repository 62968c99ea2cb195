import { generateText, type LanguageModel } from 'ai';
import { type SimulatorCall, simulatorCall } from '@/traces/simulator-spans';
import type { UserScenario } from './simulated-user';

const SYSTEM = `You write the scenario for a simulated customer, from the messages a real customer sent to an AI agent.
Describe, in the second person ("You are…", "You want…"): who the customer is, why they write, the facts they gave (names, ids, dates, amounts, exactly as written), and how they reacted to the agent's answers (what they accepted, refused or insisted on).
Do not describe the agent's side and add no fact the messages do not contain. Answer with the scenario only, in at most 12 short lines.`;

/**
 * A user scenario written by the simulator's model from the user turns of a task's source trace
 * (for tasks without an imported scenario). Throws on a model error.
 */
export async function writeUserScenario(
  settings: { model: LanguageModel; temperature?: number; signal?: AbortSignal },
  turns: string[],
): Promise<{ scenario: UserScenario; call: SimulatorCall }> {
  if (turns.length === 0) {
    throw new Error('the task has no scenario and no user turns to write one from');
  }
  const prompt = turns.map((t, i) => `Message ${i + 1}:\n${t}`).join('\n\n');
  const result = await generateText({
    model: settings.model,
    system: SYSTEM,
    prompt,
    temperature: settings.temperature ?? 0,
    abortSignal: settings.signal,
  });
  return {
    scenario: { instructions: result.text.trim() },
    call: simulatorCall(
      { actor: 'user_simulator', name: 'user simulator: write scenario' },
      { system: SYSTEM, prompt },
      result,
    ),
  };
}
