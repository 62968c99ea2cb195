import type {
  CheckResult,
  RunEvalResult,
  Sandbox,
  SandboxError,
  SandboxStatus,
} from '@/core/ports/sandbox';
import { SANDBOX_PATHS } from './wire';

export type HttpSandboxOptions = {
  /** Base URL of an `iofold sandbox serve` instance, e.g. https://sandbox.internal:8790 */
  url: string;
  secret: string;
  fetch?: typeof fetch;
};

/** The Sandbox port over HTTP (web standards only: used by the Cloudflare Worker host). */
export function createHttpSandbox(options: HttpSandboxOptions): Sandbox {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.url.replace(/\/+$/, '');

  async function call<T>(
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<T | SandboxError> {
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
      return unavailable(
        `cannot reach the sandbox service: ${e instanceof Error ? e.message : String(e)}`,
        true,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      return unavailable(
        `sandbox service answered ${response.status}: ${text.slice(0, 300)}`,
        retryable,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      return unavailable('sandbox service sent an invalid JSON body', true);
    }
  }

  return {
    async check(code) {
      const r = await call<CheckResult>(SANDBOX_PATHS.check, { code });
      return isError(r) ? { ok: false, issues: [], error: r } : r;
    },
    async runEval(input) {
      const { code, traces, timeoutMsPerTrace, signal } = input;
      const r = await call<RunEvalResult>(
        SANDBOX_PATHS.run,
        { code, traces, timeoutMsPerTrace },
        signal,
      );
      return isError(r) ? { ok: false, error: r } : r;
    },
    async status(): Promise<SandboxStatus> {
      const r = await call<SandboxStatus>(SANDBOX_PATHS.status, undefined);
      if (isError(r)) {
        return {
          kind: 'http',
          available: false,
          layers: [{ name: 'remote', active: false, detail: r.message }],
        };
      }
      return {
        ...r,
        kind: `http:${r.kind}`,
        layers: [
          { name: 'remote', active: true, detail: `sandbox service at ${base}` },
          ...r.layers,
        ],
      };
    },
    async close() {},
  };
}

function unavailable(message: string, retryable: boolean): SandboxError {
  return { code: 'UNAVAILABLE', message, retryable };
}

function isError(v: unknown): v is SandboxError {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as SandboxError).code === 'UNAVAILABLE' &&
    'retryable' in v &&
    !('ok' in v)
  );
}
