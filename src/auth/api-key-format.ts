import { randomToken, sha256Hex } from '@/core/web-crypto';

const PUBLIC_KEY_PREFIX = 'pk-if-';
const SECRET_KEY_PREFIX = 'sk-if-';

export type ApiKeyMaterial = {
  publicKey: string;
  secret: string;
  secretHash: string;
  secretHint: string;
};

/** A fresh key pair: the secret carries 256 random bits, so SHA-256 of it is a safe stored hash. */
export async function newApiKeyMaterial(): Promise<ApiKeyMaterial> {
  const publicKey = `${PUBLIC_KEY_PREFIX}${randomToken(12)}`;
  const secret = `${SECRET_KEY_PREFIX}${randomToken(32)}`;
  return {
    publicKey,
    secret,
    secretHash: await sha256Hex(secret),
    secretHint: maskSecret(secret),
  };
}

/** The masked form shown to people: prefix and last four characters. */
function maskSecret(secret: string): string {
  const prefix = secret.startsWith(SECRET_KEY_PREFIX) ? SECRET_KEY_PREFIX : secret.slice(0, 3);
  return `${prefix}…${secret.slice(-4)}`;
}

export type KeyCredentials = { secret: string; publicKey?: string };

/**
 * Reads `Authorization: Bearer <secret>` or `Authorization: Basic base64(publicKey:secret)`
 * (the Langfuse SDK form). Returns null for anything else.
 */
export function parseAuthorization(header: string | undefined): KeyCredentials | null {
  if (!header) {
    return null;
  }
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) {
    return null;
  }
  if (scheme.toLowerCase() === 'bearer') {
    return { secret: value };
  }
  if (scheme.toLowerCase() === 'basic') {
    let decoded: string;
    try {
      decoded = atob(value);
    } catch {
      return null;
    }
    const colon = decoded.indexOf(':');
    if (colon < 1) {
      return null;
    }
    return { publicKey: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  return null;
}
