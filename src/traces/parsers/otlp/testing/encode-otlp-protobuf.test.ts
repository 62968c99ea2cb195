import { describe, expect, it } from 'vitest';
import { decodeOtlpProtobuf } from '../decode-otlp-protobuf';
import { encodeOtlpProtobuf, type OtlpJsonRequest } from './encode-otlp-protobuf';
import { captureExporterCases, handBuiltRequestJson } from './otlp-golden-cases.node';

describe('encodeOtlpProtobuf', () => {
  it('round-trips the hand-built golden request through the ingest decoder', () => {
    const request = handBuiltRequestJson();
    expect(decodeOtlpProtobuf(encodeOtlpProtobuf(request))).toEqual(request);
  });

  it('re-encodes what the real protobuf exporter sent to the same decoded request', async () => {
    const { cases } = await captureExporterCases();
    const protobuf = cases.filter((c) => c.name.startsWith('protobuf#'));
    expect(protobuf.length).toBeGreaterThan(0);
    for (const c of protobuf) {
      const decoded = decodeOtlpProtobuf(c.body) as OtlpJsonRequest;
      expect(decoded.resourceSpans[0]?.scopeSpans[0]?.spans.length).toBeGreaterThan(0);
      expect(decodeOtlpProtobuf(encodeOtlpProtobuf(decoded)), c.name).toEqual(decoded);
    }
  }, 60_000);
});
