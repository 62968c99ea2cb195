export type CircuitBreakerOptions = {
  /** Consecutive failures that open the circuit (default 3). */
  threshold?: number;
  /** How long an open circuit refuses calls before letting one probe through (default 30 s). */
  cooldownMs?: number;
  now?: () => number;
};

export type CircuitState =
  | { open: false }
  | { open: true; failures: number; lastError: string; retryAt: Date };

/**
 * Counts consecutive failures of a remote dependency. Once `threshold` are seen the circuit opens:
 * `state()` says so at once (callers answer without waiting on the network) until the cooldown
 * ends, then one probe may go through; a success closes it, a failure opens it again.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}) {
  const threshold = options.threshold ?? 3;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  let failures = 0;
  let openUntil = 0;
  let lastError = '';

  return {
    state(): CircuitState {
      if (failures < threshold || now() >= openUntil) {
        return { open: false };
      }
      return { open: true, failures, lastError, retryAt: new Date(openUntil) };
    },
    /** Marks the start of a call past an expired cooldown: concurrent calls wait for this probe. */
    probing(): void {
      if (failures >= threshold) {
        openUntil = now() + cooldownMs;
      }
    },
    succeeded(): void {
      failures = 0;
      openUntil = 0;
    },
    failed(error: string): void {
      failures += 1;
      lastError = error;
      if (failures >= threshold) {
        openUntil = now() + cooldownMs;
      }
    },
  };
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
