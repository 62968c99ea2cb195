import { describe, expect, it } from 'vitest';
import { COMPRESS_FROM_BYTES, compressJson, decompressJson } from './compressed-json';

describe('compressJson', () => {
  it('keeps a value under the threshold as it is', async () => {
    const value = { note: 'short' };
    expect(await compressJson(value)).toBe(value);
  });

  it('deflates a large value and reads it back equal', async () => {
    const value = {
      messages: Array.from({ length: 50 }, (_, i) => ({ i, text: 'refund '.repeat(20) })),
    };
    const stored = await compressJson(value);
    expect(stored).toBeInstanceOf(Uint8Array);
    expect((stored as Uint8Array).length).toBeLessThan(JSON.stringify(value).length / 5);
    expect(await decompressJson(stored)).toEqual(value);
  });

  it('counts bytes, not characters, against the threshold', async () => {
    const value = 'é'.repeat(COMPRESS_FROM_BYTES / 2 + 1);
    expect(await compressJson(value)).toBeInstanceOf(Uint8Array);
  });
});
