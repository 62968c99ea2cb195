import type { Integration } from '@/db/schema';

export type Probe = { url: string; headers: Record<string, string> };

const trim = (url: string) => url.replace(/\/+$/, '');

/** The cheapest authenticated read each platform offers, used to test a connection. */
export function connectionProbe(
  row: Pick<Integration, 'kind' | 'baseUrl' | 'config'>,
  secret: string | null,
): Probe {
  const base = trim(row.baseUrl ?? '');
  const bearer: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {};
  switch (row.kind) {
    case 'langfuse': {
      const publicKey = typeof row.config.publicKey === 'string' ? row.config.publicKey : '';
      return {
        url: `${base}/api/public/projects`,
        headers: { authorization: `Basic ${btoa(`${publicKey}:${secret ?? ''}`)}` },
      };
    }
    case 'langsmith':
      return {
        url: `${base}/api/v1/sessions?limit=1`,
        headers: secret ? { 'x-api-key': secret } : {},
      };
    case 'phoenix':
      return { url: `${base}/v1/projects`, headers: bearer };
    case 'openai':
      return { url: `${base}/models`, headers: bearer };
    case 'anthropic':
      return {
        url: `${base.replace(/\/v1$/, '')}/v1/models`,
        headers: { ...(secret ? { 'x-api-key': secret } : {}), 'anthropic-version': '2023-06-01' },
      };
  }
}
