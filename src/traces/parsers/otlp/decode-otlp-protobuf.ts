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
    const message = type.decode(asNodeBuffer(body));
    return type.toObject(message, { longs: String, bytes: String, defaults: false });
  } catch (cause) {
    throw new AppError('VALIDATION', `invalid OTLP protobuf body: ${(cause as Error).message}`, {
      cause,
    });
  }
}

type BufferClass = { from(buffer: ArrayBufferLike, offset: number, length: number): Uint8Array };

/**
 * On Node, a Buffer view of the same bytes: protobufjs then decodes strings natively (measured
 * 3.5x faster on OTLP requests than its JS UTF-8 reader). Elsewhere (the Worker) the bytes as they are.
 */
function asNodeBuffer(body: Uint8Array): Uint8Array {
  const NodeBuffer = (globalThis as { Buffer?: BufferClass }).Buffer;
  return NodeBuffer ? NodeBuffer.from(body.buffer, body.byteOffset, body.byteLength) : body;
}
