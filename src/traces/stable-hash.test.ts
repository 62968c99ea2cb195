import { describe, expect, it } from 'vitest';
import { stableHash } from './stable-hash';

/** The first implementation (Number#toString(16) of each lane): stored ids were made with it. */
function reference(text: string): string {
  const lane = (seed: number) => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
  };
  return lane(0x9e3779b9) + lane(0x85ebca6b);
}

describe('stableHash', () => {
  it('gives the same ids as the first implementation, so stored rows keep their keys', () => {
    const inputs = ['', 'a', 'ws_1\u0000otlp\u0000abc', 'café ☕ 𝄞', 'x'.repeat(1000)];
    for (let i = 0; i < 5000; i++) {
      inputs.push(`tr_${i.toString(36)}\u0000${(i * 7919).toString(16)}`);
    }
    for (const text of inputs) {
      expect(stableHash(text)).toBe(reference(text));
    }
    expect(stableHash('a')).toMatch(/^[0-9a-f]{28}$/);
  });
});
