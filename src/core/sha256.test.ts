import { describe, expect, it } from 'vitest';
import { sha256HexSync } from './sha256';
import { sha256Hex } from './web-crypto';

describe('sha256HexSync', () => {
  it('matches the published test vectors', () => {
    expect(sha256HexSync('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256HexSync('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256HexSync('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('equals Web Crypto for every length across the padding boundaries and for UTF-8', async () => {
    const texts = Array.from({ length: 300 }, (_, n) =>
      Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7 + n) % 90))).join(''),
    );
    texts.push('sk-if-é漢字🙂', `sk-if-${'x'.repeat(4_000)}`);
    for (const text of texts) {
      expect(sha256HexSync(text), `length ${text.length}`).toBe(await sha256Hex(text));
    }
  });
});
