import { AppError } from '@/core/errors';
import { truncateStrings } from '../ingest-limits';
import { emptyTrace, type NormalisedTrace } from '../normalised-trace';
import { mapOtelSpan } from '../parsers/otlp/map-otel-span';
import { applyTraceAttributes } from '../parsers/otlp/parse-otlp-traces';
import { isRecord } from '../to-eval-messages';
import { flattenAttributes } from './flatten-attributes';

const STATUS: Record<string, number> = { OK: 1, ERROR: 2, UNSET: 0 };

function millis(v: unknown): number | null {
  if (typeof v === 'number') {
    return v > 1e14 ? v / 1e6 : v;
  }
  if (typeof v !== 'string' || v === '') {
    return null;
  }
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  return Number.isNaN(t) ? null : t;
}

/** Phoenix span exports (nested `context`/`attributes`, or flattened `context.span_id` columns) into traces. */
export function addPhoenixSpan(traces: Map<string, NormalisedTrace>, record: unknown): void {
  if (!isRecord(record)) {
    throw new AppError('VALIDATION', 'span record must be an object');
  }
  const flat = flattenAttributes(record);
  const traceId = flat['context.trace_id'];
  const spanId = flat['context.span_id'];
  if (
    typeof traceId !== 'string' ||
    typeof spanId !== 'string' ||
    traceId === '' ||
    spanId === ''
  ) {
    throw new AppError('VALIDATION', 'span needs context.trace_id and context.span_id');
  }
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    if (k.startsWith('attributes.') && v !== null) {
      attributes[k.slice('attributes.'.length)] = v;
    }
  }
  if (typeof record.span_kind === 'string' && attributes['openinference.span.kind'] === undefined) {
    attributes['openinference.span.kind'] = record.span_kind;
  }
  const start = millis(record.start_time);
  if (start === null) {
    throw new AppError('VALIDATION', 'span needs a start_time');
  }
  const events = Array.isArray(record.events)
    ? record.events.filter(isRecord).map((e) => ({
        name: String(e.name ?? ''),
        time: millis(e.timestamp),
        attributes: isRecord(e.attributes) ? e.attributes : {},
      }))
    : [];
  const span = mapOtelSpan({
    spanId,
    parentSpanId:
      typeof record.parent_id === 'string' && record.parent_id !== '' ? record.parent_id : null,
    name: typeof record.name === 'string' ? record.name : '',
    startTime: start,
    endTime: millis(record.end_time),
    statusCode: STATUS[String(record.status_code ?? 'UNSET').toUpperCase()] ?? 0,
    statusMessage:
      typeof record.status_message === 'string' && record.status_message !== ''
        ? record.status_message
        : null,
    attributes: truncateStrings(attributes),
    events,
  });
  let trace = traces.get(traceId);
  if (!trace) {
    trace = emptyTrace('phoenix', traceId);
    traces.set(traceId, trace);
  }
  applyTraceAttributes(trace, span, span.parentSpanId === null);
  trace.spans.push(span);
}
