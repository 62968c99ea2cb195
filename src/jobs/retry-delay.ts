export type RetryPolicy = { baseDelayMs: number; maxDelayMs: number };

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 10 * 60_000 };

/**
 * Exponential backoff with equal jitter after failed attempt `attempt` (1-based): half of
 * `base * 2^(attempt-1)` fixed, half random, capped. Delays never shrink from one attempt to the next.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
