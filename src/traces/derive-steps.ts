import type { EvalMessage, EvalStep, EvalToolCall } from '@/core/eval-view';
import { parseMaybeJson } from '@/core/parse-maybe-json';
import type { NormalisedSpan } from './normalised-trace';

type ToolResultSource = {
  id: string | null;
  name: string;
  result: unknown;
  error: string | null;
  /** Position: span start time, or message index for tool messages. */
  at: number;
  used: boolean;
};

const sameMessage = (a: EvalMessage, b: EvalMessage) =>
  a.role === b.role && (a.tool_call_id ?? '') === (b.tool_call_id ?? '') && a.content === b.content;

export function spanError(span: NormalisedSpan): string | null {
  if (span.status !== 'ERROR') {
    return null;
  }
  if (span.statusMessage) {
    return span.statusMessage;
  }
  const exception = span.events.find((e) => e.name === 'exception');
  const message = exception?.attributes['exception.message'];
  return typeof message === 'string' && message !== '' ? message : 'error';
}

/**
 * New messages a model turn adds: what follows the longest prefix it shares with the conversation so
 * far (full-history spans), or the whole list minus repeated system prompts (delta-style spans).
 */
function newInputMessages(known: EvalMessage[], input: EvalMessage[]): EvalMessage[] {
  let shared = 0;
  while (
    shared < known.length &&
    shared < input.length &&
    sameMessage(known[shared] as EvalMessage, input[shared] as EvalMessage)
  ) {
    shared++;
  }
  if (shared > 0) {
    return input.slice(shared);
  }
  const systems = known.filter((m) => m.role === 'system');
  return input.filter((m) => !(m.role === 'system' && systems.some((k) => sameMessage(k, m))));
}

function outputMessagesOf(span: NormalisedSpan): EvalMessage[] {
  if (span.outputMessages && span.outputMessages.length > 0) {
    return span.outputMessages;
  }
  if (typeof span.output === 'string' && span.output !== '') {
    return [{ role: 'assistant', content: span.output }];
  }
  return [];
}

function takeResult(
  sources: ToolResultSource[],
  call: { id: string | null; name: string },
  after: number,
) {
  const match =
    sources.find((s) => !s.used && s.at >= after && call.id !== null && s.id === call.id) ??
    sources.find(
      (s) =>
        !s.used && s.at >= after && s.name === call.name && (s.id === null || call.id === null),
    );
  if (match) {
    match.used = true;
  }
  return match;
}

/** Messages and steps of a trace from its spans (sorted by start time). */
export function deriveMessagesAndSteps(
  spans: NormalisedSpan[],
  rootId: string | null,
): {
  messages: EvalMessage[];
  steps: EvalStep[];
} {
  const llmSpans = spans.filter((s) => s.kind === 'LLM');
  const toolSpans = spans.filter(
    (s) => s.kind === 'TOOL' || (s.toolCall !== null && s.kind !== 'LLM'),
  );
  const spanSources: ToolResultSource[] = toolSpans.map((s) => ({
    id: s.toolCall?.id ?? null,
    name: s.toolCall?.name ?? s.name,
    result: s.toolCall ? s.toolCall.result : (s.output ?? null),
    error: spanError(s),
    at: s.startTime,
    used: false,
  }));

  const messages: EvalMessage[] = [];
  const pending: { step: EvalStep; messageIndex: number; start: number }[] = [];
  for (const span of llmSpans) {
    const fresh = newInputMessages(messages, span.inputMessages ?? []);
    messages.push(...fresh);
    const outs = outputMessagesOf(span);
    messages.push(...outs);
    const text = outs
      .map((m) => m.content)
      .filter((c) => c !== '')
      .join('\n');
    const calls = outs.flatMap((m) => m.tool_calls ?? []);
    const step: EvalStep = {
      index: 0,
      name: span.name,
      input: fresh.length > 0 ? fresh : (span.input ?? null),
      output: text !== '' ? text : outs.length > 0 ? null : (span.output ?? null),
      tool_calls: calls.map((c) => ({
        id: c.id,
        name: c.name,
        arguments: c.arguments,
        result: null,
        error: null,
      })),
      error: spanError(span),
    };
    pending.push({ step, messageIndex: messages.length, start: span.startTime });
  }

  const root = spans.find((s) => s.spanId === rootId);
  if (root && root.kind !== 'LLM' && root.outputMessages) {
    messages.push(...root.outputMessages);
  }

  const messageSources: ToolResultSource[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'tool') {
      messageSources.push({
        id: m.tool_call_id ?? null,
        name: m.name ?? '',
        result: parseMaybeJson(m.content),
        error: null,
        at: i,
        used: false,
      });
    }
  });
  for (const { step, messageIndex, start } of pending) {
    for (const call of step.tool_calls) {
      const fromSpan = takeResult(spanSources, call, start);
      const fromMessage = takeResult(messageSources, call, messageIndex);
      call.result = fromSpan ? fromSpan.result : fromMessage ? fromMessage.result : null;
      call.error = fromSpan?.error ?? null;
    }
  }

  const steps = pending.map((p) => p.step);
  if (steps.length === 0) {
    const candidates = spans.filter(
      (s) => s.kind !== 'EVENT' && (s.spanId !== rootId || spans.length === 1),
    );
    for (const span of candidates) {
      const isTool = toolSpans.includes(span);
      steps.push({
        index: 0,
        name: span.name,
        input: span.input ?? null,
        output: span.output ?? null,
        tool_calls: isTool ? [toolCallOfSpan(span)] : [],
        error: spanError(span),
      });
    }
  } else {
    // Tool spans no model turn asked for (or whose call carried no id/name) join the step before them.
    spanSources.forEach((source, i) => {
      if (source.used) {
        return;
      }
      const span = toolSpans[i] as NormalisedSpan;
      const owner = [...pending].reverse().find((p) => p.start <= span.startTime) ?? pending[0];
      owner?.step.tool_calls.push(toolCallOfSpan(span));
    });
  }
  steps.forEach((s, i) => {
    s.index = i;
  });
  return { messages, steps };
}

function toolCallOfSpan(span: NormalisedSpan): EvalToolCall {
  return {
    id: span.toolCall?.id ?? null,
    name: span.toolCall?.name ?? span.name,
    arguments: span.toolCall ? span.toolCall.arguments : (span.input ?? null),
    result: span.toolCall ? span.toolCall.result : (span.output ?? null),
    error: spanError(span),
  };
}
