import type { LlmUsage } from '@/core/ports/llm-provider';

/** US dollars per million tokens. */
export type ModelPrice = { inputPerMillion: number; outputPerMillion: number };
export type PriceTable = Record<string, ModelPrice>;

/**
 * List prices of common models (USD per 1M tokens, as published by the vendors in 2025). A row names
 * a model id or its prefix (dated snapshots like `gpt-4o-2024-08-06` use the `gpt-4o` row).
 * Unknown models (local servers, new releases) get no cost rather than a guess.
 */
const LIST_PRICES: [model: string, inputPerMillion: number, outputPerMillion: number][] = [
  ['gpt-4o', 2.5, 10],
  ['gpt-4o-mini', 0.15, 0.6],
  ['gpt-4.1', 2, 8],
  ['gpt-4.1-mini', 0.4, 1.6],
  ['gpt-4.1-nano', 0.1, 0.4],
  ['gpt-5', 1.25, 10],
  ['gpt-5-mini', 0.25, 2],
  ['gpt-5-nano', 0.05, 0.4],
  ['o3', 2, 8],
  ['o3-mini', 1.1, 4.4],
  ['o4-mini', 1.1, 4.4],
  ['claude-3-5-haiku', 0.8, 4],
  ['claude-3-5-sonnet', 3, 15],
  ['claude-3-7-sonnet', 3, 15],
  ['claude-haiku-4-5', 1, 5],
  ['claude-sonnet-4', 3, 15],
  ['claude-opus-4', 15, 75],
];

const DEFAULT_PRICES: PriceTable = Object.fromEntries(
  LIST_PRICES.map(([model, inputPerMillion, outputPerMillion]) => [
    model,
    { inputPerMillion, outputPerMillion },
  ]),
);

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
