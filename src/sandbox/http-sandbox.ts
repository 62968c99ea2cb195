import type {
  CheckResult,
  RunEvalResult,
  Sandbox,
  SandboxError,
  SandboxStatus,
} from '@/core/ports/sandbox';
import { type CircuitBreakerOptions, createCircuitBreaker } from './circuit-breaker';
import { SANDBOX_PATHS } from './wire';

export type HttpSandboxOptions = {
  /** Base URL of an `iofold sandbox serve` instance, e.g. https://sandbox.internal:8790 */
  url: string;
  secret: string;
  fetch?: typeof fetch;
  /** Opens after consecutive connection failures, timeouts or 5xx answers (default 3, 30 s). */
  breaker?: CircuitBreakerOptions;
  /** Limit on a `status()` round trip (default 5 s); checks and runs end with the caller's signal. */
  probeTimeoutMs?: number;
  /** How long a healthy `status()` answer is reused (default 10 s). */
  statusTtlMs?: number;
};

type Failure = SandboxError & { countsForBreaker: boolean };
type Reply = { ok: true; value: unknown } | { ok: false; failure: Failure };

/**
 * The Sandbox port over HTTP (web standards only: used by the Cloudflare Worker host), behind a
 * circuit breaker: once the service has failed a few times in a row, calls answer UNAVAILABLE at
 * once with the last error and the time of the next try, instead of each waiting on the network.
 */
export function createHttpSandbox(options: HttpSandboxOptions): Sandbox {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.url.replace(/\/+$/, '');
  const now = options.breaker?.now ?? Date.now;
  const breaker = createCircuitBreaker(options.breaker);
  const probeTimeoutMs = options.probeTimeoutMs ?? 5_000;
  const statusTtlMs = options.statusTtlMs ?? 10_000;
  let healthy: { status: SandboxStatus; at: number } | null = null;

  async function send(path: string, body: unknown, signal?: AbortSignal): Promise<Reply> {
    const state = breaker.state();
    if (state.open) {
      return failure(
        `the sandbox service at ${base} is unreachable (${state.failures} failures in a row, last: ${state.lastError}); next try at ${state.retryAt.toISOString()}. Check that \`iofold sandbox serve\` runs there and that SANDBOX_URL points at it`,
        true,
        false,
      );
    }
    breaker.probing();
    const reply = await request(path, body, signal);
    if (reply.ok) {
      breaker.succeeded();
    } else if (reply.failure.countsForBreaker) {
      breaker.failed(reply.failure.message);
      healthy = null;
    }
    return reply;
  }

  async function request(path: string, body: unknown, signal?: AbortSignal): Promise<Reply> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${options.secret}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      return failure(`cannot reach the sandbox service at ${base}: ${reason}`, true, true);
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) {
      return failure(
        `the sandbox service at ${base} refused SANDBOX_SECRET (${response.status}); set the secret it was started with`,
        false,
        false,
      );
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      const message = `sandbox service answered ${response.status}: ${text.slice(0, 300)}`;
      return failure(message, retryable, response.status >= 500);
    }
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return failure('sandbox service sent an invalid JSON body', true, true);
    }
  }

  return {
    async check(code, workspaceId) {
      const r = await send(SANDBOX_PATHS.check, { code, workspaceId });
      return r.ok ? (r.value as CheckResult) : { ok: false, issues: [], error: toError(r.failure) };
    },
    async runEval(input) {
      const { code, traces, workspaceId, timeoutMsPerTrace, answers, signal } = input;
      const body = { code, traces, workspaceId, timeoutMsPerTrace, answers };
      const r = await send(SANDBOX_PATHS.run, body, signal);
      return r.ok ? (r.value as RunEvalResult) : { ok: false, error: toError(r.failure) };
    },
    async status(): Promise<SandboxStatus> {
      if (healthy && now() - healthy.at < statusTtlMs && !breaker.state().open) {
        return healthy.status;
      }
      const r = await send(SANDBOX_PATHS.status, undefined, AbortSignal.timeout(probeTimeoutMs));
      if (!r.ok) {
        const { message } = r.failure;
        return {
          kind: 'http',
          available: false,
          reason: message,
          layers: [{ name: 'remote', active: false, detail: message }],
        };
      }
      const remote = r.value as SandboxStatus;
      const status = {
        ...remote,
        kind: `http:${remote.kind}`,
        layers: [
          { name: 'remote', active: true, detail: `sandbox service at ${base}` },
          ...remote.layers,
        ],
      };
      healthy = remote.available ? { status, at: now() } : null;
      return status;
    },
    async close() {},
  };
}

function failure(message: string, retryable: boolean, countsForBreaker: boolean): Reply {
  return { ok: false, failure: { code: 'UNAVAILABLE', message, retryable, countsForBreaker } };
}

function toError({ code, message, retryable }: Failure): SandboxError {
  return { code, message, retryable };
}
