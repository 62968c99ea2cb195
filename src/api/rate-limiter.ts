import type { Clock } from '@/core/ids';

export type RateLimit = { capacity: number; refillPerSecond: number };

export type RateLimiter = {
  /** Takes one token from `key`'s bucket; false when the bucket is empty (answer 429). */
  take(key: string): boolean;
};

const MAX_BUCKETS = 10_000;

/**
 * In-memory token buckets, one per key. Per process on Node; per isolate on Workers, so there it
 * is a best-effort brake, not a global quota (see docs/api.md).
 */
export function createRateLimiter(limit: RateLimit, now: Clock): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const at = now().getTime();
      const bucket = buckets.get(key) ?? { tokens: limit.capacity, at };
      const refilled = Math.min(
        limit.capacity,
        bucket.tokens + ((at - bucket.at) / 1000) * limit.refillPerSecond,
      );
      const allowed = refilled >= 1;
      buckets.delete(key);
      if (buckets.size >= MAX_BUCKETS) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) {
          buckets.delete(oldest);
        }
      }
      buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, at });
      return allowed;
    },
  };
}
