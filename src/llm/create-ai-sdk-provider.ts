import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, type wrapLanguageModel } from 'ai';
import type { LlmError, LlmProvider, LlmRequest, LlmResult } from '@/core/ports/llm-provider';
import { backoffDelay, sleep } from './backoff';
import { classifyLlmError } from './classify-llm-error';
import { computeCost } from './price-table';
import {
  type AiSdkProviderConfig,
  DEFAULT_MAX_OUTPUT_TOKENS,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
} from './provider-config';

/** A provider's model object (what `wrapLanguageModel` takes). */
export type ProviderModel = Parameters<typeof wrapLanguageModel>[0]['model'];

/** Local servers need no key: drop the placeholder auth header rather than send a fake one. */
function withoutAuth(base: typeof fetch): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.delete('authorization');
    headers.delete('x-api-key');
    return base(input, { ...init, headers });
  };
}

/** `@ai-sdk/anthropic` expects the base URL with `/v1`; people often paste it without. */
function normaliseAnthropicBaseUrl(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) {
    return undefined;
  }
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/** The AI SDK model of a provider config, by model id (the runner calls it with tools). */
export function modelFactory(config: AiSdkProviderConfig): (modelId: string) => ProviderModel {
  const baseFetch = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // A key is always passed explicitly so the SDK never falls back to reading process.env.
  const common = {
    apiKey: config.apiKey ?? 'no-key',
    headers: config.headers,
    fetch: config.apiKey ? baseFetch : withoutAuth(baseFetch),
  };
  if (config.kind === 'anthropic') {
    const anthropic = createAnthropic({
      ...common,
      baseURL: normaliseAnthropicBaseUrl(config.baseUrl),
    });
    return (id) => anthropic.languageModel(id);
  }
  // `.chat()`: the chat-completions API every OpenAI-compatible server speaks (not /responses).
  const openai = createOpenAI({ ...common, baseURL: config.baseUrl?.replace(/\/+$/, '') });
  return (id) => openai.chat(id);
}

/** An LlmProvider on the AI SDK with deadline, abort, retries with backoff and classified errors. */
export function createAiSdkProvider(config: AiSdkProviderConfig): LlmProvider {
  const languageModel = modelFactory(config);
  const policy = { ...DEFAULT_RETRY, ...config.retry };

  async function complete(
    request: LlmRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<LlmResult> {
    const started = Date.now();
    const timeoutMs = request.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException('LLM call timed out', 'TimeoutError')),
      timeoutMs,
    );
    const signal = options.signal
      ? AbortSignal.any([options.signal, deadline.signal])
      : deadline.signal;
    const modelId = request.model ?? config.model;
    let attempts = 0;
    const fail = (error: LlmError): LlmResult => ({
      ok: false,
      error,
      attempts,
      latencyMs: Date.now() - started,
    });
    const stopped = (): LlmResult | null => {
      if (options.signal?.aborted) {
        return fail({ kind: 'aborted', message: 'the call was cancelled', retryable: false });
      }
      if (deadline.signal.aborted) {
        return fail({
          kind: 'timeout',
          message: `no answer within ${timeoutMs} ms`,
          retryable: true,
        });
      }
      return null;
    };
    try {
      for (;;) {
        attempts += 1;
        try {
          const result = await generateText({
            model: languageModel(modelId),
            system: request.system,
            messages: request.messages,
            temperature: request.temperature,
            maxOutputTokens:
              request.maxOutputTokens ?? config.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
            maxRetries: 0,
            abortSignal: signal,
          });
          if (result.finishReason === 'content-filter') {
            const message = result.text.trim() || 'the model declined to answer';
            return fail({ kind: 'refusal', message, retryable: false });
          }
          const usage = {
            inputTokens: result.usage.inputTokens ?? 0,
            outputTokens: result.usage.outputTokens ?? 0,
          };
          return {
            ok: true,
            text: result.text,
            model: result.response.modelId || modelId,
            usage,
            latencyMs: Date.now() - started,
            cached: false,
            costUsd: computeCost(modelId, usage, config.prices),
            finishReason: result.finishReason,
            attempts,
          };
        } catch (error) {
          const halted = stopped();
          if (halted) {
            return halted;
          }
          const { retryAfterMs, ...classified } = classifyLlmError(error);
          if (!classified.retryable || attempts > policy.maxRetries) {
            return fail(classified);
          }
          const delay = backoffDelay(attempts - 1, policy, retryAfterMs);
          if (delay === null || Date.now() + delay >= started + timeoutMs) {
            return fail(classified);
          }
          try {
            await sleep(delay, signal);
          } catch {
            return stopped() ?? fail(classified);
          }
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  return { id: config.name ?? `${config.kind}:${config.model}`, model: config.model, complete };
}
