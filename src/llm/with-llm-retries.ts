import { APICallError, type LanguageModel, wrapLanguageModel } from 'ai';
import { backoffDelay, sleep } from './backoff';
import { classifyLlmError } from './classify-llm-error';
import type { ProviderModel } from './create-ai-sdk-provider';
import type { RetryPolicy } from './provider-config';

/**
 * The model with retries on retryable errors (429 not over quota, 5xx, timeouts, network) by the
 * provider's classification and backoff (Retry-After honoured). Once it gives up, the error is
 * rethrown as not retryable, so the AI SDK's own retry loop (callers set none) adds no attempts.
 */
export function withLlmRetries(
  model: ProviderModel,
  policy: RetryPolicy,
  onRetry?: (error: { kind: string; message: string; delayMs: number }) => void,
): LanguageModel {
  return wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: 'v3',
      wrapGenerate: async ({ doGenerate, params }) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await doGenerate();
          } catch (error) {
            const classified = classifyLlmError(error);
            const delayMs =
              classified.retryable && attempt < policy.maxRetries
                ? backoffDelay(attempt, policy, classified.retryAfterMs)
                : null;
            if (delayMs === null || params.abortSignal?.aborted) {
              throw final(error);
            }
            onRetry?.({ kind: classified.kind, message: classified.message, delayMs });
            // A signal made here, not at module load: workerd forbids that in global scope.
            await sleep(delayMs, params.abortSignal ?? new AbortController().signal);
          }
        }
      },
    },
  });
}

function final(error: unknown): unknown {
  if (!APICallError.isInstance(error) || !error.isRetryable) {
    return error;
  }
  return new APICallError({
    message: error.message,
    url: error.url,
    requestBodyValues: error.requestBodyValues,
    statusCode: error.statusCode,
    responseHeaders: error.responseHeaders,
    responseBody: error.responseBody,
    cause: error.cause,
    isRetryable: false,
    data: error.data,
  });
}
