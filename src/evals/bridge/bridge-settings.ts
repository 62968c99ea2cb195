/** Limits and sampling of the model bridge (`judge` / `ask` in eval code). */
export type BridgeSettings = {
  /** Temperature of every bridge call (default 0: the same question gets the same answer). */
  temperature: number;
  /** Output tokens per `judge` call (one choice) and per `ask` call. */
  judgeMaxOutputTokens: number;
  askMaxOutputTokens: number;
  /** Wall-clock limit of one call, its retries included (ms). */
  callTimeoutMs: number;
  /** Model calls (cache misses) one eval run may make, and what they may cost (USD). */
  maxCallsPerRun: number;
  maxCostUsdPerRun: number;
  /** Model calls and cost of one workspace per UTC day (every cached response made that day). */
  maxCallsPerDay: number;
  maxCostUsdPerDay: number;
  /** Calls in flight at once. */
  concurrency: number;
  /** Questions a trace may ask one after another (each answer can lead to the next question). */
  maxQuestionsPerTrace: number;
};

export const DEFAULT_BRIDGE_SETTINGS: BridgeSettings = {
  temperature: 0,
  judgeMaxOutputTokens: 16,
  askMaxOutputTokens: 512,
  callTimeoutMs: 30_000,
  maxCallsPerRun: 5_000,
  maxCostUsdPerRun: 5,
  maxCallsPerDay: 50_000,
  maxCostUsdPerDay: 50,
  concurrency: 8,
  maxQuestionsPerTrace: 4,
};

/** What an eval run spent on the bridge: calls made, answers served from the cache, tokens, USD. */
export type BridgeUsage = {
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
};

export function emptyBridgeUsage(): BridgeUsage {
  return { calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
}
