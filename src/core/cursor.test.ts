import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';
import { isAppError } from './errors';

const codeOf = (value: string) => {
  try {
    decodeCursor(value);
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
};

describe('keyset cursors', () => {
  it('round-trips any id as URL-safe text', () => {
    for (const id of ['tr_abc', 'ä/+?&=', '??>>~~~', 'x'.repeat(100)]) {
      const text = encodeCursor({ at: 1_700_000_000_123, id });
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(text)).toEqual({ at: 1_700_000_000_123, id });
    }
  });

  it('still reads cursors written as standard base64', () => {
    const old = btoa(JSON.stringify([5, '??>>~~'])).replace(/=+$/, '');
    expect(old).toMatch(/[+/]/);
    expect(decodeCursor(old)).toEqual({ at: 5, id: '??>>~~' });
  });

  it('answers VALIDATION for anything malformed', () => {
    for (const bad of [
      'nope',
      '%%%',
      'WzEsMl0',
      'eyJhIjoxfQ',
      encodeCursor({ at: 1.5, id: 'x' }),
      encodeCursor({ at: 1, id: '' }),
    ]) {
      expect(codeOf(bad), bad).toBe('VALIDATION');
    }
  });
});
