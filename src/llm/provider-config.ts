import type { PriceTable } from './price-table';

const PROVIDER_KINDS = ['openai', 'anthropic'] as const;
/** `openai` means any OpenAI-compatible chat-completions server (OpenRouter, vLLM, Ollama, …). */
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export type RetryPolicy = {
  /** Retries after the first attempt (default 3). */
  maxRetries: number;
  /** First backoff delay in ms before jitter (default 500); doubles per attempt. */
  baseDelayMs: number;
  /** Cap for one backoff delay and for an honoured Retry-After (default 30 000). */
  maxDelayMs: number;
};

export type AiSdkProviderConfig = {
  kind: ProviderKind;
  model: string;
  /** Default: the vendor's API. OpenAI-compatible servers: include `/v1`. Anthropic: `/v1` is added when missing. */
  baseUrl?: string;
  /** Optional for local servers (Ollama, LM Studio, vLLM); then no auth header is sent. */
  apiKey?: string;
  /** Label for logs and records; default `<kind>:<model>`. */
  name?: string;
  headers?: Record<string, string>;
  /** Default wall-clock limit per call, retries included (default 120 000 ms). */
  timeoutMs?: number;
  /** Default maxOutputTokens when a request sets none (default 4096). */
  maxOutputTokens?: number;
  retry?: Partial<RetryPolicy>;
  prices?: PriceTable;
  /** Injected fetch (tests, Workers service bindings); default the global one. */
  fetch?: typeof fetch;
};

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
