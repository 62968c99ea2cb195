import {
  EVAL_VIEW_VERSION,
  type EvalMessage,
  type EvalStep,
  type EvalView,
} from '@/core/eval-view';

/** One item of a tau-bench results file (`info` is ignored: it holds the grader's answers). */
export type TauBenchItem = {
  task_id: number;
  trial?: number;
  reward?: number;
  traj: TauMessage[];
};

type TauMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: { id?: string; function: { name: string; arguments: string } }[];
};

function parseArguments(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * A simple OpenAI-messages → eval-view converter for tests and benches (the product's importer
 * lives in src/traces). One step per assistant message; tool results are matched in order.
 */
export function tauBenchToEvalView(item: TauBenchItem): EvalView {
  const messages: EvalMessage[] = [];
  const steps: EvalStep[] = [];
  const pending: { id: string | null; step: EvalStep; at: number }[] = [];
  for (const m of item.traj) {
    const message: EvalMessage = { role: m.role, content: m.content ?? '' };
    if (m.name) {
      message.name = m.name;
    }
    if (m.tool_call_id) {
      message.tool_call_id = m.tool_call_id;
    }
    if (m.role === 'assistant') {
      const step: EvalStep = {
        index: steps.length,
        name: 'assistant',
        input: null,
        output: m.content ?? null,
        tool_calls: [],
        error: null,
      };
      for (const tc of m.tool_calls ?? []) {
        const args = parseArguments(tc.function.arguments);
        step.tool_calls.push({
          id: tc.id ?? null,
          name: tc.function.name,
          arguments: args,
          result: null,
          error: null,
        });
        pending.push({ id: tc.id ?? null, step, at: step.tool_calls.length - 1 });
      }
      if (m.tool_calls && m.tool_calls.length > 0) {
        message.tool_calls = step.tool_calls.map((tc) => ({
          id: tc.id,
          name: tc.name,
          arguments: tc.arguments,
        }));
      }
      steps.push(step);
    } else if (m.role === 'tool' && pending.length > 0) {
      let at = pending.findIndex((p) => p.id !== null && p.id === m.tool_call_id);
      at = Math.max(at, 0);
      const [match] = pending.splice(at, 1);
      const call = match?.step.tool_calls[match.at];
      if (call) {
        call.result = parseArguments(m.content ?? '');
      }
    }
    messages.push(message);
  }
  const firstUser = messages.find((m) => m.role === 'user');
  const lastAssistant = [...messages]
    .reverse()
    .find((m) => m.role === 'assistant' && m.content !== '');
  return {
    version: EVAL_VIEW_VERSION,
    trace_id: `tau-${item.task_id}-${item.trial ?? 0}`,
    steps,
    messages,
    input: firstUser?.content ?? null,
    output: lastAssistant?.content ?? null,
    metadata: { task_id: item.task_id, trial: item.trial ?? 0 },
  };
}
