import { hc } from 'hono/client';
import type { AppType } from './app';

export type ApiClientOptions = {
  /** A workspace secret key (`sk-if-…`); omit in the browser, where the session cookie is sent. */
  secretKey?: string;
  /** The dashboard's CSRF token (from login or `GET /v1/auth/session`), sent on every request. */
  csrfToken?: string;
  /** Custom fetch, e.g. `app.request` in tests. */
  fetch?: typeof fetch;
};

/**
 * The typed client the dashboard and CLI use: `client.v1.me.$get()`,
 * `client.v1['api-keys'].$post({ json: { name } })`. Types come from the Hono app (`AppType`).
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}) {
  const headers: Record<string, string> = {};
  if (options.secretKey) {
    headers.authorization = `Bearer ${options.secretKey}`;
  }
  if (options.csrfToken) {
    headers['x-csrf-token'] = options.csrfToken;
  }
  return hc<AppType>(baseUrl, {
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    init: { credentials: 'include' },
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
