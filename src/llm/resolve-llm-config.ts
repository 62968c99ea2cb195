import type { LlmEnv } from '@/core/pick-llm-env';
import type { AiSdkProviderConfig, ProviderKind } from './provider-config';

/** A model-provider integration as stored for a workspace, after decrypting its key. */
export type LlmIntegrationRecord = {
  kind: ProviderKind;
  baseUrl?: string | null;
  apiKey?: string | null;
  model?: string | null;
};

export type { LlmEnv } from '@/core/pick-llm-env';

export type LlmConfigResolution =
  | { ok: true; config: AiSdkProviderConfig; source: 'integration' | 'env' }
  | { ok: false; reason: 'none' | 'invalid'; message: string };

type Preset = { kind: ProviderKind; baseUrl?: string; model?: string; keyVars: string[] };

/** `IOFOLD_LLM_PROVIDER` values. Local servers have no default model: name the one you pulled. */
const LLM_PRESETS: Record<string, Preset> = {
  openai: { kind: 'openai', model: 'gpt-4.1-mini', keyVars: ['OPENAI_API_KEY'] },
  anthropic: { kind: 'anthropic', model: 'claude-sonnet-4-5', keyVars: ['ANTHROPIC_API_KEY'] },
  openrouter: {
    kind: 'openai',
    baseUrl: 'https://openrouter.ai/api/v1',
    model: 'openai/gpt-4.1-mini',
    keyVars: ['OPENROUTER_API_KEY'],
  },
  'openai-compatible': { kind: 'openai', keyVars: [] },
  ollama: { kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', keyVars: [] },
  lmstudio: { kind: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', keyVars: [] },
  vllm: { kind: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', keyVars: [] },
};

export const UNCONFIGURED_MESSAGE =
  'No model provider is configured. Set IOFOLD_LLM_PROVIDER (openai, anthropic, openrouter, ollama, lmstudio, vllm or openai-compatible) with IOFOLD_LLM_API_KEY / IOFOLD_LLM_MODEL, set OPENAI_API_KEY or ANTHROPIC_API_KEY, or add a model provider integration to the workspace. Everything except LLM-generated evals works without one.';

const clean = (value: string | null | undefined) => value?.trim() || undefined;

function finish(
  preset: Preset,
  name: string,
  values: { baseUrl?: string; apiKey?: string; model?: string },
  source: 'integration' | 'env',
): LlmConfigResolution {
  const baseUrl = values.baseUrl ?? preset.baseUrl;
  const model = values.model ?? preset.model;
  const where = source === 'env' ? 'IOFOLD_LLM_MODEL' : "the integration's model";
  if (!model) {
    return {
      ok: false,
      reason: 'invalid',
      message: `Provider ${name} needs a model: set ${where}.`,
    };
  }
  if (!baseUrl && !values.apiKey) {
    const keys =
      source === 'env' ? ['IOFOLD_LLM_API_KEY', ...preset.keyVars].join(' or ') : 'an API key';
    return {
      ok: false,
      reason: 'invalid',
      message: `Provider ${name} calls the vendor's API and needs ${keys}; for a local server set a base URL.`,
    };
  }
  const config: AiSdkProviderConfig = { kind: preset.kind, model, name: `${name}:${model}` };
  if (baseUrl) {
    config.baseUrl = baseUrl;
  }
  if (values.apiKey) {
    config.apiKey = values.apiKey;
  }
  return { ok: true, config, source };
}

/** Resolves from a workspace integration first, then from the environment. */
export function resolveLlmConfig(input: {
  env?: LlmEnv;
  integration?: LlmIntegrationRecord | null;
}): LlmConfigResolution {
  const { integration, env = {} } = input;
  if (integration) {
    const preset = LLM_PRESETS[integration.kind];
    if (!preset) {
      return {
        ok: false,
        reason: 'invalid',
        message: `Unknown integration kind ${integration.kind}.`,
      };
    }
    return finish(
      preset,
      integration.kind,
      {
        baseUrl: clean(integration.baseUrl),
        apiKey: clean(integration.apiKey),
        model: clean(integration.model),
      },
      'integration',
    );
  }
  const baseUrl = clean(env.IOFOLD_LLM_BASE_URL);
  let name = clean(env.IOFOLD_LLM_PROVIDER)?.toLowerCase();
  if (!name) {
    if (baseUrl) {
      name = 'openai-compatible';
    } else if (clean(env.OPENAI_API_KEY)) {
      name = 'openai';
    } else if (clean(env.ANTHROPIC_API_KEY)) {
      name = 'anthropic';
    } else if (clean(env.IOFOLD_LLM_API_KEY) || clean(env.IOFOLD_LLM_MODEL)) {
      return {
        ok: false,
        reason: 'invalid',
        message: 'Set IOFOLD_LLM_PROVIDER to say which provider the key or model is for.',
      };
    } else {
      return { ok: false, reason: 'none', message: UNCONFIGURED_MESSAGE };
    }
  }
  const preset = LLM_PRESETS[name];
  if (!preset) {
    const known = Object.keys(LLM_PRESETS).join(', ');
    return {
      ok: false,
      reason: 'invalid',
      message: `IOFOLD_LLM_PROVIDER=${name} is not one of: ${known}.`,
    };
  }
  if (name === 'openai-compatible' && !baseUrl) {
    return {
      ok: false,
      reason: 'invalid',
      message: 'IOFOLD_LLM_PROVIDER=openai-compatible needs IOFOLD_LLM_BASE_URL.',
    };
  }
  const apiKey =
    clean(env.IOFOLD_LLM_API_KEY) ?? preset.keyVars.map((v) => clean(env[v])).find(Boolean);
  return finish(preset, name, { baseUrl, apiKey, model: clean(env.IOFOLD_LLM_MODEL) }, 'env');
}
