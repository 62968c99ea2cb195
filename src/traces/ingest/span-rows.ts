import type { EvalMessage } from '@/core/eval-view';
import { fromSlot, type Slot, type slotIndex } from '@/core/pack-eval-view';
import { type NewSpan, SPAN_KINDS, type Span } from '@/db/schema';
import { emptySpan, type NormalisedSpan, SpanKind } from '../normalised-trace';
import { stableHash } from '../stable-hash';

/** Attribute key holding what the normalised span knows beyond the span table's columns. */
const NORMALISED_KEY = 'iofold.normalised';

type Extra = Partial<
  Pick<NormalisedSpan, 'inputMessages' | 'outputMessages' | 'toolCall' | 'totalTokens' | 'partial'>
> & {
  kind?: string;
  /** Values the trace's eval view messages already hold, stored as references into them. */
  refs?: Partial<Record<RefField, Slot>>;
};

type MessageIndex = ReturnType<typeof slotIndex>;
/** The values a span row may store as references into the view's messages, in stored order. */
const REF_VALUES = {
  input: (span: NormalisedSpan) => span.input,
  output: (span: NormalisedSpan) => span.output,
  inputMessages: (span: NormalisedSpan) => span.inputMessages,
  outputMessages: (span: NormalisedSpan) => span.outputMessages,
  toolArguments: (span: NormalisedSpan) => span.toolCall?.arguments,
  toolResult: (span: NormalisedSpan) => span.toolCall?.result,
};
type RefField = keyof typeof REF_VALUES;
const REF_FIELDS = Object.keys(REF_VALUES) as RefField[];

type Refs = Partial<Record<RefField, Slot>>;

/** `refs` with `field` added when the messages hold `value` (made on the first reference). */
function withRef(refs: Refs | undefined, field: RefField, value: unknown, index: MessageIndex) {
  const slot = value !== undefined && value !== null ? index.toSlot(value) : null;
  if (!slot || slot[0] === 'v') {
    return refs;
  }
  const out = refs ?? {};
  out[field] = slot;
  return out;
}

/** The references of the values the messages hold, in REF_FIELDS order; the rest stays inline. */
function referencesOf(span: NormalisedSpan, index: MessageIndex | undefined): Refs | undefined {
  if (!index) {
    return undefined;
  }
  let refs: Refs | undefined;
  for (const field of REF_FIELDS) {
    refs = withRef(refs, field, REF_VALUES[field](span), index);
  }
  return refs;
}

const STORED_KINDS = new Set<string>(SPAN_KINDS);

export const traceRowId = (workspaceId: string, source: string, externalId: string) =>
  `tr_${stableHash(`${workspaceId}\u0000${source}\u0000${externalId}`)}`;
/**
 * A span row's id: the first 8 hex digits of its trace row's id, then the hash of trace and span.
 * The trace's part keeps a trace's span rows together in the primary key's index, so a request
 * writes one place per trace there, not one per span: in a workspace of 1,000,000 spans SQLite's
 * part of a 1,000-span request took about a quarter less CPU (bench/README.md). Within a trace the
 * ids sort as the hash alone did (the trace detail orders spans of one start time by id). Rows
 * stored with the hash alone keep their ids: a span is upserted on (trace, span id).
 */
const spanRowId = (traceId: string, spanId: string) =>
  `sp_${traceId.slice(3, 11)}${stableHash(`${traceId}\u0000${spanId}`)}`;

const int = (v: number | null) => (v === null ? null : Math.round(v));

/**
 * `attributes` with `extra` under NORMALISED_KEY, copied by assignment rather than by a spread with
 * a computed key: V8 gives the spread's copy dictionary properties, which JSON.stringify (the
 * column's encoding) walks about 1.5x slower. An own `__proto__` key, which assignment would take
 * for the prototype rather than copy, keeps the spread.
 */
function withExtra(attributes: Record<string, unknown>, extra: Extra): Record<string, unknown> {
  if (Object.hasOwn(attributes, '__proto__')) {
    return { ...attributes, [NORMALISED_KEY]: extra };
  }
  const copy: Record<string, unknown> = Object.assign({}, attributes);
  copy[NORMALISED_KEY] = extra;
  return copy;
}

/**
 * The row a span is stored as. With `index` (the trace's eval view messages), values those
 * messages hold are stored as references (`fromSpanRow` with the same messages restores them).
 */
export function toSpanRow(
  workspaceId: string,
  traceId: string,
  span: NormalisedSpan,
  index?: MessageIndex,
): NewSpan {
  const refs = referencesOf(span, index);
  const extra: Extra = {};
  // whether `extra` holds anything, tracked rather than counted from its keys per span
  let hasExtra = false;
  if (span.inputMessages && !refs?.inputMessages) {
    extra.inputMessages = span.inputMessages;
    hasExtra = true;
  }
  if (span.outputMessages && !refs?.outputMessages) {
    extra.outputMessages = span.outputMessages;
    hasExtra = true;
  }
  if (span.toolCall) {
    // the call's other keys in their order, then arguments and result unless referenced
    const { arguments: args, result, ...call } = span.toolCall as Record<string, unknown>;
    if (!refs?.toolArguments) {
      call.arguments = args;
    }
    if (!refs?.toolResult) {
      call.result = result;
    }
    extra.toolCall = call as NonNullable<Extra['toolCall']>;
    hasExtra = true;
  }
  if (span.totalTokens !== null) {
    extra.totalTokens = span.totalTokens;
    hasExtra = true;
  }
  if (refs) {
    extra.refs = refs;
    hasExtra = true;
  }
  if (span.partial) {
    extra.partial = true;
    hasExtra = true;
  }
  const stored = STORED_KINDS.has(span.kind);
  if (!stored) {
    extra.kind = span.kind;
    hasExtra = true;
  }
  const attributes = hasExtra ? withExtra(span.attributes, extra) : span.attributes;
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
    input: refs?.input ? null : (span.input ?? null),
    output: refs?.output ? null : (span.output ?? null),
    attributes,
    events: span.events.map((e) => ({
      name: e.name,
      time: e.time ?? span.startTime,
      attributes: e.attributes,
    })),
  };
}

/** Whether a stored span refers into its trace's eval view messages (see `toSpanRow`). */
export const hasMessageRefs = (row: Span) =>
  (row.attributes[NORMALISED_KEY] as Extra | undefined)?.refs !== undefined;

/** A stored span row with its references into `messages` (the trace's eval view) filled in. */
export function withValues(row: Span, messages: readonly EvalMessage[]): Span {
  const extra = row.attributes[NORMALISED_KEY] as Extra | undefined;
  if (!extra?.refs) {
    return row;
  }
  const { refs, ...rest } = extra;
  const value = (field: RefField) => {
    const slot = refs[field];
    return slot ? fromSlot(messages, slot) : undefined;
  };
  const full: Extra = { ...rest };
  for (const field of ['inputMessages', 'outputMessages'] as const) {
    if (refs[field]) {
      full[field] = value(field) as EvalMessage[];
    }
  }
  if (rest.toolCall && (refs.toolArguments || refs.toolResult)) {
    full.toolCall = {
      ...rest.toolCall,
      ...(refs.toolArguments ? { arguments: value('toolArguments') } : {}),
      ...(refs.toolResult ? { result: value('toolResult') } : {}),
    };
  }
  const { [NORMALISED_KEY]: _stored, ...attributes } = row.attributes;
  return {
    ...row,
    input: refs.input ? value('input') : row.input,
    output: refs.output ? value('output') : row.output,
    attributes:
      Object.keys(full).length > 0 ? { ...attributes, [NORMALISED_KEY]: full } : attributes,
  };
}

/** A stored span back in normalised form (`messages`: its trace's eval view messages). */
export function fromSpanRow(stored: Span, messages: readonly EvalMessage[] = []): NormalisedSpan {
  const row = withValues(stored, messages);
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
