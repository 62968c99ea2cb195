import { describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { assertMaxDepth, decodeUtf8, parseJsonStrict, truncateStrings } from './ingest-limits';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : e;
  }
};

describe('ingest limits', () => {
  it('cuts over-long strings anywhere in a value with a marker saying how much was cut', () => {
    const out = truncateStrings({ a: ['x'.repeat(20)], b: 1, c: 'short' }, 10);
    expect(out).toEqual({
      a: ['xxxxxxxxxx…[truncated by iofold: 10 more chars]'],
      b: 1,
      c: 'short',
    });
  });

  it('keeps a key named __proto__ when it copies a value to cut its strings', () => {
    const out = truncateStrings(JSON.parse('{"__proto__":{"t":"xxxxxxxxxxxx"},"b":1}'), 10);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe(
      '{"__proto__":{"t":"xxxxxxxxxx…[truncated by iofold: 2 more chars]"},"b":1}',
    );
  });

  it('rejects JSON nested past the depth limit without overflowing the stack', () => {
    expect(codeOf(() => assertMaxDepth(JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`)))).toBe(
      'VALIDATION',
    );
    expect(codeOf(() => assertMaxDepth({ a: { b: [1] } }, 3))).toBeNull();
    expect(codeOf(() => assertMaxDepth({ a: { b: [[1]] } }, 3))).toBe('VALIDATION');
  });

  it('rejects invalid UTF-8 instead of replacing it', () => {
    expect(codeOf(() => decodeUtf8(new Uint8Array([0x61, 0xc3, 0x28])))).toBe('VALIDATION');
    expect(decodeUtf8(new TextEncoder().encode('héllo'))).toBe('héllo');
  });

  it('maps JSON syntax errors to VALIDATION', () => {
    expect(codeOf(() => parseJsonStrict('{"a":'))).toBe('VALIDATION');
  });
});
