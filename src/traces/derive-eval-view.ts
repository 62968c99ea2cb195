import { collapseWhitespace } from '@/core/collapse-whitespace';
import { EVAL_VIEW_VERSION, type EvalView } from '@/core/eval-view';
import { failedToolCalls } from '@/evals/synth/failed-tool-calls';
import { deriveMessagesAndSteps, spanError } from './derive-steps';
import type { NormalisedSpan, NormalisedTrace } from './normalised-trace';
import { isSimulatorSpan } from './simulator-spans';

const PREVIEW_CHARS = 300;

/** Pre-computed columns the trace list shows and filters on without reading spans. */
export type TraceListColumns = {
  name: string | null;
  startTime: number | null;
  endTime: number | null;
  durationMs: number | null;
  inputPreview: string;
  outputPreview: string;
  spanCount: number;
  stepCount: number;
  toolCallCount: number;
  errorCount: number;
  hasErrors: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  cost: number | null;
  models: string[];
  /** The first system message, the key for agent discovery; null when the trace has none. */
  systemPrompt: string | null;
};

export type DerivedTrace = { view: EvalView; columns: TraceListColumns };

/** Text for list previews: strings as they are, other values as JSON, whitespace collapsed, ≤ 300 chars. */
export function previewOf(value: unknown, max = PREVIEW_CHARS): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = collapseWhitespace(
    typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
  ).trim();
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Token/cost totals: sums over LLM spans; when no LLM span reports them, the largest other value.
 * One pass, no arrays: the same sums in the same order, the same maximum.
 */
function usage(spans: NormalisedSpan[], pick: (s: NormalisedSpan) => number | null): number | null {
  let llm: number | null = null;
  let largest: number | null = null;
  for (const s of spans) {
    const v = pick(s);
    if (v === null) {
      continue;
    }
    if (s.kind === 'LLM') {
      llm = (llm ?? 0) + v;
    }
    largest = largest === null ? v : Math.max(largest, v);
  }
  return llm ?? largest;
}

function findRoot(spans: NormalisedSpan[]): NormalisedSpan | null {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.find((s) => s.parentSpanId === null || !ids.has(s.parentSpanId)) ?? null;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * The one derivation of the eval view (the `trace` dict evals receive) and the list columns, from a
 * complete normalised trace. Pure: the same trace always yields the same view. Simulator spans
 * (a rollout's simulated user or tool) are left out of both, but counted among the spans.
 */
export function deriveEvalView(
  trace: NormalisedTrace,
  options: { traceId?: string } = {},
): DerivedTrace {
  // by start time, spans that start together in their order (the sort is stable)
  const spans = trace.spans
    .filter((s) => !isSimulatorSpan(s))
    .sort((a, b) => a.startTime - b.startTime);
  const root = findRoot(spans);
  const { messages, steps } = deriveMessagesAndSteps(spans, root?.spanId ?? null);

  const firstUser = messages.find((m) => m.role === 'user');
  const lastAssistant = messages.findLast((m) => m.role === 'assistant' && m.content !== '');
  // A model call as the root (a plain chat, OpenInference LLM span): its input and output values
  // are the raw request and completion; the question and the answer are its messages.
  const modelRoot = root?.kind === 'LLM' && (root.inputMessages ?? root.outputMessages) !== null;
  const question = modelRoot
    ? (root.inputMessages ?? []).findLast((m) => m.role === 'user')?.content
    : undefined;
  const input =
    [
      trace.input,
      question,
      modelRoot ? undefined : root?.input,
      firstUser?.content,
      root?.input,
    ].find(present) ?? null;
  const output =
    [trace.output, modelRoot ? undefined : root?.output, lastAssistant?.content, root?.output].find(
      present,
    ) ?? null;

  const view: EvalView = {
    version: EVAL_VIEW_VERSION,
    trace_id: options.traceId ?? trace.externalId,
    steps,
    messages,
    input,
    output,
    metadata: trace.metadata,
  };

  let first: number | null = null;
  let last: number | null = null;
  for (const s of spans) {
    first = first === null ? s.startTime : Math.min(first, s.startTime);
    last = last === null ? (s.endTime ?? s.startTime) : Math.max(last, s.endTime ?? s.startTime);
  }
  const startTime = trace.startTime ?? first;
  const endTime = trace.endTime ?? last;
  const toolCallCount = steps.reduce((n, s) => n + s.tool_calls.length, 0);
  const toolErrors = failedToolCalls(view).length;
  const errorCount = Math.max(spans.filter((s) => spanError(s) !== null).length, toolErrors);
  const inputTokens = usage(spans, (s) => s.inputTokens);
  const outputTokens = usage(spans, (s) => s.outputTokens);
  const reportedTotal = usage(spans, (s) => s.totalTokens);
  const columns: TraceListColumns = {
    name: trace.name ?? root?.name ?? null,
    startTime,
    endTime,
    durationMs:
      startTime !== null &&
      endTime !== null &&
      (trace.startTime !== null || spans.some((s) => s.endTime !== null))
        ? Math.max(0, endTime - startTime)
        : null,
    inputPreview: previewOf(input),
    outputPreview: previewOf(output),
    spanCount: trace.spans.length,
    stepCount: steps.length,
    toolCallCount,
    errorCount,
    hasErrors: errorCount > 0,
    inputTokens,
    outputTokens,
    totalTokens:
      reportedTotal ??
      (inputTokens !== null || outputTokens !== null
        ? (inputTokens ?? 0) + (outputTokens ?? 0)
        : null),
    cost: usage(spans, (s) => s.cost),
    models: [...new Set(spans.map((s) => s.model).filter((m): m is string => m !== null))],
    systemPrompt: messages.find((m) => m.role === 'system')?.content ?? null,
  };
  return { view, columns };
}
