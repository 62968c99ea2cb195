import { AppError } from '@/core/errors';
import type { Secrets } from '@/core/ports/secrets';
import { fromBase64, randomBytes, toBase64Url } from './web-crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM with a random 96-bit IV per value: `v1.<iv>.<ciphertext+tag>` (base64url).
 * `keyBytes` must be 32 bytes; see `parseSecretKey`.
 */
export function createAesGcmSecrets(keyBytes: Uint8Array): Secrets {
  if (keyBytes.length !== 32) {
    throw new AppError('VALIDATION', 'the secret key must be 32 bytes');
  }
  const key = crypto.subtle.importKey('raw', new Uint8Array(keyBytes), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
  return {
    async encrypt(plaintext) {
      const iv = randomBytes(12);
      const data = new TextEncoder().encode(plaintext);
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key, data);
      return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
    },
    async decrypt(ciphertext) {
      const [version, iv, sealed] = ciphertext.split('.');
      if (version !== VERSION || !iv || !sealed) {
        throw new AppError('INTERNAL', 'unrecognised secret ciphertext format');
      }
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64(iv) },
          await key,
          fromBase64(sealed),
        );
        return new TextDecoder().decode(plain);
      } catch (cause) {
        throw new AppError('INTERNAL', 'a stored secret could not be decrypted (wrong key?)', {
          cause,
        });
      }
    },
  };
}

/** Accepts a 32-byte key as base64/base64url (44/43 chars) or 64 hex chars. */
export function parseSecretKey(text: string): Uint8Array<ArrayBuffer> {
  const trimmed = text.trim();
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  try {
    bytes = /^[0-9a-f]{64}$/i.test(trimmed)
      ? Uint8Array.from(trimmed.match(/../g) ?? [], (h) => Number.parseInt(h, 16))
      : fromBase64(trimmed);
  } catch {
    bytes = undefined;
  }
  if (bytes?.length !== 32) {
    throw new AppError(
      'VALIDATION',
      'IOFOLD_SECRET_KEY must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)',
    );
  }
  return bytes;
}
