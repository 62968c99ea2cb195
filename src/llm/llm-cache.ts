import type { LlmUsage } from '@/core/ports/llm-provider';

/** A stored answer. `usage` is what the original call consumed; replaying it costs nothing. */
export type LlmCacheEntry = {
  text: string;
  model: string;
  usage: LlmUsage;
  finishReason?: string;
  /** Cost of the original call in USD, when known. */
  costUsd?: number;
  createdAt: string;
};

/** Response cache by request hash. Implementations are scoped to one workspace when built. */
export type LlmCache = {
  get(key: string): Promise<LlmCacheEntry | null>;
  put(key: string, entry: LlmCacheEntry): Promise<void>;
  /** Many keys at once (counted as hits like `get`): what a cached eval re-run reads per page. */
  getMany?(keys: string[]): Promise<Map<string, LlmCacheEntry>>;
};

/** In-process cache for tests and the CLI; lost on exit. */
export function createMemoryLlmCache(): LlmCache & { size(): number } {
  const entries = new Map<string, LlmCacheEntry>();
  return {
    get: async (key) => entries.get(key) ?? null,
    put: async (key, entry) => {
      entries.set(key, entry);
    },
    size: () => entries.size,
  };
}
