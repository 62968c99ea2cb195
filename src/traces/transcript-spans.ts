import type { EvalMessage } from '@/core/eval-view';
import { parseMaybeJson } from '@/core/parse-maybe-json';
import { emptySpan, type NormalisedSpan } from './normalised-trace';

const TOOL_ERROR = /^\s*(error\b|exception\b|traceback\b)/i;

/**
 * The spans of a chat transcript, a pure function of its messages: a root AGENT span, one LLM
 * span per assistant message (input: the messages since the previous one), one TOOL span per
 * tool call with its matched result, one millisecond apart from `start`. Traces whose spans are
 * exactly these store none: they are derived again from the eval view's messages (issue #24).
 */
export function transcriptSpans(messages: readonly EvalMessage[], start = 0): NormalisedSpan[] {
  let clock = start;
  const root = emptySpan('root', 'conversation', clock++);
  root.kind = 'AGENT';
  root.input = messages.find((m) => m.role === 'user')?.content ?? null;
  root.output =
    [...messages].reverse().find((m) => m.role === 'assistant' && m.content !== '')?.content ??
    null;
  const spans: NormalisedSpan[] = [root];
  let since = 0;
  const usedResults = new Set<number>();
  messages.forEach((message, i) => {
    if (message.role !== 'assistant') {
      return;
    }
    const llm = emptySpan(`llm-${i}`, 'assistant', clock++);
    llm.parentSpanId = 'root';
    llm.kind = 'LLM';
    llm.inputMessages = messages.slice(since, i);
    llm.outputMessages = [message];
    since = i + 1;
    spans.push(llm);
    (message.tool_calls ?? []).forEach((call, c) => {
      const resultIndex = messages.findIndex(
        (m, j) =>
          j > i &&
          m.role === 'tool' &&
          !usedResults.has(j) &&
          (call.id ? m.tool_call_id === call.id : m.name === call.name),
      );
      const result = resultIndex >= 0 ? (messages[resultIndex] as EvalMessage) : null;
      if (result) {
        usedResults.add(resultIndex);
      }
      const tool = emptySpan(`tool-${i}-${c}`, call.name, clock++);
      tool.parentSpanId = 'root';
      tool.kind = 'TOOL';
      tool.input = call.arguments;
      tool.output = result ? parseMaybeJson(result.content) : null;
      tool.toolCall = {
        id: call.id,
        name: call.name,
        arguments: call.arguments,
        result: tool.output,
      };
      if (result && TOOL_ERROR.test(result.content)) {
        tool.status = 'ERROR';
        tool.statusMessage = result.content.slice(0, 500);
      }
      spans.push(tool);
    });
  });
  // Turns after the last model call (e.g. the user's closing message) live on the root span.
  root.outputMessages = since < messages.length ? messages.slice(since) : null;
  return spans;
}
