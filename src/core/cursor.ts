import { AppError } from './errors';

/** A keyset position for lists ordered by (time desc, id desc). Opaque to clients. */
export type Cursor = { at: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.at, cursor.id])).replace(/=+$/, '');
}

/** Decodes a cursor from a client; anything malformed answers VALIDATION, never a 500. */
export function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(atob(value));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Number.isFinite(parsed[0]) &&
      typeof parsed[1] === 'string'
    ) {
      return { at: parsed[0] as number, id: parsed[1] };
    }
  } catch {
    // fall through to the validation error
  }
  throw new AppError('VALIDATION', 'invalid cursor', { details: { cursor: value } });
}
