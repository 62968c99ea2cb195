import { canonicalJson } from '@/core/canonical-json';
import type { LlmRequest } from '@/core/ports/llm-provider';
import { sha256Hex } from '@/core/web-crypto';

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
