import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Hex SHA-256 of UTF-8 text, computed without leaving the thread (the audited `@noble/hashes`):
 * Web Crypto's digest is asynchronous (on Node it runs on the libuv thread pool), and under load
 * waiting for a pool thread cost more than hashing a credential. For the short secrets
 * authentication hashes on every request; `sha256Hex` stays the way to hash anything large.
 */
export function sha256HexSync(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
