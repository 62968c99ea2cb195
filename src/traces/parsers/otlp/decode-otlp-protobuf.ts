import { AppError } from '@/core/errors';
import { ExportTraceServiceRequest } from './generated/opentelemetry/proto/collector/trace/v1/trace_service';
import type { AnyValue, KeyValue } from './generated/opentelemetry/proto/common/v1/common';
import type { Span, Span_Event } from './generated/opentelemetry/proto/trace/v1/trace';

// Decoders generated ahead of time from the OTLP .proto files (`npm run proto:generate`): no
// run-time code generation, which Workers forbid. Strings are read with a fatal UTF-8 decoder.
const READ_OPTIONS = { readUnknownField: false } as const;

/**
 * Decodes an OTLP/protobuf ExportTraceServiceRequest into the OTLP/JSON object shape (camelCase,
 * hex ids, int64 as decimal strings, bytes as base64), so one mapper reads both encodings.
 * VALIDATION for a malformed message or a string field that is not UTF-8.
 */
export function decodeOtlpProtobuf(body: Uint8Array): unknown {
  let request: ExportTraceServiceRequest;
  try {
    request = ExportTraceServiceRequest.fromBinary(body, READ_OPTIONS);
  } catch (cause) {
    // The fatal UTF-8 decoder throws a TypeError; the reader throws RangeError/Error on bad wire data.
    const reason =
      cause instanceof TypeError
        ? 'a string field is not valid UTF-8'
        : cause instanceof Error
          ? cause.message
          : String(cause);
    throw new AppError('VALIDATION', `invalid OTLP protobuf body: ${reason}`, { cause });
  }
  return {
    resourceSpans: request.resourceSpans.map((rs) => ({
      resource: { attributes: keyValues(rs.resource?.attributes ?? []) },
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: ss.scope ? { name: ss.scope.name, version: ss.scope.version } : undefined,
        spans: ss.spans.map(toJsonSpan),
      })),
    })),
  };
}

function toJsonSpan(span: Span) {
  return {
    traceId: toHex(span.traceId),
    spanId: toHex(span.spanId),
    parentSpanId: toHex(span.parentSpanId),
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    attributes: keyValues(span.attributes),
    events: span.events.map((e: Span_Event) => ({
      timeUnixNano: e.timeUnixNano,
      name: e.name,
      attributes: keyValues(e.attributes),
    })),
    status: span.status ? { code: span.status.code, message: span.status.message } : undefined,
  };
}

// Deeper values are dropped (the mapper reads 32 levels): bounds the recursion on hostile input.
const MAX_DEPTH = 64;

function keyValues(list: KeyValue[], depth = 0): { key: string; value: Record<string, unknown> }[] {
  return list.map((kv) => ({ key: kv.key, value: toJsonValue(kv.value, depth) }));
}

/** A protobuf AnyValue (a oneof) as its OTLP/JSON object: `{ stringValue: 'x' }`, `{}` when unset. */
function toJsonValue(value: AnyValue | undefined, depth = 0): Record<string, unknown> {
  const v = depth > MAX_DEPTH ? undefined : value?.value;
  switch (v?.oneofKind) {
    case 'stringValue':
      return { stringValue: v.stringValue };
    case 'boolValue':
      return { boolValue: v.boolValue };
    case 'intValue':
      return { intValue: v.intValue };
    case 'doubleValue':
      return { doubleValue: v.doubleValue };
    case 'arrayValue':
      return { arrayValue: { values: v.arrayValue.values.map((x) => toJsonValue(x, depth + 1)) } };
    case 'kvlistValue':
      return { kvlistValue: { values: keyValues(v.kvlistValue.values, depth + 1) } };
    case 'bytesValue':
      return { bytesValue: toBase64(v.bytesValue) };
    default:
      return {};
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) {
    hex += HEX[byte];
  }
  return hex;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}
