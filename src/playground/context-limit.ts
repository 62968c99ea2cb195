import type { ModelMessage } from 'ai';
import { AppError } from '@/core/errors';

/** A rough token count (4 characters a token), the same estimate the mock provider reports. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * 400 when the conversation is estimated over the session's `contextTokens`: the person decides
 * what to cut, the playground never truncates silently. Without the setting the provider's own
 * context error is shown instead.
 */
export function assertWithinContext(
  system: string,
  messages: ModelMessage[],
  contextTokens: number | undefined,
) {
  if (contextTokens === undefined) {
    return;
  }
  const tokens = estimateTokens(system) + estimateTokens(JSON.stringify(messages));
  if (tokens > contextTokens) {
    throw new AppError(
      'VALIDATION',
      `the conversation is about ${tokens} tokens, over the model's context of ${contextTokens} (modelConfig.contextTokens): start a new session or open this one at an earlier step; nothing is truncated`,
      { details: { estimatedTokens: tokens, contextTokens } },
    );
  }
}
