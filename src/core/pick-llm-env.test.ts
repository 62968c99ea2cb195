import { describe, expect, it } from 'vitest';
import { nodeConfigFromEnv } from './config';
import { pickLlmEnv } from './pick-llm-env';

describe('pickLlmEnv', () => {
  it('keeps only non-empty model-provider settings from an env or bindings object', () => {
    const env = {
      IOFOLD_LLM_PROVIDER: 'ollama',
      IOFOLD_LLM_MODEL: 'qwen2.5-coder:14b',
      IOFOLD_LLM_API_KEY: ' ',
      OPENAI_API_KEY: 'sk-1',
      HOME: '/root',
      DB: { prepare() {} },
    };
    expect(pickLlmEnv(env)).toEqual({
      IOFOLD_LLM_PROVIDER: 'ollama',
      IOFOLD_LLM_MODEL: 'qwen2.5-coder:14b',
      OPENAI_API_KEY: 'sk-1',
    });
  });

  it('is part of the Node host configuration', () => {
    const config = nodeConfigFromEnv({ ANTHROPIC_API_KEY: 'sk-ant', PATH: '/bin' });
    expect(config.llmEnv).toEqual({ ANTHROPIC_API_KEY: 'sk-ant' });
  });
});
