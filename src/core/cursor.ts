import { AppError } from './errors';
import { fromBase64, toBase64Url } from './web-crypto';

/** A keyset position for lists ordered by (time desc, id desc): the last row's time (ms) and id. */
export type Cursor = { at: number; id: string };

/** Opaque to clients: base64url of `[at, id]`, safe in a query string without escaping. */
export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify([cursor.at, cursor.id])));
}

/**
 * Decodes a cursor from a client (base64url, or standard base64 as older servers sent it);
 * anything malformed answers VALIDATION, never a 500.
 */
export function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(fromBase64(value)),
    );
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Number.isSafeInteger(parsed[0]) &&
      typeof parsed[1] === 'string' &&
      parsed[1].length > 0 &&
      parsed[1].length <= 100
    ) {
      return { at: parsed[0] as number, id: parsed[1] };
    }
  } catch {
    // fall through to the validation error
  }
  throw new AppError('VALIDATION', 'invalid cursor', {
    details: { issues: [{ path: 'cursor', message: 'invalid cursor', code: 'custom' }] },
  });
}
