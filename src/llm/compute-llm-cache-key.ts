import type { LlmRequest } from '@/core/ports/llm-provider';
import { sha256Hex } from '@/core/web-crypto';

/** JSON with object keys sorted and undefined dropped, so equal requests serialise equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Cache key: hex sha256 of the canonical prompt (system + messages), the model and the sampling
 * parameters. The deadline is not part of it: it does not change the answer.
 */
export async function computeLlmCacheKey(request: LlmRequest, model: string): Promise<string> {
  const canonical = canonicalJson({
    v: 1,
    model,
    system: request.system,
    messages: request.messages,
    params: { temperature: request.temperature, maxOutputTokens: request.maxOutputTokens },
  });
  return sha256Hex(canonical);
}
