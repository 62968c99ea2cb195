import type { EvalView } from '@/core/eval-view';
import type { TraceSummaryBody } from '@/db/schema';
import { failedToolCalls } from '@/evals/synth/failed-tool-calls';
import { capText, oneLine, userTurnsOf } from '../tasks/user-turns';

const HANDOFF = /transfer|hand_?off|escalat|human_agent|to_human/i;
const MAX_ERRORS = 5;
const ENDINGS: Record<TraceSummaryBody['finalMessageKind'], string> = {
  answer: 'an answer',
  question: 'a question',
  tool_call: 'a tool call',
  error: 'an error',
  none: 'nothing',
};

/**
 * The deterministic summary of a trace, from its eval view (no model): the user's goal in one line,
 * turn counts, tools used, outcome signals (errors: failed steps, then failed tool calls as
 * `failedToolCalls` decides; hand-offs; how it ended). Pure.
 */
export function summariseTrace(view: EvalView): { body: TraceSummaryBody; text: string } {
  const { turns } = userTurnsOf(view);
  const first = turns[0] ?? null;
  const tools: Record<string, number> = {};
  const errors: string[] = [];
  let toolCalls = 0;
  let handoffs = 0;
  for (const step of view.steps) {
    if (step.error) {
      errors.push(step.error);
    }
    for (const call of step.tool_calls) {
      toolCalls++;
      tools[call.name] = (tools[call.name] ?? 0) + 1;
      handoffs += HANDOFF.test(call.name) ? 1 : 0;
    }
  }
  // failed calls as the trace list's hasErrors counts them (failed-tool-calls.ts)
  for (const call of failedToolCalls(view)) {
    errors.push(`${call.name}: ${call.error || call.result}`);
  }
  const assistant = view.messages.filter((m) => m.role === 'assistant');
  const body: TraceSummaryBody = {
    goal: first === null ? null : oneLine(first),
    firstUserMessage: first === null ? null : oneLine(first, 2_000),
    userText: capText(turns.join('\n')).text,
    turns: view.messages.filter((m) => m.role === 'user' || m.role === 'assistant').length,
    userTurns: turns.length,
    assistantTurns: assistant.length,
    toolCalls,
    tools,
    errors: errors.slice(0, MAX_ERRORS).map((e) => oneLine(e, 300)),
    errorCount: errors.length,
    handoffs,
    finalMessageKind: finalKind(view, errors.length > 0),
    finalAnswer: finalAnswer(view),
  };
  return { body, text: summaryText(body) };
}

function finalAnswer(view: EvalView): string | null {
  const last = [...view.messages].reverse().find((m) => m.role === 'assistant' && m.content !== '');
  if (last) {
    return oneLine(last.content, 500);
  }
  return typeof view.output === 'string' && view.output !== '' ? oneLine(view.output, 500) : null;
}

/**
 * How the agent ended: its last message or tool result. The user's closing turns after it ("thanks",
 * a simulator's ###STOP###) do not count; with no reply at all (no message, no output), nothing.
 */
function finalKind(view: EvalView, hadErrors: boolean): TraceSummaryBody['finalMessageKind'] {
  const last = view.messages.findLast((m) => m.role === 'assistant' || m.role === 'tool');
  const lastStep = view.steps.at(-1);
  if (lastStep?.error) {
    return 'error';
  }
  if (!last) {
    return hadErrors ? 'error' : typeof view.output === 'string' ? 'answer' : 'none';
  }
  if (last.role === 'assistant' && last.content === '' && (last.tool_calls?.length ?? 0) > 0) {
    return 'tool_call';
  }
  if (last.role === 'tool') {
    return 'tool_call';
  }
  return /\?\s*$/.test(last.content) ? 'question' : 'answer';
}

/** The summary as one searchable line: goal · turns · tools · how it ended. */
function summaryText(body: TraceSummaryBody): string {
  const tools = Object.entries(body.tools)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 8)
    .map(([name, n]) => (n > 1 ? `${name}×${n}` : name));
  const parts = [
    body.goal ?? '(no user message)',
    `${body.userTurns} user turn${body.userTurns === 1 ? '' : 's'}`,
    tools.length > 0 ? `tools: ${tools.join(', ')}` : 'no tools',
    body.errorCount > 0 ? `${body.errorCount} error${body.errorCount === 1 ? '' : 's'}` : null,
    body.handoffs > 0 ? 'handed off' : null,
    `ended with ${ENDINGS[body.finalMessageKind]}`,
  ];
  return parts.filter(Boolean).join(' · ');
}
