import { parseMaybeJson } from '@/core/parse-maybe-json';
import { SPAN_KINDS } from '@/db/schema/constants';
import {
  emptySpan,
  type NormalisedSpan,
  type SpanEvent,
  type SpanKind,
} from '../../normalised-trace';
import { isRecord, toEvalMessages } from '../../to-eval-messages';
import { otelMessages } from './otel-messages';

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** The first present value of `keys`, each read from `attrs`, else from `fallback` when `attrs` lacks the key. */
function first(
  attrs: Record<string, unknown>,
  keys: string[],
  fallback?: Record<string, unknown>,
): unknown {
  for (const k of keys) {
    const v = fallback && !Object.hasOwn(attrs, k) ? fallback[k] : attrs[k];
    if (present(v)) {
      return v;
    }
  }
  return undefined;
}
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null;

const LANGFUSE_KINDS: Record<string, SpanKind> = {
  generation: 'LLM',
  span: 'CHAIN',
  event: 'EVENT',
  agent: 'AGENT',
  tool: 'TOOL',
  chain: 'CHAIN',
  retriever: 'RETRIEVER',
  embedding: 'EMBEDDING',
  evaluator: 'EVALUATOR',
  guardrail: 'GUARDRAIL',
};
const TRACELOOP_KINDS: Record<string, SpanKind> = {
  workflow: 'CHAIN',
  task: 'CHAIN',
  agent: 'AGENT',
  tool: 'TOOL',
};
const GENAI_KINDS: Record<string, SpanKind> = {
  chat: 'LLM',
  text_completion: 'LLM',
  generate_content: 'LLM',
  execute_tool: 'TOOL',
  invoke_agent: 'AGENT',
  create_agent: 'AGENT',
  embeddings: 'EMBEDDING',
};
/** OpenInference's own kinds: every stored kind but the two iofold adds (EVENT, UNKNOWN). */
const OPENINFERENCE_KINDS = new Set<string>(
  SPAN_KINDS.filter((kind) => kind !== 'EVENT' && kind !== 'UNKNOWN'),
);

function otelKind(attrs: Record<string, unknown>): SpanKind {
  const oi = str(attrs['openinference.span.kind'])?.toUpperCase();
  if (oi && OPENINFERENCE_KINDS.has(oi)) {
    return oi as SpanKind;
  }
  const lf = LANGFUSE_KINDS[str(attrs['langfuse.observation.type'])?.toLowerCase() ?? ''];
  const tl = TRACELOOP_KINDS[str(attrs['traceloop.span.kind'])?.toLowerCase() ?? ''];
  const ga = GENAI_KINDS[str(attrs['gen_ai.operation.name'])?.toLowerCase() ?? ''];
  if (lf ?? tl ?? ga) {
    return (lf ?? tl ?? ga) as SpanKind;
  }
  const llmType = str(attrs['llm.request.type']);
  if (
    llmType === 'chat' ||
    llmType === 'completion' ||
    attrs['gen_ai.request.model'] !== undefined ||
    attrs['llm.model_name'] !== undefined
  ) {
    return 'LLM';
  }
  if (attrs['gen_ai.tool.name'] !== undefined || attrs['tool.name'] !== undefined) {
    return 'TOOL';
  }
  return 'UNKNOWN';
}

const INPUT_TOKEN_KEYS = [
  'llm.token_count.prompt',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'input',
  'prompt_tokens',
  'input_tokens',
];
const OUTPUT_TOKEN_KEYS = [
  'llm.token_count.completion',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'output',
  'completion_tokens',
  'output_tokens',
];
const TOTAL_TOKEN_KEYS = [
  'llm.token_count.total',
  'llm.usage.total_tokens',
  'gen_ai.usage.total_tokens',
  'total',
  'total_tokens',
];
const COST_KEYS = ['llm.cost.total', 'gen_ai.usage.cost', 'total'];

function usageDetails(attrs: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = parseMaybeJson(attrs[key]);
  return isRecord(v) ? v : {};
}

/** Value of a `*.value` / JSON-ish attribute: parsed when its mime type or its text says JSON. */
function ioValue(attrs: Record<string, unknown>, keys: string[]): unknown {
  for (const key of keys) {
    const v = attrs[key];
    if (v !== undefined && v !== null) {
      return parseMaybeJson(v);
    }
  }
  return undefined;
}

/** Traceloop wraps function inputs as `{args, kwargs}`: unwrap to the kwargs (or the single arg). */
function unwrapTraceloop(v: unknown): unknown {
  if (isRecord(v) && 'kwargs' in v && 'args' in v && Object.keys(v).length === 2) {
    const args = Array.isArray(v.args) ? v.args : [];
    if (args.length === 0) {
      return v.kwargs;
    }
    return args.length === 1 && isRecord(v.kwargs) && Object.keys(v.kwargs).length === 0
      ? args[0]
      : v;
  }
  return v;
}

/** Maps one span's attributes (OpenInference, GenAI semconv, `langfuse.*`, OpenLLMetry) onto a normalised span. */
export function mapOtelSpan(base: {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startTime: number;
  endTime: number | null;
  statusCode: number;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: SpanEvent[];
}): NormalisedSpan {
  const a = base.attributes;
  const span = emptySpan(base.spanId, base.name, base.startTime);
  span.parentSpanId = base.parentSpanId;
  span.endTime = base.endTime;
  span.attributes = a;
  span.events = base.events;
  span.kind = otelKind(a);
  const level = str(a['langfuse.observation.level']);
  span.status =
    base.statusCode === 2 || level === 'ERROR' ? 'ERROR' : base.statusCode === 1 ? 'OK' : 'UNSET';
  span.statusMessage =
    base.statusMessage ??
    (level === 'ERROR' ? str(a['langfuse.observation.status_message']) : null);
  span.model = str(
    first(a, [
      'llm.model_name',
      'gen_ai.response.model',
      'gen_ai.request.model',
      'langfuse.observation.model.name',
    ]),
  );
  const usage = usageDetails(a, 'langfuse.observation.usage_details');
  span.inputTokens = num(first(a, INPUT_TOKEN_KEYS, usage));
  span.outputTokens = num(first(a, OUTPUT_TOKEN_KEYS, usage));
  span.totalTokens = num(first(a, TOTAL_TOKEN_KEYS, usage));
  span.cost = num(first(a, COST_KEYS, usageDetails(a, 'langfuse.observation.cost_details')));
  span.input = ioValue(a, [
    'input.value',
    'langfuse.observation.input',
    'gen_ai.tool.call.arguments',
  ]);
  span.output = ioValue(a, [
    'output.value',
    'langfuse.observation.output',
    'gen_ai.tool.call.result',
  ]);
  if (span.input === undefined && a['traceloop.entity.input'] !== undefined) {
    span.input = unwrapTraceloop(parseMaybeJson(a['traceloop.entity.input']));
  }
  if (span.output === undefined && a['traceloop.entity.output'] !== undefined) {
    span.output = unwrapTraceloop(parseMaybeJson(a['traceloop.entity.output']));
  }
  if (span.kind === 'LLM') {
    const { input, output } = otelMessages(a, base.events);
    span.inputMessages = input ?? toEvalMessages(span.input);
    span.outputMessages = output ?? toEvalMessages(span.output);
  }
  if (span.kind === 'TOOL') {
    const name =
      str(first(a, ['tool.name', 'gen_ai.tool.name', 'traceloop.entity.name'])) ?? base.name;
    const args =
      a['tool.parameters'] !== undefined && span.input === undefined
        ? parseMaybeJson(a['tool.parameters'])
        : span.input;
    span.toolCall = {
      id: str(first(a, ['tool_call.id', 'gen_ai.tool.call.id', 'tool.id'])),
      name,
      arguments: args ?? null,
      result: span.output ?? null,
    };
  }
  return span;
}
