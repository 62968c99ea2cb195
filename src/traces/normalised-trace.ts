import { z } from '@hono/zod-openapi';
import { EvalMessage } from '@/core/eval-view';
import { RATINGS, SCORE_DATA_TYPES, SPAN_KINDS, TRACE_SOURCES } from '@/db/schema/constants';

/** OpenInference span kinds (the span table's list); every source maps onto these. */
export const SpanKind = z.enum(SPAN_KINDS);
export type SpanKind = z.infer<typeof SpanKind>;

/** Where a trace came from; with the external id, its identity (imports of a platform's export use that platform's source). */
export const TraceSource = z.enum(TRACE_SOURCES);
export type TraceSource = z.infer<typeof TraceSource>;

const SpanToolCall = z.object({
  id: z.string().nullable(),
  name: z.string(),
  arguments: z.unknown(),
  result: z.unknown(),
});
export type SpanToolCall = z.infer<typeof SpanToolCall>;

export const SpanEvent = z.object({
  name: z.string(),
  time: z.number().nullable(),
  attributes: z.record(z.string(), z.unknown()),
});
export type SpanEvent = z.infer<typeof SpanEvent>;

/** One span, OpenInference-style. Times are epoch milliseconds (fractional allowed). */
export const NormalisedSpan = z.object({
  spanId: z.string().min(1).max(128),
  parentSpanId: z.string().max(128).nullable(),
  kind: SpanKind,
  name: z.string().max(1000),
  startTime: z.number(),
  endTime: z.number().nullable(),
  status: z.enum(['OK', 'ERROR', 'UNSET']),
  statusMessage: z.string().nullable(),
  model: z.string().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  totalTokens: z.number().nullable(),
  cost: z.number().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  /** LLM spans: the chat messages sent and received, already in eval-view message shape. */
  inputMessages: z.array(EvalMessage).nullable(),
  outputMessages: z.array(EvalMessage).nullable(),
  /** TOOL spans: the call this span executed. */
  toolCall: SpanToolCall.nullable(),
  attributes: z.record(z.string(), z.unknown()),
  events: z.array(SpanEvent),
  /** An update to a span sent earlier (Langfuse `*-update`): only its non-null fields count. */
  partial: z.boolean().optional(),
});
export type NormalisedSpan = z.infer<typeof NormalisedSpan>;

export const ScoreDataType = z.enum(SCORE_DATA_TYPES);
export type ScoreDataType = z.infer<typeof ScoreDataType>;

export const TraceScore = z.object({
  externalId: z.string().nullable(),
  name: z.string(),
  value: z.union([z.number(), z.string(), z.boolean()]),
  /** The sender's data type; absent when it sent none (then the value's JS type decides). */
  dataType: ScoreDataType.nullish(),
  comment: z.string().nullable(),
  spanId: z.string().nullable(),
});
export type TraceScore = z.infer<typeof TraceScore>;

/** A human label that arrived with the data (import files, Langfuse scores that map to a rating). */
export const TraceLabel = z.object({
  rating: z.enum(RATINGS),
  notes: z.string().nullable(),
});
export type TraceLabel = z.infer<typeof TraceLabel>;

/**
 * One trace, normalised from any source. A push request may carry only part of a trace: storage
 * merges spans by id and trace fields (non-null wins) with what is already stored.
 */
export const NormalisedTrace = z.object({
  source: TraceSource,
  externalId: z.string().min(1).max(256),
  name: z.string().max(1000).nullable(),
  startTime: z.number().nullable(),
  endTime: z.number().nullable(),
  sessionId: z.string().max(256).nullable(),
  userId: z.string().max(256).nullable(),
  metadata: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  /** Trace-level input/output when the source records them apart from spans (Langfuse traces). */
  input: z.unknown(),
  output: z.unknown(),
  spans: z.array(NormalisedSpan),
  scores: z.array(TraceScore),
  label: TraceLabel.nullable(),
});
export type NormalisedTrace = z.infer<typeof NormalisedTrace>;

export function emptySpan(spanId: string, name: string, startTime: number): NormalisedSpan {
  return {
    spanId,
    parentSpanId: null,
    kind: 'UNKNOWN',
    name,
    startTime,
    endTime: null,
    status: 'UNSET',
    statusMessage: null,
    model: null,
    inputTokens: null,
    outputTokens: null,
    totalTokens: null,
    cost: null,
    input: undefined,
    output: undefined,
    inputMessages: null,
    outputMessages: null,
    toolCall: null,
    attributes: {},
    events: [],
  };
}

export function emptyTrace(source: TraceSource, externalId: string): NormalisedTrace {
  return {
    source,
    externalId,
    name: null,
    startTime: null,
    endTime: null,
    sessionId: null,
    userId: null,
    metadata: {},
    tags: [],
    input: undefined,
    output: undefined,
    spans: [],
    scores: [],
    label: null,
  };
}
