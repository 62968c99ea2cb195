import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zlibDeflate } from './zlib-deflate.node.js';

/** Bytes that compress poorly (a 32-bit xorshift): their deflated form outgrows one output chunk. */
function noise(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 255;
  }
  return bytes;
}

const text = (s: string) => new TextEncoder().encode(s);

describe('zlibDeflate', () => {
  it('answers the bytes deflateSync answers, value after value, whatever their size', () => {
    const values = [
      text('{"messages":[{"role":"user","content":"change my flight"}]}'.repeat(40)),
      new Uint8Array(0),
      noise(70_000, 7),
      text('é'.repeat(3_000)),
      noise(16 * 1024, 11),
      text('x'),
      text('{"messages":[{"role":"user","content":"change my flight"}]}'.repeat(40)),
    ];
    for (const value of values) {
      const deflated = zlibDeflate.deflate(value) as Uint8Array;
      expect(Buffer.from(deflated).equals(deflateSync(value))).toBe(true);
      expect(Buffer.from(inflateSync(deflated)).equals(Buffer.from(value))).toBe(true);
    }
  });

  it('answers each value in an ArrayBuffer of its own, exactly its size', () => {
    for (const value of [text('{"a":"b"}'.repeat(200)), noise(40_000, 5)]) {
      const deflated = zlibDeflate.deflate(value) as Uint8Array;
      expect(deflated.byteOffset).toBe(0);
      expect(deflated.buffer.byteLength).toBe(deflated.byteLength);
    }
  });

  it('answers values that stay intact after later calls', () => {
    const first = zlibDeflate.deflate(text('first value '.repeat(100))) as Uint8Array;
    const copy = Buffer.from(first);
    zlibDeflate.deflate(noise(40_000, 3));
    expect(Buffer.from(first).equals(copy)).toBe(true);
  });
});
