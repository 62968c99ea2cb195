/** A fast, deterministic, non-cryptographic 106-bit hash (two cyrb53 lanes) as hex. Sync and web-safe. */
export function stableHash(text: string): string {
  return cyrb53Hex(text, 0x9e3779b9) + cyrb53Hex(text, 0x85ebca6b);
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** cyrb53's two 32-bit lanes; the 53-bit value is `2^32 * (h2 & 0x1fffff) + (h1 >>> 0)`. */
export function cyrb53Lanes(text: string, seed: number): { h1: number; h2: number } {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { h1, h2 };
}

/** The 53-bit cyrb53 value as 14 hex digits, built from bytes: Number#toString(16) of it was most of the cost. */
function cyrb53Hex(text: string, seed: number): string {
  const { h1, h2 } = cyrb53Lanes(text, seed);
  const hi = 2097151 & h2;
  return (
    (BYTE_HEX[hi >>> 16] as string) +
    BYTE_HEX[(hi >>> 8) & 255] +
    BYTE_HEX[hi & 255] +
    BYTE_HEX[h1 >>> 24] +
    BYTE_HEX[(h1 >>> 16) & 255] +
    BYTE_HEX[(h1 >>> 8) & 255] +
    BYTE_HEX[h1 & 255]
  );
}
