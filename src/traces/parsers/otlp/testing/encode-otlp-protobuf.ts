import { BinaryWriter, WireType } from '@protobuf-ts/runtime';

/** The OTLP/JSON shape the encoder reads (what decodeOtlpProtobuf returns, fields optional). */
export type OtlpJsonAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values: OtlpJsonAnyValue[] };
  kvlistValue?: { values: OtlpJsonKeyValue[] };
  bytesValue?: string;
};
export type OtlpJsonKeyValue = { key: string; value?: OtlpJsonAnyValue };
export type OtlpJsonSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpJsonKeyValue[];
  events?: { timeUnixNano: string | number; name: string; attributes?: OtlpJsonKeyValue[] }[];
  status?: { code?: number; message?: string };
};
export type OtlpJsonRequest = {
  resourceSpans: {
    resource?: { attributes?: OtlpJsonKeyValue[] };
    scopeSpans: { scope?: { name?: string; version?: string }; spans: OtlpJsonSpan[] }[];
  }[];
};

const LEN = WireType.LengthDelimited;

/**
 * Encodes an OTLP/JSON ExportTraceServiceRequest (camelCase, hex ids, int64 as decimal strings or
 * numbers, bytes as base64) as OTLP/protobuf, for test and bench bodies. It writes the fields the
 * ingest decoder reads (field numbers as in proto/opentelemetry), with the protobuf wire writer.
 */
export function encodeOtlpProtobuf(request: OtlpJsonRequest): Uint8Array {
  const w = new BinaryWriter();
  for (const rs of request.resourceSpans) {
    message(w, 1, () => {
      if (rs.resource) {
        message(w, 1, () => keyValues(w, 1, rs.resource?.attributes));
      }
      for (const ss of rs.scopeSpans) {
        message(w, 2, () => {
          if (ss.scope) {
            message(w, 1, () => {
              w.tag(1, LEN).string(ss.scope?.name ?? '');
              w.tag(2, LEN).string(ss.scope?.version ?? '');
            });
          }
          for (const span of ss.spans) {
            message(w, 2, () => writeSpan(w, span));
          }
        });
      }
    });
  }
  return w.finish();
}

/** A length-delimited sub-message at field `no`, whose fields `body` writes. */
function message(w: BinaryWriter, no: number, body: () => void): void {
  w.tag(no, LEN).fork();
  body();
  w.join();
}

function writeSpan(w: BinaryWriter, span: OtlpJsonSpan): void {
  w.tag(1, LEN).bytes(fromHex(span.traceId));
  w.tag(2, LEN).bytes(fromHex(span.spanId));
  if (span.parentSpanId) {
    w.tag(4, LEN).bytes(fromHex(span.parentSpanId));
  }
  w.tag(5, LEN).string(span.name);
  w.tag(6, WireType.Varint).int32(span.kind ?? 0);
  w.tag(7, WireType.Bit64).fixed64(span.startTimeUnixNano);
  w.tag(8, WireType.Bit64).fixed64(span.endTimeUnixNano);
  keyValues(w, 9, span.attributes);
  for (const event of span.events ?? []) {
    message(w, 11, () => {
      w.tag(1, WireType.Bit64).fixed64(event.timeUnixNano);
      w.tag(2, LEN).string(event.name);
      keyValues(w, 3, event.attributes);
    });
  }
  const status = span.status;
  if (status) {
    message(w, 15, () => {
      w.tag(2, LEN).string(status.message ?? '');
      w.tag(3, WireType.Varint).int32(status.code ?? 0);
    });
  }
}

function keyValues(w: BinaryWriter, no: number, kvs: OtlpJsonKeyValue[] | undefined): void {
  for (const kv of kvs ?? []) {
    message(w, no, () => {
      w.tag(1, LEN).string(kv.key);
      if (kv.value) {
        message(w, 2, () => anyValue(w, kv.value as OtlpJsonAnyValue));
      }
    });
  }
}

function anyValue(w: BinaryWriter, v: OtlpJsonAnyValue): void {
  if (v.stringValue !== undefined) {
    w.tag(1, LEN).string(v.stringValue);
  } else if (v.boolValue !== undefined) {
    w.tag(2, WireType.Varint).bool(v.boolValue);
  } else if (v.intValue !== undefined) {
    w.tag(3, WireType.Varint).int64(v.intValue);
  } else if (v.doubleValue !== undefined) {
    w.tag(4, WireType.Bit64).double(v.doubleValue);
  } else if (v.arrayValue) {
    const values = v.arrayValue.values;
    message(w, 5, () => {
      for (const item of values) {
        message(w, 1, () => anyValue(w, item));
      }
    });
  } else if (v.kvlistValue) {
    const values = v.kvlistValue.values;
    message(w, 6, () => keyValues(w, 1, values));
  } else if (v.bytesValue !== undefined) {
    w.tag(7, LEN).bytes(Uint8Array.from(atob(v.bytesValue), (c) => c.charCodeAt(0)));
  }
}

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) =>
    Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16),
  );
}
