import { AppError } from '@/core/errors';
import { assignOwn, setOwn } from '@/core/own-keys';
import { parseMaybeJson } from '@/core/parse-maybe-json';
import { INGEST_LIMITS, tooLargeError, truncateStrings } from '../../ingest-limits';
import {
  emptyTrace,
  type NormalisedSpan,
  type NormalisedTrace,
  type SpanEvent,
} from '../../normalised-trace';
import { isRecord } from '../../to-eval-messages';
import { keyValuesToObject } from './any-value';
import { mapOtelSpan } from './map-otel-span';

export type OtlpIdEncoding = 'hex' | 'base64';

function fail(message: string, path: string): never {
  throw new AppError('VALIDATION', `invalid OTLP request: ${message} at ${path}`, {
    details: { path },
  });
}

function base64ToHex(value: string): string {
  const bin = atob(value);
  let hex = '';
  for (let i = 0; i < bin.length; i++) {
    hex += bin.charCodeAt(i).toString(16).padStart(2, '0');
  }
  return hex;
}

/** OTLP ids are fixed-size byte strings: trace ids 16 bytes, span ids 8. */
const ID_BYTES = { trace: 16, span: 8 } as const;

function toId(
  value: unknown,
  encoding: OtlpIdEncoding,
  path: string,
  required: boolean,
  kind: keyof typeof ID_BYTES = 'span',
): string | null {
  if (value === undefined || value === null || value === '') {
    return required ? fail('missing id', path) : null;
  }
  if (typeof value !== 'string') {
    return fail('id must be a string', path);
  }
  let hex: string;
  try {
    hex = encoding === 'base64' ? base64ToHex(value) : value.toLowerCase();
  } catch {
    return fail('id is not base64', path);
  }
  // one pass: every character a hex digit, and whether any is not zero
  let zeros = true;
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      return fail('id is not hex', path);
    }
    zeros &&= c === 48;
  }
  if (hex.length !== ID_BYTES[kind] * 2) {
    return fail(
      `${kind} id must be ${ID_BYTES[kind]} bytes (${ID_BYTES[kind] * 2} hex digits)`,
      path,
    );
  }
  if (zeros) {
    return required ? fail('id is all zeros', path) : null;
  }
  return hex;
}

/** Unix nanoseconds (decimal string or number) as epoch milliseconds. */
function nanosToMillis(value: unknown, path: string): number | null {
  if (value === undefined || value === null || value === '' || value === '0' || value === 0) {
    return null;
  }
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return value / 1e6;
  }
  if (typeof value === 'string') {
    const millis = decimalNanosToMillis(value);
    if (millis !== null) {
      return millis;
    }
  }
  return fail('time must be unix nanoseconds', path);
}

/**
 * 1 to 20 decimal digits of nanoseconds as milliseconds, whole part and the last six digits
 * apart (both exact in a double), without a regular expression, padding or slices; else null.
 */
function decimalNanosToMillis(text: string): number | null {
  const length = text.length;
  if (length < 1 || length > 20) {
    return null;
  }
  const split = length - 6;
  let whole = 0;
  let fraction = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      return null;
    }
    if (i < split) {
      whole = whole * 10 + digit;
    } else {
      fraction = fraction * 10 + digit;
    }
  }
  return whole + fraction / 1e6;
}

const SESSION_KEYS = [
  'session.id',
  'langfuse.session.id',
  'gen_ai.conversation.id',
  'traceloop.association.properties.session_id',
];
const USER_KEYS = ['user.id', 'langfuse.user.id', 'traceloop.association.properties.user_id'];

const TRACE_NAME_KEYS = ['langfuse.trace.name'];
const METADATA_KEYS = ['metadata', 'langfuse.trace.metadata'];
const METADATA_PREFIX = 'langfuse.trace.metadata.';
const RELEASE_KEYS = ['langfuse.release', 'langfuse.version', 'langfuse.environment'];
const TAG_KEYS = ['tag.tags', 'langfuse.trace.tags'];

/** The first non-empty string among `keys` of `a`. */
function pick(a: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === 'string' && v !== '') {
      return v;
    }
  }
  return undefined;
}

export function applyTraceAttributes(
  trace: NormalisedTrace,
  span: NormalisedSpan,
  isRoot: boolean,
): void {
  const a = span.attributes;
  trace.sessionId ??= pick(a, SESSION_KEYS) ?? null;
  trace.userId ??= pick(a, USER_KEYS) ?? null;
  const traceName = pick(a, TRACE_NAME_KEYS);
  if (traceName || isRoot) {
    trace.name = traceName ?? trace.name ?? span.name;
  }
  for (const key of METADATA_KEYS) {
    const m = parseMaybeJson(a[key]);
    if (isRecord(m)) {
      assignOwn(trace.metadata, m);
    }
  }
  // kept under the names the Langfuse ingestion API path uses for a trace's release/version/environment
  for (const key of RELEASE_KEYS) {
    if (typeof a[key] === 'string' && a[key] !== '') {
      trace.metadata[key] = a[key];
    }
  }
  for (const key of Object.keys(a)) {
    if (key.startsWith(METADATA_PREFIX)) {
      setOwn(trace.metadata, key.slice(METADATA_PREFIX.length), parseMaybeJson(a[key]));
    }
  }
  for (const key of TAG_KEYS) {
    const tags = parseMaybeJson(a[key]);
    if (Array.isArray(tags)) {
      trace.tags = [
        ...new Set([...trace.tags, ...tags.filter((t): t is string => typeof t === 'string')]),
      ];
    }
  }
  if (a['langfuse.trace.input'] !== undefined) {
    trace.input = parseMaybeJson(a['langfuse.trace.input']);
  }
  if (a['langfuse.trace.output'] !== undefined) {
    trace.output = parseMaybeJson(a['langfuse.trace.output']);
  }
}

function mapEvents(raw: unknown, path: string): SpanEvent[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    return fail('events must be an array', path);
  }
  return raw.map((e, i) => {
    if (!isRecord(e)) {
      return fail('event must be an object', `${path}[${i}]`);
    }
    return {
      name: typeof e.name === 'string' ? e.name : '',
      time: nanosToMillis(e.timeUnixNano, `${path}[${i}].timeUnixNano`),
      attributes: keyValuesToObject(e.attributes),
    };
  });
}

function arrayAt(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : fail('expected an array', path);
}

/**
 * An OTLP ExportTraceServiceRequest (OTLP/JSON, or decoded protobuf with base64 ids) as normalised
 * traces, one per trace id, holding the spans this request carried. All or nothing: any malformed
 * span fails the whole request with VALIDATION.
 */
export function parseOtlpTraces(
  body: unknown,
  options: { idEncoding?: OtlpIdEncoding; maxSpans?: number } = {},
): NormalisedTrace[] {
  const encoding = options.idEncoding ?? 'hex';
  const maxSpans = options.maxSpans ?? INGEST_LIMITS.maxSpansPerRequest;
  if (!isRecord(body)) {
    return fail('body must be an object', '$');
  }
  const traces = new Map<string, NormalisedTrace>();
  let spanCount = 0;
  for (const [r, rs] of arrayAt(body.resourceSpans, '$.resourceSpans').entries()) {
    const rPath = `$.resourceSpans[${r}]`;
    if (!isRecord(rs)) {
      return fail('must be an object', rPath);
    }
    const resource = truncateStrings(
      keyValuesToObject(isRecord(rs.resource) ? rs.resource.attributes : undefined),
    );
    for (const [s, ss] of arrayAt(
      rs.scopeSpans ?? rs.instrumentationLibrarySpans,
      `${rPath}.scopeSpans`,
    ).entries()) {
      const sPath = `${rPath}.scopeSpans[${s}]`;
      if (!isRecord(ss)) {
        return fail('must be an object', sPath);
      }
      for (const [k, raw] of arrayAt(ss.spans, `${sPath}.spans`).entries()) {
        const path = `${sPath}.spans[${k}]`;
        if (!isRecord(raw)) {
          return fail('span must be an object', path);
        }
        if (++spanCount > maxSpans) {
          throw tooLargeError(
            `more than ${maxSpans} spans in one request (this host's limit); send smaller batches`,
            { maxSpans },
          );
        }
        const traceId = toId(raw.traceId, encoding, `${path}.traceId`, true, 'trace') as string;
        const startTime = nanosToMillis(raw.startTimeUnixNano, `${path}.startTimeUnixNano`);
        const status = isRecord(raw.status) ? raw.status : {};
        const span = mapOtelSpan({
          spanId: toId(raw.spanId, encoding, `${path}.spanId`, true) as string,
          parentSpanId: toId(raw.parentSpanId, encoding, `${path}.parentSpanId`, false),
          name: typeof raw.name === 'string' ? raw.name : '',
          startTime: startTime ?? 0,
          endTime: nanosToMillis(raw.endTimeUnixNano, `${path}.endTimeUnixNano`),
          statusCode: Number(status.code ?? 0),
          statusMessage:
            typeof status.message === 'string' && status.message !== '' ? status.message : null,
          attributes: truncateStrings(keyValuesToObject(raw.attributes)),
          events: truncateStrings(mapEvents(raw.events, `${path}.events`)),
        });
        let trace = traces.get(traceId);
        if (!trace) {
          trace = emptyTrace('otlp', traceId);
          if (typeof resource['service.name'] === 'string') {
            trace.metadata['service.name'] = resource['service.name'];
          }
          if (Object.keys(resource).length > 0) {
            // every resource attribute (OpenInference project name, deployment, SDK) as sent
            trace.metadata.resource = resource;
          }
          traces.set(traceId, trace);
        }
        applyTraceAttributes(trace, span, span.parentSpanId === null);
        trace.spans.push(span);
      }
    }
  }
  return [...traces.values()];
}
