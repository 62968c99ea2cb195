import { describe, expect, it } from 'vitest';
import { createAesGcmSecrets, parseSecretKey } from './aes-gcm-secrets';
import { isAppError } from './errors';

const key = () => crypto.getRandomValues(new Uint8Array(32));

describe('AES-256-GCM secrets', () => {
  it('round-trips and never contains the plaintext in the ciphertext', async () => {
    const secrets = createAesGcmSecrets(key());
    const sealed = await secrets.encrypt('sk-live-supersecret');
    expect(sealed).not.toContain('supersecret');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(await secrets.decrypt(sealed)).toBe('sk-live-supersecret');
    expect(await secrets.encrypt('sk-live-supersecret')).not.toBe(sealed);
  });

  it('refuses to decrypt under another key or after tampering', async () => {
    const sealed = await createAesGcmSecrets(key()).encrypt('x');
    await expect(createAesGcmSecrets(key()).decrypt(sealed)).rejects.toSatisfy(isAppError);
    const secrets = createAesGcmSecrets(key());
    const good = await secrets.encrypt('hello');
    const tampered = `${good.slice(0, -2)}${good.endsWith('A') ? 'B' : 'A'}A`;
    await expect(secrets.decrypt(tampered)).rejects.toSatisfy(isAppError);
  });

  it('parses hex and base64 keys of 32 bytes only', () => {
    expect(parseSecretKey('ab'.repeat(32))).toHaveLength(32);
    expect(parseSecretKey(btoa(String.fromCharCode(...key())))).toHaveLength(32);
    expect(() => parseSecretKey('short')).toThrow(/32 bytes/);
  });
});
