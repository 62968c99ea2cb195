import { AppError } from '@/core/errors';
import { fromBase64, toBase64Url } from '@/core/web-crypto';

/** Keyset position in a newest-first list: the last row's `(startedAt, id)`. */
export type TraceCursor = { startedAt: number; id: string };

export function encodeTraceCursor(cursor: TraceCursor): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify([cursor.startedAt, cursor.id])));
}

/** Parses a cursor from a client; anything malformed is a 400 VALIDATION, never a 500. */
export function decodeTraceCursor(text: string): TraceCursor {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(fromBase64(text)));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length > 0 &&
      value[1].length <= 100
    ) {
      return { startedAt: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION', 'invalid cursor', {
    details: { issues: [{ path: 'cursor', message: 'invalid cursor', code: 'custom' }] },
  });
}
