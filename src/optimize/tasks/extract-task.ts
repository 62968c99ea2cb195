import type { EvalView } from '@/core/eval-view';
import type { RATINGS, TASK_KINDS } from '@/db/schema';
import { taskContentHash } from '../tasksets/task-input';
import { userTurnsOf } from './user-turns';

export type ExtractedTask = {
  firstUserMessage: string;
  userTurns: string[];
  variables: Record<string, string>;
  expectedOutput: string | null;
  expectedActions: { name: string; arguments: unknown }[] | null;
  successCriteria: string[];
  kind: (typeof TASK_KINDS)[number];
  contentHash: string;
};

export type Extraction =
  | { ok: true; task: ExtractedTask; truncated: number }
  | { ok: false; reason: string };

export type TraceForTask = {
  view: EvalView;
  label: (typeof RATINGS)[number] | null;
  /** Values of the agent version's template variables in this trace's system prompt. */
  variables: Record<string, string>;
  /** Notes of the trace's positive labels: what a good run shows, in a person's words. */
  positiveNotes: string[];
};

function finalAnswer(view: EvalView): string | null {
  const last = [...view.messages].reverse().find((m) => m.role === 'assistant' && m.content !== '');
  if (last) {
    return last.content;
  }
  return typeof view.output === 'string' && view.output !== '' ? view.output : null;
}

/**
 * The task behind a trace (pure): the user side (every user turn, capped with a marker), the
 * template variables, and, when the trace is labelled positive, expectations (its final answer,
 * its tool calls in order, its labels' notes as success criteria). A trace with no user message
 * is no task: the reason is returned instead.
 */
export function extractTask(trace: TraceForTask): Extraction {
  const { turns, truncated } = userTurnsOf(trace.view);
  const first = turns[0];
  if (first === undefined) {
    return { ok: false, reason: 'no user message' };
  }
  const calls = trace.view.steps.flatMap((s) => s.tool_calls);
  const positive = trace.label === 'positive';
  return {
    ok: true,
    truncated,
    task: {
      firstUserMessage: first,
      userTurns: turns,
      variables: trace.variables,
      expectedOutput: positive ? finalAnswer(trace.view) : null,
      expectedActions: positive
        ? calls.map((c) => ({ name: c.name, arguments: c.arguments }))
        : null,
      successCriteria: positive ? trace.positiveNotes.filter((n) => n.trim() !== '') : [],
      kind: calls.length > 0 ? 'tool_using' : turns.length > 1 ? 'multi_turn' : 'single_turn',
      contentHash: taskContentHash({
        userMessage: first,
        userTurns: turns,
        variables: trace.variables,
      }),
    },
  };
}
