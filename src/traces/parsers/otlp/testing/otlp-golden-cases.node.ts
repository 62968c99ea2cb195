import { gzipSync } from 'node:zlib';
import { startRecordingServer } from '../../../testing/recording-server.node.js';
import { runOtelSdk } from '../../../testing/run-otel-sdk.node.js';
import {
  encodeOtlpProtobuf,
  type OtlpJsonKeyValue,
  type OtlpJsonRequest,
  type OtlpJsonSpan,
} from './encode-otlp-protobuf';

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

const str = (key: string, stringValue: string): OtlpJsonKeyValue => ({
  key,
  value: { stringValue },
});
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

/** Spans in the shape the decoder returns, every field set, so a round trip compares whole. */
function span(fields: Partial<OtlpJsonSpan> & { spanId: string; name: string }) {
  return {
    traceId: TRACE_ID,
    parentSpanId: '',
    kind: 1,
    startTimeUnixNano: '1700000000123456789',
    endTimeUnixNano: '1700000000623456789',
    attributes: [],
    events: [],
    status: undefined,
    ...fields,
  };
}

/** The hand-built request as OTLP/JSON: every AnyValue kind, events, status, parent ids. */
export function handBuiltRequestJson(nameOfChild = 'lookup') {
  const root = span({
    spanId: 'b7ad6b7169203331',
    name: 'agent',
    attributes: [
      str('openinference.span.kind', 'AGENT'),
      str('input.value', 'Où est mon vol ? ✈️'),
      str('session.id', 'sess-golden'),
      { key: 'retries', value: { intValue: '3' } },
      { key: 'big', value: { intValue: '9223372036854775807' } },
      { key: 'ratio', value: { doubleValue: 0.25 } },
      { key: 'ok', value: { boolValue: true } },
      { key: 'raw', value: { bytesValue: 'AP8Q' } }, // 00 ff 10
      {
        key: 'tag.tags',
        value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } },
      },
      { key: 'nested', value: { kvlistValue: { values: [str('k', 'v')] } } },
    ],
  });
  const child = span({
    spanId: '00f067aa0ba902b7',
    parentSpanId: 'b7ad6b7169203331',
    name: nameOfChild,
    kind: 3,
    attributes: [str('openinference.span.kind', 'TOOL'), str('tool.name', 'lookup')],
    events: [
      {
        timeUnixNano: '1700000000223456789',
        name: 'exception',
        attributes: [str('exception.message', 'not found')],
      },
    ],
    status: { code: 2, message: 'not found' },
  });
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'golden')] },
        scopeSpans: [{ scope: { name: 'golden', version: '1' }, spans: [root, child] }],
      },
    ],
  } satisfies OtlpJsonRequest;
}

/** The hand-built request as an OTLP/protobuf body. */
export function handBuiltRequest(nameOfChild = 'lookup'): Uint8Array {
  return encodeOtlpProtobuf(handBuiltRequestJson(nameOfChild));
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
