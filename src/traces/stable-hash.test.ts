import { describe, expect, it } from 'vitest';
import { cyrb53Lanes, stableHash } from './stable-hash';

/** The first implementation's hex (Number#toString(16) of each lane): stored ids were made with it. */
function reference(text: string): string {
  const lane = (seed: number) => {
    const { h1, h2 } = cyrb53Lanes(text, seed);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
  };
  return lane(0x9e3779b9) + lane(0x85ebca6b);
}

describe('stableHash', () => {
  it('keeps the ids stored rows were keyed with', () => {
    expect(stableHash('')).toBe('10c329583afc3b0dc0cfa5aed872');
    expect(stableHash('a')).toBe('0432341afdfcd80f4393162ace46');
    expect(stableHash('ws_1\u0000otlp\u0000abc')).toBe('06c278a64ba85812287f232dac5a');
    expect(stableHash('café ☕ 𝄞')).toBe('1e3951fb9508cd0612a70a7e4287');
  });

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
