import { APICallError, LoadAPIKeyError, RetryError } from 'ai';
import type { LlmError } from '@/core/ports/llm-provider';

export type ClassifiedLlmError = LlmError & { retryAfterMs?: number };

const CONTEXT_PATTERN =
  /context_length_exceeded|maximum context length|prompt is too long|context window|too many tokens|input is too long|exceeds the context|reduce the length/i;

/** Reads the provider's own error message out of an OpenAI- or Anthropic-style error body. */
function providerMessage(body: string | undefined): string | undefined {
  if (!body) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(body) as {
      error?: { message?: unknown } | string;
      message?: unknown;
    };
    if (typeof parsed.error === 'string') {
      return parsed.error;
    }
    if (typeof parsed.error?.message === 'string') {
      return parsed.error.message;
    }
    if (typeof parsed.message === 'string') {
      return parsed.message;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 300);
}

/** Milliseconds the server asked us to wait (`retry-after-ms`, `retry-after` seconds or date). */
export function parseRetryAfter(headers: Record<string, string> | undefined, now = Date.now()) {
  if (!headers) {
    return undefined;
  }
  const ms = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) {
    return ms;
  }
  const value = headers['retry-after'];
  if (!value) {
    return undefined;
  }
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000;
  }
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function classifyStatus(status: number, message: string, body: string): ClassifiedLlmError {
  if (status === 401 || status === 403) {
    return { kind: 'auth', message, retryable: false, status };
  }
  if (status === 429) {
    // An exhausted quota answers 429 too, but waiting does not help.
    const quota = /insufficient_quota|exceeded your current quota|credit balance/i.test(body);
    return { kind: 'rate_limit', message, retryable: !quota, status };
  }
  if (status === 413 || CONTEXT_PATTERN.test(body)) {
    return { kind: 'context_length', message, retryable: false, status };
  }
  if (status === 408) {
    return { kind: 'timeout', message, retryable: true, status };
  }
  if (status >= 500) {
    return { kind: 'server', message, retryable: true, status };
  }
  return { kind: 'bad_request', message, retryable: false, status };
}

/** Maps whatever the AI SDK threw to one of the port's error kinds. */
export function classifyLlmError(error: unknown): ClassifiedLlmError {
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(cause)) {
    const body = cause.responseBody ?? '';
    const message = providerMessage(body) ?? cause.message;
    if (cause.statusCode === undefined) {
      return { kind: 'network', message: cause.message, retryable: true };
    }
    return {
      ...classifyStatus(cause.statusCode, message, body),
      retryAfterMs: parseRetryAfter(cause.responseHeaders),
    };
  }
  if (LoadAPIKeyError.isInstance(cause)) {
    return { kind: 'auth', message: cause.message, retryable: false };
  }
  if (cause instanceof TypeError && /fetch failed|failed to fetch|network/i.test(cause.message)) {
    return { kind: 'network', message: cause.message, retryable: true };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  // Malformed or unexpected answers (a proxy's HTML page, invalid JSON) are the server's fault.
  return { kind: 'server', message, retryable: false };
}
