import { type NewSpan, SPAN_KINDS, type Span } from '@/db/schema';
import { emptySpan, type NormalisedSpan, SpanKind } from '../normalised-trace';
import { stableHash } from '../stable-hash';

/** Attribute key holding what the normalised span knows beyond the span table's columns. */
const NORMALISED_KEY = 'iofold.normalised';

type Extra = Partial<
  Pick<NormalisedSpan, 'inputMessages' | 'outputMessages' | 'toolCall' | 'totalTokens' | 'partial'>
> & {
  kind?: string;
};

const STORED_KINDS = new Set<string>(SPAN_KINDS);

export const traceRowId = (workspaceId: string, source: string, externalId: string) =>
  `tr_${stableHash(`${workspaceId}\u0000${source}\u0000${externalId}`)}`;
const spanRowId = (traceId: string, spanId: string) =>
  `sp_${stableHash(`${traceId}\u0000${spanId}`)}`;

const int = (v: number | null) => (v === null ? null : Math.round(v));

export function toSpanRow(workspaceId: string, traceId: string, span: NormalisedSpan): NewSpan {
  const extra: Extra = {};
  for (const key of ['inputMessages', 'outputMessages', 'toolCall', 'totalTokens'] as const) {
    if (span[key] !== null) {
      (extra as Record<string, unknown>)[key] = span[key];
    }
  }
  if (span.partial) {
    extra.partial = true;
  }
  const stored = STORED_KINDS.has(span.kind);
  if (!stored) {
    extra.kind = span.kind;
  }
  const attributes =
    Object.keys(extra).length > 0
      ? { ...span.attributes, [NORMALISED_KEY]: extra }
      : span.attributes;
  return {
    id: spanRowId(traceId, span.spanId),
    workspaceId,
    traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: (stored ? span.kind : 'UNKNOWN') as NewSpan['kind'],
    startedAt: new Date(span.startTime),
    endedAt: span.endTime === null ? null : new Date(span.endTime),
    durationMs:
      span.endTime === null ? null : Math.max(0, Math.round(span.endTime - span.startTime)),
    status: span.status === 'ERROR' ? 'error' : span.status === 'OK' ? 'ok' : 'unset',
    statusMessage: span.statusMessage,
    model: span.model,
    inputTokens: int(span.inputTokens),
    outputTokens: int(span.outputTokens),
    costUsd: span.cost,
    input: span.input ?? null,
    output: span.output ?? null,
    attributes,
    events: span.events.map((e) => ({
      name: e.name,
      time: e.time ?? span.startTime,
      attributes: e.attributes,
    })),
  };
}

export function fromSpanRow(row: Span): NormalisedSpan {
  const { [NORMALISED_KEY]: rawExtra, ...attributes } = row.attributes;
  const extra = (rawExtra ?? {}) as Extra;
  const kind = SpanKind.safeParse(extra.kind ?? row.kind);
  const span = emptySpan(row.spanId, row.name, row.startedAt.getTime());
  Object.assign(span, {
    parentSpanId: row.parentSpanId,
    kind: kind.success ? kind.data : 'UNKNOWN',
    endTime: row.endedAt ? row.endedAt.getTime() : null,
    status: row.status === 'error' ? 'ERROR' : row.status === 'ok' ? 'OK' : 'UNSET',
    statusMessage: row.statusMessage,
    model: row.model,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    totalTokens: extra.totalTokens ?? null,
    cost: row.costUsd,
    input: row.input ?? undefined,
    output: row.output ?? undefined,
    inputMessages: extra.inputMessages ?? null,
    outputMessages: extra.outputMessages ?? null,
    toolCall: extra.toolCall ?? null,
    attributes,
    events: row.events,
  });
  if (extra.partial) {
    span.partial = true;
  }
  return span;
}
