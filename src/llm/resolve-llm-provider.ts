import { createUnconfiguredProvider, type LlmProvider } from '@/core/ports/llm-provider';
import { createAiSdkProvider } from './create-ai-sdk-provider';
import type { AiSdkProviderConfig } from './provider-config';
import { type LlmEnv, type LlmIntegrationRecord, resolveLlmConfig } from './resolve-llm-config';

export type LlmProviderResolution =
  | { configured: true; provider: LlmProvider; source: 'integration' | 'env'; model: string }
  | { configured: false; provider: LlmProvider; reason: 'none' | 'invalid'; message: string };

/**
 * Builds the provider for a workspace: its integration if it has one, else the environment. With
 * nothing configured (a normal state) the provider answers every call with `unconfigured`.
 */
export function resolveLlmProvider(input: {
  env?: LlmEnv;
  integration?: LlmIntegrationRecord | null;
  /** Extra settings (timeouts, retry policy, fetch) applied to whatever was resolved. */
  overrides?: Partial<Omit<AiSdkProviderConfig, 'kind' | 'model' | 'baseUrl' | 'apiKey'>>;
}): LlmProviderResolution {
  const resolved = resolveLlmConfig(input);
  if (!resolved.ok) {
    return {
      configured: false,
      provider: createUnconfiguredProvider(resolved.message),
      reason: resolved.reason,
      message: resolved.message,
    };
  }
  return {
    configured: true,
    provider: createAiSdkProvider({ ...resolved.config, ...input.overrides }),
    source: resolved.source,
    model: resolved.config.model,
  };
}
