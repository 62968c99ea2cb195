export type LlmMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type LlmRequest = {
  system?: string;
  messages: LlmMessage[];
  /** Overrides the provider's configured model for this call. */
  model?: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** Wall-clock limit in milliseconds for the whole call, retries included. */
  timeoutMs?: number;
};

const LLM_ERROR_KINDS = [
  'unconfigured',
  'auth',
  'rate_limit',
  'context_length',
  'refusal',
  'timeout',
  'aborted',
  'network',
  'server',
  'bad_request',
] as const;
export type LlmErrorKind = (typeof LLM_ERROR_KINDS)[number];

export type LlmError = { kind: LlmErrorKind; message: string; retryable: boolean; status?: number };

export type LlmUsage = { inputTokens: number; outputTokens: number };

export type LlmResult =
  | {
      ok: true;
      text: string;
      model: string;
      usage: LlmUsage;
      latencyMs: number;
      /** True when the answer came from the response cache (then `costUsd` is 0). */
      cached: boolean;
      /** Undefined when the model has no known price (local models, new releases). */
      costUsd?: number;
      /** `stop`, `length` (cut at maxOutputTokens), … as the AI SDK reports it. */
      finishReason?: string;
      /** Attempts made, 1 when the first succeeded. */
      attempts?: number;
    }
  | { ok: false; error: LlmError; attempts?: number; latencyMs?: number };

export type LlmProvider = {
  /** Stable label for logs and records, e.g. `openai:gpt-4o-mini`. */
  id: string;
  model: string;
  /** Never throws for provider failures: they come back as `ok: false` with a classified error. */
  complete(request: LlmRequest, options?: { signal?: AbortSignal }): Promise<LlmResult>;
};

/** The provider of a workspace with no model configured: every call answers `unconfigured`. */
export function createUnconfiguredProvider(message: string): LlmProvider {
  return {
    id: 'unconfigured',
    model: 'none',
    complete: async () => ({
      ok: false,
      error: { kind: 'unconfigured', message, retryable: false },
    }),
  };
}
