import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLlmConfig, UNCONFIGURED_MESSAGE } from './resolve-llm-config';
import { resolveLlmProvider } from './resolve-llm-provider';
import { type MockLlmServer, startMockLlmServer } from './testing/mock-llm-server.node';

describe('resolveLlmConfig', () => {
  it('reports none (a normal state) when nothing is set', () => {
    expect(resolveLlmConfig({ env: {} })).toEqual({
      ok: false,
      reason: 'none',
      message: UNCONFIGURED_MESSAGE,
    });
    expect(UNCONFIGURED_MESSAGE).toMatch(/IOFOLD_LLM_PROVIDER.*model provider integration/);
  });

  it('picks OpenAI or Anthropic from their standard key variables with default models', () => {
    expect(resolveLlmConfig({ env: { OPENAI_API_KEY: 'sk-o' } })).toEqual({
      ok: true,
      source: 'env',
      config: {
        kind: 'openai',
        model: 'gpt-4.1-mini',
        apiKey: 'sk-o',
        name: 'openai:gpt-4.1-mini',
      },
    });
    const anthropic = resolveLlmConfig({
      env: { ANTHROPIC_API_KEY: 'sk-a', IOFOLD_LLM_MODEL: 'claude-haiku-4-5' },
    });
    expect(anthropic).toMatchObject({
      ok: true,
      config: { kind: 'anthropic', model: 'claude-haiku-4-5', apiKey: 'sk-a' },
    });
  });

  it('applies presets for local servers and requires a model for them', () => {
    expect(resolveLlmConfig({ env: { IOFOLD_LLM_PROVIDER: 'ollama' } })).toMatchObject({
      ok: false,
      reason: 'invalid',
      message: expect.stringMatching(/IOFOLD_LLM_MODEL/),
    });
    expect(
      resolveLlmConfig({ env: { IOFOLD_LLM_PROVIDER: 'Ollama', IOFOLD_LLM_MODEL: 'llama3.1' } }),
    ).toMatchObject({
      ok: true,
      config: { kind: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1' },
    });
    expect(
      resolveLlmConfig({
        env: { IOFOLD_LLM_BASE_URL: 'http://gpu:8000/v1', IOFOLD_LLM_MODEL: 'qwen' },
      }),
    ).toMatchObject({ ok: true, config: { kind: 'openai', baseUrl: 'http://gpu:8000/v1' } });
  });

  it('prefers IOFOLD_LLM_API_KEY and rejects an unknown provider or a vendor API without a key', () => {
    expect(
      resolveLlmConfig({
        env: { IOFOLD_LLM_PROVIDER: 'openai', IOFOLD_LLM_API_KEY: 'a', OPENAI_API_KEY: 'b' },
      }),
    ).toMatchObject({ ok: true, config: { apiKey: 'a' } });
    expect(resolveLlmConfig({ env: { IOFOLD_LLM_PROVIDER: 'gemini' } })).toMatchObject({
      ok: false,
      reason: 'invalid',
      message: expect.stringMatching(/not one of/),
    });
    expect(resolveLlmConfig({ env: { IOFOLD_LLM_PROVIDER: 'anthropic' } })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/ANTHROPIC_API_KEY/),
    });
    expect(resolveLlmConfig({ env: { IOFOLD_LLM_API_KEY: 'k' } })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('uses the workspace integration before the environment', () => {
    const resolved = resolveLlmConfig({
      env: { OPENAI_API_KEY: 'env-key' },
      integration: { kind: 'anthropic', apiKey: 'int-key', baseUrl: null, model: null },
    });
    expect(resolved).toMatchObject({
      ok: true,
      source: 'integration',
      config: { kind: 'anthropic', apiKey: 'int-key', model: 'claude-sonnet-4-5' },
    });
  });
});

describe('resolveLlmProvider', () => {
  let server: MockLlmServer;
  beforeAll(async () => {
    server = await startMockLlmServer({ apiKey: 'k1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers unconfigured, as data, when nothing is set', async () => {
    const resolution = resolveLlmProvider({ env: {} });
    expect(resolution.configured).toBe(false);
    const result = await resolution.provider.complete({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unconfigured', retryable: false } });
  });

  it('builds a working provider from an integration record', async () => {
    const resolution = resolveLlmProvider({
      integration: { kind: 'anthropic', baseUrl: server.url, apiKey: 'k1', model: 'claude-test' },
    });
    expect(resolution).toMatchObject({
      configured: true,
      source: 'integration',
      model: 'claude-test',
    });
    server.enqueue({ text: 'configured' });
    const result = await resolution.provider.complete({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result).toMatchObject({ ok: true, text: 'configured' });
    expect(server.requests.at(-1)?.path).toBe('/v1/messages');
  });

  it('builds a working provider from the environment', async () => {
    const resolution = resolveLlmProvider({
      env: {
        IOFOLD_LLM_PROVIDER: 'openai',
        IOFOLD_LLM_BASE_URL: server.baseUrlV1,
        IOFOLD_LLM_API_KEY: 'k1',
      },
    });
    server.enqueue({ text: 'from env' });
    const result = await resolution.provider.complete({
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(result).toMatchObject({ ok: true, text: 'from env' });
    expect(server.requests.at(-1)).toMatchObject({
      path: '/v1/chat/completions',
      model: 'gpt-4.1-mini',
    });
  });
});
