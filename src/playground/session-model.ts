import type { LanguageModel } from 'ai';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { loadLlmIntegration } from '@/integrations/read-integration-secret';
import { modelFactory } from '@/llm/create-ai-sdk-provider';
import { resolveLlmConfig } from '@/llm/resolve-llm-config';
import type { ModelConfig } from './session-input';

/**
 * The language model a session talks to: the workspace's model-provider integration, else the
 * host's environment, with the session's model id. 400 saying what to configure when neither is set.
 */
export async function sessionModel(
  ctx: Ctx,
  config: ModelConfig,
): Promise<{ model: LanguageModel; modelId: string }> {
  const integration = await loadLlmIntegration(ctx);
  const resolved = resolveLlmConfig({ env: ctx.llmEnv ?? {}, integration });
  if (!resolved.ok) {
    throw new AppError('VALIDATION', `The playground needs a model. ${resolved.message}`, {
      details: { reason: resolved.reason },
    });
  }
  // a member chose an integration's base URL: it goes through the host's guarded fetch
  const guarded = integration && ctx.outboundFetch ? { fetch: ctx.outboundFetch } : {};
  const modelId = config.model ?? resolved.config.model;
  return { model: modelFactory({ ...resolved.config, ...guarded })(modelId), modelId };
}
