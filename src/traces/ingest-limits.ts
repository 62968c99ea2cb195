import { concatBytes } from '@/core/concat-bytes';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { setOwn } from '@/core/own-keys';

/** Limits on what one ingest request or import record may carry. */
export const INGEST_LIMITS = {
  /** Request bodies, compressed or not (413 past this). */
  maxBodyBytes: 20 * 1024 * 1024,
  /** Decompressed bodies (gzip bombs stop here). */
  maxDecompressedBytes: 64 * 1024 * 1024,
  /** Any one string value (attribute, input, output, message content); longer ones are cut with a marker. */
  maxValueChars: 64 * 1024,
  /** JSON nesting depth of a body or record. */
  maxDepth: 64,
  maxSpansPerRequest: 50_000,
  maxEventsPerBatch: 10_000,
} as const;

/** The limits of one request on this host: the defaults, lowered where the host set its own. */
export function requestLimitsOf(ctx: Pick<Deps, 'ingestLimits'>) {
  return { ...INGEST_LIMITS, ...ctx.ingestLimits };
}

/**
 * A limit no retry can pass (413 over HTTP): exporters retry 429 by spec and would resend the
 * same request for ever.
 */
export function tooLargeError(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('LIMIT_EXCEEDED', message, { details: { ...details, tooLarge: true } });
}

const TRUNCATION_MARKER = '…[truncated by iofold: ';

function truncateString(text: string, max: number = INGEST_LIMITS.maxValueChars): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}${TRUNCATION_MARKER}${text.length - max} more chars]`;
}

/**
 * A JSON-like value with every over-long string cut (with a marker): a copy when something was
 * cut, the value itself when nothing needed it (the common case, so no allocation).
 */
export function truncateStrings<T>(value: T, max: number = INGEST_LIMITS.maxValueChars): T {
  return hasLongString(value, max) ? copyTruncated(value, max) : value;
}

function hasLongString(value: unknown, max: number): boolean {
  if (typeof value === 'string') {
    return value.length > max;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      if (hasLongString(v, max)) {
        return true;
      }
    }
    return false;
  }
  if (typeof value === 'object' && value !== null) {
    for (const key in value) {
      if (hasLongString((value as Record<string, unknown>)[key], max)) {
        return true;
      }
    }
  }
  return false;
}

function copyTruncated<T>(value: T, max: number): T {
  if (typeof value === 'string') {
    return truncateString(value, max) as T;
  }
  if (Array.isArray(value)) {
    return value.map((v) => copyTruncated(v, max)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      setOwn(out, k, copyTruncated(v, max));
    }
    return out as T;
  }
  return value;
}

type WellFormed = { isWellFormed(): boolean };
const wellFormed = (text: string) => (text as unknown as WellFormed).isWellFormed();

/**
 * Throws VALIDATION when a parsed JSON value nests deeper than the limit, or holds a string (or
 * key) with a lone UTF-16 surrogate (`"\ud800"` parses, but is no text: storage would corrupt it).
 */
export function assertMaxDepth(value: unknown, max: number = INGEST_LIMITS.maxDepth): void {
  if (typeof value === 'object' && value !== null) {
    checkDepth(value, 1, max);
  } else if (typeof value === 'string') {
    checkText(value);
  }
}

function checkText(text: string): void {
  if (!wellFormed(text)) {
    throw new AppError(
      'VALIDATION',
      'JSON holds a string with an unpaired UTF-16 surrogate (\\ud800-\\udfff)',
    );
  }
}

function checkDepth(value: object, depth: number, max: number): void {
  if (depth > max) {
    throw new AppError('VALIDATION', `JSON nests deeper than ${max} levels`, {
      details: { maxDepth: max },
    });
  }
  if (Array.isArray(value)) {
    for (const child of value) {
      if (typeof child === 'object' && child !== null) {
        checkDepth(child, depth + 1, max);
      } else if (typeof child === 'string') {
        checkText(child);
      }
    }
    return;
  }
  for (const key in value) {
    checkText(key);
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) {
      checkDepth(child, depth + 1, max);
    } else if (typeof child === 'string') {
      checkText(child);
    }
  }
}

/** Strict UTF-8 decoding: invalid byte sequences are a VALIDATION error, never silently replaced. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new AppError('VALIDATION', 'body is not valid UTF-8', { cause });
  }
}

/** Parses JSON text, mapping syntax errors and excessive nesting to VALIDATION. */
export function parseJsonStrict(text: string, what = 'body'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AppError('VALIDATION', `${what} is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  assertMaxDepth(value);
  return value;
}

/** Gunzips with the web-standard DecompressionStream, stopping at the decompressed-size limit. */
export async function gunzip(
  bytes: Uint8Array,
  maxBytes: number = INGEST_LIMITS.maxDecompressedBytes,
): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLargeError(`decompressed body exceeds ${maxBytes} bytes`, { maxBytes });
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof AppError) {
      throw cause;
    }
    throw new AppError('VALIDATION', 'body is not valid gzip', { cause });
  }
  return concatBytes(chunks);
}
