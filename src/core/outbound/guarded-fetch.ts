import { AppError } from '@/core/errors';
import { type AddressPolicy, ipBytes, refusedAddress } from './address-policy';

/** Resolves a host name to every address it has (the Node host uses DNS; absent: names are not resolved). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const MAX_REDIRECTS = 5;
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'cookie', 'proxy-authorization'];
const LOCAL_NAMES = /^(localhost|.*\.localhost|metadata\.google\.internal|metadata)$/i;

async function assertReachable(url: URL, policy: AddressPolicy, resolve?: ResolveHost) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('VALIDATION', `only http and https URLs may be called, not ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipBytes(host)
    ? [host]
    : resolve
      ? await resolve(host)
      : LOCAL_NAMES.test(host) && !policy.allowAll
        ? ['127.0.0.1']
        : [];
  for (const address of addresses) {
    const refused = refusedAddress(address, policy);
    if (refused) {
      throw new AppError('FORBIDDEN', `refused to call ${url.origin}: ${refused}`, {
        details: { host, address },
      });
    }
  }
}

/**
 * `fetch` for requests to addresses a workspace member chose (integration base URLs, model
 * providers): refuses loopback, private, link-local and metadata addresses, after DNS resolution
 * and again on every redirect (followed here, at most 5, credentials dropped across origins),
 * unless the policy allows them.
 */
export function createGuardedFetch(options: {
  policy: AddressPolicy;
  resolve?: ResolveHost;
  fetch?: typeof fetch;
}): typeof fetch {
  const base = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return async (input, init) => {
    let request = new Request(input, init);
    for (let hop = 0; ; hop++) {
      const url = new URL(request.url);
      await assertReachable(url, options.policy, options.resolve);
      const response = await base(request, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return response;
      }
      if (hop >= MAX_REDIRECTS) {
        throw new AppError(
          'UNAVAILABLE',
          `more than ${MAX_REDIRECTS} redirects from ${url.origin}`,
        );
      }
      await response.body?.cancel();
      const next = new URL(location, url);
      const headers = new Headers(request.headers);
      if (next.origin !== url.origin) {
        for (const name of CREDENTIAL_HEADERS) {
          headers.delete(name);
        }
      }
      const keepsBody = response.status === 307 || response.status === 308;
      request = new Request(next, {
        method: keepsBody ? request.method : request.method === 'HEAD' ? 'HEAD' : 'GET',
        headers,
        body: keepsBody && request.body ? await request.arrayBuffer() : undefined,
        signal: request.signal,
      });
    }
  };
}
