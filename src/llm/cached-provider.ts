import type { LlmProvider, LlmResult } from '@/core/ports/llm-provider';
import { computeLlmCacheKey } from './compute-llm-cache-key';
import type { LlmCache } from './llm-cache';

/**
 * Wraps a provider with a response cache: a hit answers `cached: true` at no cost, a successful
 * miss is stored. Failures are never cached. A broken cache degrades to calling the provider.
 */
export function cachedProvider(
  provider: LlmProvider,
  cache: LlmCache,
  options: { now?: () => Date; onCacheError?: (error: unknown) => void } = {},
): LlmProvider {
  const now = options.now ?? (() => new Date());
  const report = (error: unknown) => {
    options.onCacheError?.(error);
    return null;
  };
  return {
    id: provider.id,
    model: provider.model,
    async complete(request, callOptions): Promise<LlmResult> {
      const started = Date.now();
      const key = await computeLlmCacheKey(request, request.model ?? provider.model);
      const hit = await cache.get(key).catch(report);
      if (hit) {
        return {
          ok: true,
          text: hit.text,
          model: hit.model,
          usage: hit.usage,
          latencyMs: Date.now() - started,
          cached: true,
          costUsd: 0,
          finishReason: hit.finishReason,
          attempts: 0,
        };
      }
      const result = await provider.complete(request, callOptions);
      if (result.ok) {
        await cache
          .put(key, {
            text: result.text,
            model: result.model,
            usage: result.usage,
            finishReason: result.finishReason,
            costUsd: result.costUsd,
            createdAt: now().toISOString(),
          })
          .catch(report);
      }
      return result;
    },
  };
}
