/** The header carrying a webhook agent task's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'iofold-signature';

/** How far a signature's timestamp may be from the receiver's clock (seconds). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The signature header value for a body sent at `timestamp` (unix seconds): HMAC over `<t>.<body>`. */
export async function signWebhookBody(secret: string, timestamp: number, body: string) {
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/**
 * Whether a signature header is valid for the body and fresh (within the tolerance of `now`,
 * unix seconds): what a receiver checks before trusting a task. Compares in constant time.
 */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null,
  body: string,
  now: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<boolean> {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]),
  );
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > toleranceSeconds || !parts.v1) {
    return false;
  }
  const expected = await hmacHex(secret, `${timestamp}.${body}`);
  if (expected.length !== parts.v1.length) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    diff |= expected.charCodeAt(i) ^ parts.v1.charCodeAt(i);
  }
  return diff === 0;
}
