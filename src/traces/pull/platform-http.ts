import { AppError, isAppError } from '@/core/errors';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export type PlatformHttpOptions = {
  baseUrl: string;
  headers: Record<string, string>;
  /** Redacted from every error message (URLs, bodies). */
  secret?: string | null;
  signal?: AbortSignal;
  /** Attempts per request on 429/5xx/network errors before giving up (default 6). */
  maxAttempts?: number;
  /** First backoff step in ms (default 500); doubles per attempt, full jitter, capped. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  sleep?: Sleep;
  random?: () => number;
  /** The fetch to call with (the host's guarded outbound fetch); the global one by default. */
  fetch?: typeof fetch;
  onRetry?: (info: {
    url: string;
    status: number | null;
    attempt: number;
    delayMs: number;
  }) => void;
};

export type PlatformHttp = {
  getJson(
    path: string,
    query?: Record<string, string | number | undefined | null>,
  ): Promise<unknown>;
  postJson(path: string, body: unknown): Promise<unknown>;
};

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** `Retry-After` as milliseconds: delta seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) {
    return null;
  }
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && header.trim() !== '') {
    return Math.max(0, seconds * 1000);
  }
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function permanentError(status: number, url: string, body: string): AppError {
  if (status === 401 || status === 403) {
    return new AppError(
      'PRECONDITION_FAILED',
      `the platform rejected the credentials (HTTP ${status}); update the integration's key`,
      { details: { httpStatus: status } },
    );
  }
  if (status === 404) {
    return new AppError('NOT_FOUND', `the platform answered 404 for ${url}: ${body}`, {
      details: { httpStatus: status },
    });
  }
  return new AppError('VALIDATION', `the platform answered HTTP ${status} for ${url}: ${body}`, {
    details: { httpStatus: status },
  });
}

/**
 * JSON over `fetch` against a tracing platform: retries 429/5xx and network errors with
 * exponential backoff and full jitter (honouring `Retry-After`), and turns 401/403/404/other 4xx
 * into permanent AppErrors. Exhausted retries are UNAVAILABLE (retryable by the job queue).
 */
export function createPlatformHttp(options: PlatformHttpOptions): PlatformHttp {
  const base = options.baseUrl.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const scrub = (text: string) =>
    (options.secret ? text.replaceAll(options.secret, '***') : text).slice(0, 300);

  async function request(url: string, init: RequestInit): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const signals = [AbortSignal.timeout(options.timeoutMs ?? 60_000)];
      if (options.signal) {
        signals.push(options.signal);
      }
      let status: number | null = null;
      let retryAfter: number | null = null;
      let failure: string;
      try {
        const response = await (options.fetch ?? fetch)(url, {
          ...init,
          headers: { accept: 'application/json', ...options.headers, ...init.headers },
          signal: AbortSignal.any(signals),
        });
        status = response.status;
        if (response.ok) {
          try {
            return await response.json();
          } catch (cause) {
            throw new AppError('VALIDATION', `the platform answered non-JSON for ${url}`, {
              cause,
            });
          }
        }
        const body = scrub(await response.text().catch(() => ''));
        if (!RETRY_STATUSES.has(status)) {
          throw permanentError(status, url, body);
        }
        retryAfter = retryAfterMs(response.headers.get('retry-after'));
        failure = `HTTP ${status}`;
      } catch (error) {
        // a refused address (AppError) is an answer, not a network failure to retry
        if (options.signal?.aborted || status !== null || isAppError(error)) {
          throw error;
        }
        failure = scrub(error instanceof Error ? error.message : String(error));
      }
      if (attempt >= maxAttempts) {
        throw new AppError(
          'UNAVAILABLE',
          `the platform kept failing (${failure}) after ${attempt} attempts: ${url}`,
          { details: { httpStatus: status } },
        );
      }
      const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
      const delayMs = Math.min(maxDelay, retryAfter ?? Math.round(random() * backoff));
      options.onRetry?.({ url, status, attempt, delayMs });
      await sleep(delayMs, options.signal);
    }
  }

  return {
    getJson(path, query = {}) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v !== undefined && v !== null) {
          params.set(k, String(v));
        }
      }
      const qs = params.toString();
      return request(`${base}${path}${qs ? `?${qs}` : ''}`, { method: 'GET' });
    },
    postJson(path, body) {
      return request(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    },
  };
}
