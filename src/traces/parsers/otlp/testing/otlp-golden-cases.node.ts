import { gzipSync } from 'node:zlib';
import { startRecordingServer } from '../../../testing/recording-server.node.js';
import { runOtelSdk } from '../../../testing/run-otel-sdk.node.js';
import { ExportTraceServiceRequest } from '../generated/opentelemetry/proto/collector/trace/v1/trace_service';
import type { AnyValue, KeyValue } from '../generated/opentelemetry/proto/common/v1/common';
import type { Span } from '../generated/opentelemetry/proto/trace/v1/trace';

export type GoldenCase = {
  name: string;
  body: Uint8Array;
  contentType: string;
  contentEncoding?: string;
};

export type ExporterCapture = { cases: GoldenCase[]; traceIds: Record<string, string[]> };

/**
 * Bytes from the real OpenTelemetry exporters (OTLP/JSON, OTLP/protobuf, each also gzip): one case
 * per request, named `<exporter>#<n>`, with the trace ids each SDK run produced.
 */
export async function captureExporterCases(): Promise<ExporterCapture> {
  const server = await startRecordingServer();
  const cases: GoldenCase[] = [];
  const traceIds: Record<string, string[]> = {};
  try {
    for (const [name, protocol, compression] of [
      ['json', 'json', 'none'],
      ['protobuf', 'protobuf', 'none'],
      ['protobuf-gzip', 'protobuf', 'gzip'],
      ['json-gzip', 'json', 'gzip'],
    ] as const) {
      const before = server.requests.length;
      traceIds[name] = await runOtelSdk({ baseUrl: server.url, protocol, compression });
      server.requests.slice(before).forEach((request, i) => {
        const encoding = request.headers['content-encoding'];
        cases.push({
          name: `${name}#${i}`,
          body: new Uint8Array(request.body),
          contentType: String(request.headers['content-type']),
          ...(typeof encoding === 'string' ? { contentEncoding: encoding } : {}),
        });
      });
    }
  } finally {
    await server.close();
  }
  return { cases, traceIds };
}

const str = (key: string, stringValue: string): KeyValue => ({
  key,
  keyStrindex: 0,
  value: { value: { oneofKind: 'stringValue', stringValue } },
});
const any = (value: AnyValue['value']): AnyValue => ({ value });
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

function span(fields: Partial<Span> & { spanId: Uint8Array; name: string }): Span {
  return {
    traceId: bytes('0af7651916cd43dd8448eb211c80319c'),
    traceState: '',
    parentSpanId: new Uint8Array(0),
    flags: 0,
    kind: 1,
    startTimeUnixNano: '1700000000123456789',
    endTimeUnixNano: '1700000000623456789',
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    ...fields,
  };
}

/** A request built field by field: every AnyValue kind, events, status, parent ids. */
export function handBuiltRequest(nameOfChild = 'lookup'): Uint8Array {
  const root = span({
    spanId: bytes('b7ad6b7169203331'),
    name: 'agent',
    attributes: [
      str('openinference.span.kind', 'AGENT'),
      str('input.value', 'Où est mon vol ? ✈️'),
      str('session.id', 'sess-golden'),
      { key: 'retries', keyStrindex: 0, value: any({ oneofKind: 'intValue', intValue: '3' }) },
      {
        key: 'big',
        keyStrindex: 0,
        value: any({ oneofKind: 'intValue', intValue: '9223372036854775807' }),
      },
      { key: 'ratio', keyStrindex: 0, value: any({ oneofKind: 'doubleValue', doubleValue: 0.25 }) },
      { key: 'ok', keyStrindex: 0, value: any({ oneofKind: 'boolValue', boolValue: true }) },
      {
        key: 'raw',
        keyStrindex: 0,
        value: any({ oneofKind: 'bytesValue', bytesValue: bytes('00ff10') }),
      },
      {
        key: 'tag.tags',
        keyStrindex: 0,
        value: any({
          oneofKind: 'arrayValue',
          arrayValue: {
            values: [
              any({ oneofKind: 'stringValue', stringValue: 'a' }),
              any({ oneofKind: 'stringValue', stringValue: 'b' }),
            ],
          },
        }),
      },
      {
        key: 'nested',
        keyStrindex: 0,
        value: any({ oneofKind: 'kvlistValue', kvlistValue: { values: [str('k', 'v')] } }),
      },
    ],
  });
  const child = span({
    spanId: bytes('00f067aa0ba902b7'),
    parentSpanId: bytes('b7ad6b7169203331'),
    name: nameOfChild,
    kind: 3,
    attributes: [str('openinference.span.kind', 'TOOL'), str('tool.name', 'lookup')],
    events: [
      {
        timeUnixNano: '1700000000223456789',
        name: 'exception',
        attributes: [str('exception.message', 'not found')],
        droppedAttributesCount: 0,
      },
    ],
    status: { code: 2, message: 'not found' },
  });
  return ExportTraceServiceRequest.toBinary({
    resourceSpans: [
      {
        resource: {
          attributes: [str('service.name', 'golden')],
          droppedAttributesCount: 0,
          entityRefs: [],
        },
        scopeSpans: [
          {
            scope: { name: 'golden', version: '1', attributes: [], droppedAttributesCount: 0 },
            spans: [root, child],
            schemaUrl: '',
          },
        ],
        schemaUrl: '',
      },
    ],
  });
}

const MARKER = 'NOT-UTF8';

/** The hand-built cases: identity, gzip, and bodies that must fail (bad UTF-8, truncated, garbage). */
export function handBuiltCases(): GoldenCase[] {
  const good = handBuiltRequest();
  const badUtf8 = handBuiltRequest(MARKER);
  const at = Buffer.from(badUtf8).indexOf(MARKER);
  badUtf8.set([0xc3, 0x28], at); // a lead byte followed by ASCII: never valid UTF-8
  const proto = 'application/x-protobuf';
  return [
    { name: 'hand-built', body: good, contentType: proto },
    { name: 'hand-built-gzip', body: gzipSync(good), contentType: proto, contentEncoding: 'gzip' },
    { name: 'invalid-utf8', body: badUtf8, contentType: proto },
    { name: 'truncated', body: good.slice(0, good.length - 7), contentType: proto },
    { name: 'not-protobuf', body: new TextEncoder().encode('{"a":1}'), contentType: proto },
  ];
}
