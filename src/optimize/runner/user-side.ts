import type { LanguageModel } from 'ai';
import type { SimulatorCall } from '@/traces/simulator-spans';
import { nextUserMessage, type UserScenario } from './simulated-user';
import { writeUserScenario } from './write-user-scenario';

/**
 * The user side of a rollout: the first message only, recorded user turns in order, or an LLM
 * playing the user from a scenario (given, or written first from the source trace's user turns).
 */
export type UserPlan =
  | { mode: 'single'; firstMessage: string }
  | { mode: 'scripted'; turns: string[] }
  | {
      mode: 'simulated';
      model: LanguageModel;
      scenario: UserScenario | { sourceTurns: string[] };
      /** Most user messages in the conversation; reached, the rollout ends with `turn_cap`. */
      maxTurns: number;
      /** Open with this message (the task's recorded one) instead of a simulated one. */
      firstMessage?: string;
      /** The simulator's temperature (default 0). */
      temperature?: number;
    };

/** A user simulator's model call and the transcript index of the message it wrote (none: a scenario). */
export type UserSimulatorCall = SimulatorCall & { atMessage: number | null };

export type NextUserTurn = {
  /** The user's message; null when the conversation is over. */
  text: string | null;
  /** End right after this message (the simulated user's last words before its stop marker). */
  end?: 'user_stop' | 'turn_cap';
  /** End after the agent answers this message (the turn cap). */
  last?: 'turn_cap';
};

export type UserSide = {
  next(): Promise<NextUserTurn>;
  /** What the agent's turn said to the user (its final text). */
  agentSaid(text: string): void;
};

/** The user side as a sequence of messages; the simulated one answers what the agent said. */
export function createUserSide(
  plan: UserPlan,
  options: {
    signal?: AbortSignal;
    record: (call: UserSimulatorCall) => void;
    /** The transcript index the next user message will take. */
    nextIndex: () => number;
  },
): UserSide {
  if (plan.mode !== 'simulated') {
    const turns = plan.mode === 'single' ? [plan.firstMessage] : plan.turns;
    let index = 0;
    return { next: async () => ({ text: turns[index++] ?? null }), agentSaid: () => {} };
  }
  const seen: { from: 'agent' | 'user'; text: string }[] = [];
  const source = plan.scenario;
  let scenario: UserScenario | null = 'sourceTurns' in source ? null : source;
  const settings = { model: plan.model, temperature: plan.temperature, signal: options.signal };

  const simulate = async (): Promise<NextUserTurn> => {
    const count = seen.filter((m) => m.from === 'user').length;
    if (count >= plan.maxTurns) {
      return { text: null, end: 'turn_cap' };
    }
    const last = count + 1 >= plan.maxTurns ? ('turn_cap' as const) : undefined;
    if (count === 0 && plan.firstMessage) {
      seen.push({ from: 'user', text: plan.firstMessage });
      return { text: plan.firstMessage, last };
    }
    if (!scenario) {
      const written = await writeUserScenario(
        settings,
        'sourceTurns' in source ? source.sourceTurns : [],
      );
      options.record({ ...written.call, atMessage: null });
      scenario = written.scenario;
    }
    const reply = await nextUserMessage({ ...settings, scenario }, seen);
    options.record({ ...reply.call, atMessage: options.nextIndex() });
    if (reply.stop) {
      return { text: reply.text === '' ? null : reply.text, end: 'user_stop' };
    }
    seen.push({ from: 'user', text: reply.text });
    return { text: reply.text, last };
  };

  return {
    async next() {
      try {
        return await simulate();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`user simulator: ${message}`, { cause: error });
      }
    },
    agentSaid(text) {
      seen.push({ from: 'agent', text });
    },
  };
}
