import { AppError } from '@/core/errors';
import type { EvalMessage } from '@/core/eval-view';
import { assignOwn } from '@/core/own-keys';
import { truncateStrings } from '../ingest-limits';
import { emptySpan, emptyTrace, type NormalisedTrace, type SpanKind } from '../normalised-trace';
import { contentText, isRecord, toEvalMessage, toEvalMessages } from '../to-eval-messages';

const KINDS: Record<string, SpanKind> = {
  llm: 'LLM',
  chain: 'CHAIN',
  tool: 'TOOL',
  retriever: 'RETRIEVER',
  embedding: 'EMBEDDING',
  prompt: 'CHAIN',
  parser: 'CHAIN',
};
const LC_ROLES: Record<string, string> = {
  HumanMessage: 'user',
  AIMessage: 'assistant',
  SystemMessage: 'system',
  ToolMessage: 'tool',
  FunctionMessage: 'tool',
  ChatMessage: 'user',
};

function millis(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') {
    return typeof v === 'number' ? v : null;
  }
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  return Number.isNaN(t) ? null : t;
}

/** A LangChain message in its serialised forms (`{lc, id, kwargs}`, `{type, data}`) or a plain chat message. */
function langchainMessage(raw: unknown): EvalMessage | null {
  if (!isRecord(raw)) {
    return null;
  }
  if (Array.isArray(raw.id) && isRecord(raw.kwargs)) {
    const cls = String(raw.id[raw.id.length - 1] ?? '');
    const k = raw.kwargs;
    return toEvalMessage({
      ...k,
      role: LC_ROLES[cls] ?? k.role ?? 'user',
      tool_calls:
        k.tool_calls ??
        (isRecord(k.additional_kwargs) ? k.additional_kwargs.tool_calls : undefined),
    });
  }
  if (typeof raw.type === 'string' && isRecord(raw.data)) {
    return toEvalMessage({ ...raw.data, role: raw.type });
  }
  return toEvalMessage(raw);
}

function messagesOf(list: unknown): EvalMessage[] | null {
  const flat =
    Array.isArray(list) && list.length > 0 && Array.isArray(list[0])
      ? (list[0] as unknown[])
      : list;
  if (!Array.isArray(flat)) {
    return null;
  }
  const out = flat.map(langchainMessage).filter((m): m is EvalMessage => m !== null);
  return out.length > 0 ? out : null;
}

function llmOutput(outputs: Record<string, unknown>): EvalMessage[] | null {
  const gens = outputs.generations;
  const first = Array.isArray(gens) ? (Array.isArray(gens[0]) ? gens[0] : gens) : null;
  if (Array.isArray(first) && first.length > 0) {
    return first
      .map((g) =>
        isRecord(g)
          ? (langchainMessage(g.message) ?? {
              role: 'assistant' as const,
              content: contentText(g.text),
            })
          : null,
      )
      .filter((m): m is EvalMessage => m !== null);
  }
  if (Array.isArray(outputs.choices)) {
    return toEvalMessages(outputs.choices.map((c) => (isRecord(c) ? c.message : c)));
  }
  return (
    toEvalMessages(outputs) ??
    (typeof outputs.output === 'string' ? [{ role: 'assistant', content: outputs.output }] : null)
  );
}

/** LangSmith run exports (one run per record) into traces; a run's trace is `trace_id` (or itself). */
export function addLangsmithRun(traces: Map<string, NormalisedTrace>, record: unknown): void {
  if (!isRecord(record) || typeof record.id !== 'string' || record.id === '') {
    throw new AppError('VALIDATION', 'run needs an id');
  }
  const start = millis(record.start_time);
  if (start === null) {
    throw new AppError('VALIDATION', 'run needs a start_time');
  }
  const traceId =
    typeof record.trace_id === 'string' && record.trace_id !== '' ? record.trace_id : record.id;
  const span = emptySpan(record.id, String(record.name ?? ''), start);
  span.kind = KINDS[String(record.run_type ?? '')] ?? 'UNKNOWN';
  span.parentSpanId =
    typeof record.parent_run_id === 'string' && record.parent_run_id !== ''
      ? record.parent_run_id
      : null;
  span.endTime = millis(record.end_time);
  if (typeof record.error === 'string' && record.error !== '') {
    span.status = 'ERROR';
    span.statusMessage = record.error.slice(0, 2000);
  }
  const inputs = isRecord(record.inputs) ? record.inputs : {};
  const outputs = isRecord(record.outputs) ? record.outputs : {};
  const extra = isRecord(record.extra) ? record.extra : {};
  const metadata = isRecord(extra.metadata) ? extra.metadata : {};
  const params = isRecord(extra.invocation_params) ? extra.invocation_params : {};
  span.input = truncateStrings(
    Object.keys(inputs).length === 1 && 'input' in inputs ? inputs.input : inputs,
  );
  span.output = truncateStrings(
    Object.keys(outputs).length === 1 && 'output' in outputs ? outputs.output : outputs,
  );
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  span.inputTokens = num(record.prompt_tokens);
  span.outputTokens = num(record.completion_tokens);
  span.totalTokens = num(record.total_tokens);
  span.cost = num(record.total_cost);
  span.model =
    [params.model, params.model_name, metadata.ls_model_name].find(
      (v): v is string => typeof v === 'string',
    ) ?? null;
  if (span.kind === 'LLM') {
    span.inputMessages = truncateStrings(
      messagesOf(inputs.messages) ?? toEvalMessages(inputs.prompts),
    );
    span.outputMessages = truncateStrings(llmOutput(outputs));
  }
  if (span.kind === 'TOOL') {
    span.toolCall = {
      id: null,
      name: span.name,
      arguments: span.input ?? null,
      result: span.output ?? null,
    };
  }
  span.attributes = truncateStrings({
    'langsmith.run_type': record.run_type,
    'langsmith.metadata': metadata,
    'langsmith.invocation_params': params,
  });
  let trace = traces.get(traceId);
  if (!trace) {
    trace = emptyTrace('langsmith', traceId);
    traces.set(traceId, trace);
  }
  if (span.parentSpanId === null) {
    trace.name = span.name;
    assignOwn(trace.metadata, truncateStrings(metadata));
    const session = [
      metadata.thread_id,
      metadata.session_id,
      metadata.conversation_id,
      record.session_id,
    ].find((v) => typeof v === 'string');
    trace.sessionId = (session as string | undefined) ?? trace.sessionId;
    if (Array.isArray(record.tags)) {
      trace.tags = [
        ...new Set([
          ...trace.tags,
          ...record.tags.filter((t): t is string => typeof t === 'string'),
        ]),
      ];
    }
  }
  trace.spans.push(span);
}
