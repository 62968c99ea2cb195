import type { LlmUsage } from '@/core/ports/llm-provider';

/** US dollars per million tokens. */
export type ModelPrice = { inputPerMillion: number; outputPerMillion: number };
export type PriceTable = Record<string, ModelPrice>;

/**
 * List prices of common models (USD per 1M tokens, as published by the vendors in 2025). Keys match
 * a model id or its prefix (dated snapshots like `gpt-4o-2024-08-06` use the `gpt-4o` row).
 * Unknown models (local servers, new releases) get no cost rather than a guess.
 */
const DEFAULT_PRICES: PriceTable = {
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 },
  'gpt-5-nano': { inputPerMillion: 0.05, outputPerMillion: 0.4 },
  o3: { inputPerMillion: 2, outputPerMillion: 8 },
  'o3-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4 },
  'claude-3-5-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-3-7-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-haiku-4-5': { inputPerMillion: 1, outputPerMillion: 5 },
  'claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-opus-4': { inputPerMillion: 15, outputPerMillion: 75 },
};

/** The price row for a model id: exact match, else the longest matching prefix; vendor prefixes
 * such as OpenRouter's `openai/` are ignored. */
export function findModelPrice(
  model: string,
  prices: PriceTable = DEFAULT_PRICES,
): ModelPrice | undefined {
  const id = model.toLowerCase().replace(/^[a-z0-9-]+\//, '');
  if (prices[id]) {
    return prices[id];
  }
  let best: string | undefined;
  for (const key of Object.keys(prices)) {
    if (id.startsWith(`${key}-`) && (!best || key.length > best.length)) {
      best = key;
    }
  }
  return best ? prices[best] : undefined;
}

/** Cost in USD of one call, or undefined when the model has no known price. */
export function computeCost(
  model: string,
  usage: LlmUsage,
  prices?: PriceTable,
): number | undefined {
  const price = findModelPrice(model, prices);
  if (!price) {
    return undefined;
  }
  const cost =
    (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1e6;
  return Math.round(cost * 1e8) / 1e8;
}
