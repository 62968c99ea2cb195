import protobuf from 'protobufjs/light.js';
import { AppError } from '@/core/errors';
import { OTLP_TRACE_DESCRIPTOR } from './otlp-trace-descriptor';

let requestType: protobuf.Type | null = null;

function exportRequestType(): protobuf.Type {
  requestType ??= protobuf.Root.fromJSON(
    OTLP_TRACE_DESCRIPTOR as unknown as protobuf.INamespace,
  ).lookupType('otlp.ExportTraceServiceRequest');
  return requestType;
}

/**
 * Decodes an OTLP/protobuf ExportTraceServiceRequest into the OTLP/JSON object shape (camelCase,
 * int64 as decimal strings). Ids stay base64 here; the OTLP mapper accepts hex or base64.
 */
export function decodeOtlpProtobuf(body: Uint8Array): unknown {
  const type = exportRequestType();
  try {
    const message = type.decode(body);
    return type.toObject(message, { longs: String, bytes: String, defaults: false });
  } catch (cause) {
    throw new AppError('VALIDATION', `invalid OTLP protobuf body: ${(cause as Error).message}`, {
      cause,
    });
  }
}
