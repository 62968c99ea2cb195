import { AppError } from '@/core/errors';
import {
  decodeUtf8,
  gunzip,
  INGEST_LIMITS,
  parseJsonStrict,
  tooLargeError,
} from '../../ingest-limits';
import type { NormalisedTrace } from '../../normalised-trace';
import { decodeOtlpProtobuf } from './decode-otlp-protobuf';
import { parseOtlpTraces } from './parse-otlp-traces';

export type OtlpBodyFormat = 'json' | 'protobuf';

export function otlpFormatOf(contentType: string | null | undefined): OtlpBodyFormat {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type === '') {
    return 'json';
  }
  if (type === 'application/x-protobuf' || type === 'application/protobuf') {
    return 'protobuf';
  }
  throw new AppError(
    'VALIDATION',
    `unsupported content type ${type}: send application/json or application/x-protobuf`,
    {
      details: { contentType: type },
    },
  );
}

/** An OTLP/HTTP request body (JSON or protobuf, gzip or identity) as normalised traces. */
export async function parseOtlpBody(
  body: Uint8Array,
  headers: { contentType?: string | null; contentEncoding?: string | null },
  limits: { maxBodyBytes: number; maxSpansPerRequest: number } = INGEST_LIMITS,
): Promise<NormalisedTrace[]> {
  if (body.byteLength > limits.maxBodyBytes) {
    throw tooLargeError(`body exceeds ${limits.maxBodyBytes} bytes`, {
      maxBytes: limits.maxBodyBytes,
    });
  }
  const format = otlpFormatOf(headers.contentType);
  const encoding = (headers.contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== '') {
    throw new AppError('VALIDATION', `unsupported content encoding ${encoding}: send gzip or none`);
  }
  const bytes = encoding === 'gzip' ? await gunzip(body) : body;
  const options = { idEncoding: 'hex', maxSpans: limits.maxSpansPerRequest } as const;
  if (format === 'protobuf') {
    return parseOtlpTraces(decodeOtlpProtobuf(bytes), options);
  }
  return parseOtlpTraces(parseJsonStrict(decodeUtf8(bytes)), options);
}
