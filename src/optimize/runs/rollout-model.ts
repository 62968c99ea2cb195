import type { LanguageModel } from 'ai';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { loadLlmIntegration } from '@/integrations/read-integration-secret';
import { modelFactory } from '@/llm/create-ai-sdk-provider';
import { DEFAULT_RETRY, type RetryPolicy } from '@/llm/provider-config';
import { resolveLlmConfig } from '@/llm/resolve-llm-config';
import { withLlmRetries } from '@/llm/with-llm-retries';

export type RolloutModel = { model: LanguageModel; modelId: string };

/**
 * The agent's model for rollouts: the workspace's model-provider integration, else the host's
 * settings; `modelId` overrides the configured model. Retryable errors (429, 5xx) back off and
 * retry per `retry`; after that the rollout fails and the run goes on. PRECONDITION_FAILED, saying
 * what to configure, when no model is configured.
 */
export async function resolveRolloutModel(
  ctx: Ctx,
  options: {
    modelId?: string;
    retry?: Partial<RetryPolicy>;
    onRetry?: (error: { kind: string; message: string; delayMs: number }) => void;
  } = {},
): Promise<RolloutModel> {
  const integration = await loadLlmIntegration(ctx);
  const resolved = resolveLlmConfig({ env: ctx.llmEnv, integration });
  if (!resolved.ok) {
    throw new AppError('PRECONDITION_FAILED', `rollouts need a model: ${resolved.message}`);
  }
  // a member chose an integration's base URL: it goes through the host's guarded fetch
  const fetch = integration ? ctx.outboundFetch : undefined;
  const modelId = options.modelId ?? resolved.config.model;
  const model = modelFactory({ ...resolved.config, ...(fetch ? { fetch } : {}) })(modelId);
  return {
    model: withLlmRetries(model, { ...DEFAULT_RETRY, ...options.retry }, options.onRetry),
    modelId,
  };
}
