import { describe, expect, it } from 'vitest';
import {
  COMPRESS_FROM_BYTES,
  compressJson,
  decompressJson,
  setDeflate,
  webDeflate,
} from './compressed-json';
import { zlibDeflate } from './zlib-deflate.node.js';

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

  it('reads what the Node host zlib wrote with the web streams, and the other way round', async () => {
    const value = { text: 'the same format on both hosts '.repeat(80) };
    const nodeDb = setDeflate({}, zlibDeflate);
    const byNode = await compressJson(value, { db: nodeDb });
    const byWeb = await compressJson(value);
    expect(await decompressJson(byNode)).toEqual(value);
    expect(await decompressJson(byWeb, nodeDb)).toEqual(value);
    const text = async (bytes: Uint8Array | Promise<Uint8Array>) =>
      new TextDecoder().decode(await bytes);
    expect(await text(webDeflate.inflate(byNode as Uint8Array))).toBe(
      await text(zlibDeflate.inflate(byWeb as Uint8Array)),
    );
  });
});
