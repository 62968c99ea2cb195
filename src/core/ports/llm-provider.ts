export type LlmMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type LlmRequest = {
  system?: string;
  messages: LlmMessage[];
  model?: string;
  temperature?: number;
  maxOutputTokens?: number;
  /** Wall-clock limit in milliseconds for the whole call, retries included. */
  timeoutMs?: number;
};

export const LLM_ERROR_KINDS = [
  'unconfigured',
  'auth',
  'rate_limit',
  'context_length',
  'refusal',
  'timeout',
  'network',
  'server',
  'bad_request',
] as const;
export type LlmErrorKind = (typeof LLM_ERROR_KINDS)[number];

export type LlmUsage = { inputTokens: number; outputTokens: number };

export type LlmResult =
  | {
      ok: true;
      text: string;
      model: string;
      usage: LlmUsage;
      latencyMs: number;
      cached: boolean;
      costUsd?: number;
    }
  | {
      ok: false;
      error: { kind: LlmErrorKind; message: string; retryable: boolean; status?: number };
    };

export type LlmProvider = {
  id: string;
  model: string;
  complete(request: LlmRequest, options?: { signal?: AbortSignal }): Promise<LlmResult>;
};
