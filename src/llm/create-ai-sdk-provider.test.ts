import { describe, expect, it } from 'vitest';
import { createAiSdkProvider } from './create-ai-sdk-provider';
import type { AiSdkProviderConfig } from './provider-config';
import { mockLlmForFile } from './testing/mock-llm-for-file.node';
import { startMockLlmServer } from './testing/mock-llm-server.node';

const apiKey = 'sk-provider-test';
const mock = mockLlmForFile({ apiKey });

const fastRetry = { baseDelayMs: 1, maxDelayMs: 2000 };
const openai = (overrides: Partial<AiSdkProviderConfig> = {}) =>
  createAiSdkProvider({
    kind: 'openai',
    model: 'gpt-4o-mini',
    baseUrl: mock.server.baseUrlV1,
    apiKey,
    retry: fastRetry,
    ...overrides,
  });
const anthropic = (overrides: Partial<AiSdkProviderConfig> = {}) =>
  createAiSdkProvider({
    kind: 'anthropic',
    model: 'claude-sonnet-4-5',
    baseUrl: mock.server.baseUrlV1,
    apiKey,
    retry: fastRetry,
    ...overrides,
  });
const ask = { system: 'Be brief.', messages: [{ role: 'user' as const, content: 'Say hi' }] };

describe('createAiSdkProvider over OpenAI chat completions', () => {
  it('returns text, usage and cost, sending Bearer auth and the system prompt', async () => {
    mock.server.enqueue({ text: 'hi!', usage: { inputTokens: 1000, outputTokens: 500 } });
    const result = await openai().complete(ask);
    expect(result).toMatchObject({
      ok: true,
      text: 'hi!',
      usage: { inputTokens: 1000, outputTokens: 500 },
      cached: false,
      costUsd: 0.00045,
      attempts: 1,
    });
    const request = mock.server.requests[0];
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.authScheme).toBe('bearer');
    expect(request?.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hi' },
    ]);
  });

  it('uses the request model over the configured one and leaves unknown models without cost', async () => {
    mock.server.enqueue({ text: 'ok' });
    const result = await openai().complete({ ...ask, model: 'llama3.1:8b' });
    expect(mock.server.requests[0]?.model).toBe('llama3.1:8b');
    expect(result.ok && result.costUsd).toBeUndefined();
  });

  it('sends no auth header when no key is configured (local servers)', async () => {
    const local = await startMockLlmServer();
    try {
      const provider = createAiSdkProvider({
        kind: 'openai',
        model: 'qwen',
        baseUrl: local.baseUrlV1,
      });
      const result = await provider.complete(ask);
      expect(result.ok).toBe(true);
      expect(local.requests[0]?.headers.authorization).toBeUndefined();
      expect(local.requests[0]?.authScheme).toBeNull();
    } finally {
      await local.close();
    }
  });

  it('retries a 429 after its Retry-After and then succeeds', async () => {
    mock.server.enqueue({ type: 'rate_limit', retryAfterSeconds: 1 }, { text: 'after wait' });
    const started = Date.now();
    const result = await openai().complete(ask);
    expect(result).toMatchObject({ ok: true, text: 'after wait', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(mock.server.requests).toHaveLength(2);
  });

  it('gives up at once when Retry-After is longer than the policy allows', async () => {
    mock.server.enqueue({ type: 'rate_limit', retryAfterSeconds: 600 });
    const result = await openai().complete(ask);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'rate_limit', retryable: true, status: 429 },
    });
    expect(mock.server.requests).toHaveLength(1);
  });

  it('retries 5xx with backoff up to maxRetries, then reports a server error', async () => {
    mock.server.enqueue(...Array.from({ length: 4 }, () => ({ type: 'server_error' as const })));
    const result = await openai({ retry: { ...fastRetry, maxRetries: 2 } }).complete(ask);
    expect(result).toMatchObject({
      ok: false,
      attempts: 3,
      error: { kind: 'server', status: 500 },
    });
    expect(mock.server.requests).toHaveLength(3);
    mock.server.enqueue({ text: 'drain' });
    await openai().complete(ask);
  });

  it('classifies 401 as auth and does not retry it', async () => {
    const result = await openai({ apiKey: 'wrong' }).complete(ask);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'auth', retryable: false, status: 401 },
    });
    expect(!result.ok && result.error.message).toMatch(/Incorrect API key/);
    expect(mock.server.requests).toHaveLength(1);
  });

  it('classifies the context-length error body', async () => {
    mock.server.enqueue({ type: 'context_length' });
    const result = await openai().complete(ask);
    expect(result).toMatchObject({ ok: false, error: { kind: 'context_length', status: 400 } });
  });

  it('does not retry a 429 for an exhausted quota', async () => {
    mock.server.enqueue({
      type: 'raw',
      status: 429,
      body: {
        error: {
          message: 'You exceeded your current quota.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
    });
    const result = await openai().complete(ask);
    expect(result).toMatchObject({ ok: false, error: { kind: 'rate_limit', retryable: false } });
    expect(mock.server.requests).toHaveLength(1);
  });

  it('reports a refusal', async () => {
    mock.server.enqueue({ type: 'refusal', text: 'I cannot help with that.' });
    const result = await openai().complete(ask);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'refusal', message: 'I cannot help with that.' },
    });
  });

  it('times out a hanging server within the deadline', async () => {
    mock.server.enqueue({ type: 'hang' });
    const result = await openai().complete({ ...ask, timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', retryable: true } });
  });

  it('stops when the caller aborts', async () => {
    mock.server.enqueue({ type: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await openai().complete(ask, { signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: { kind: 'aborted', retryable: false } });
  });

  it('classifies an unreachable server as a network error after retrying', async () => {
    const gone = await startMockLlmServer();
    const baseUrl = gone.baseUrlV1;
    await gone.close();
    const result = await openai({ baseUrl, retry: { ...fastRetry, maxRetries: 1 } }).complete(ask);
    expect(result).toMatchObject({
      ok: false,
      attempts: 2,
      error: { kind: 'network', retryable: true },
    });
  });
});

describe('createAiSdkProvider over Anthropic messages', () => {
  it('returns text and usage, sending x-api-key and anthropic-version', async () => {
    mock.server.enqueue({
      text: 'hello from claude',
      usage: { inputTokens: 2000, outputTokens: 100 },
    });
    const result = await anthropic().complete(ask);
    expect(result).toMatchObject({
      ok: true,
      text: 'hello from claude',
      usage: { inputTokens: 2000, outputTokens: 100 },
      costUsd: 0.0075,
    });
    const request = mock.server.requests[0];
    expect(request?.path).toBe('/v1/messages');
    expect(request?.authScheme).toBe('x-api-key');
    expect(request?.headers['anthropic-version']).toBeTruthy();
    expect(request?.body.system).toEqual([{ type: 'text', text: 'Be brief.' }]);
  });

  it('accepts a base URL without /v1', async () => {
    mock.server.enqueue({ text: 'ok' });
    const result = await anthropic({ baseUrl: mock.server.url }).complete(ask);
    expect(result.ok).toBe(true);
  });

  it('retries 529 overloaded, classifies context length and refusal', async () => {
    mock.server.enqueue({ type: 'server_error', status: 529 }, { text: 'recovered' });
    expect(await anthropic().complete(ask)).toMatchObject({ ok: true, attempts: 2 });
    mock.server.enqueue({ type: 'context_length' });
    expect(await anthropic().complete(ask)).toMatchObject({
      ok: false,
      error: { kind: 'context_length', message: expect.stringMatching(/prompt is too long/) },
    });
    mock.server.enqueue({ type: 'refusal' });
    expect(await anthropic().complete(ask)).toMatchObject({
      ok: false,
      error: { kind: 'refusal' },
    });
  });

  it('classifies a wrong key as auth', async () => {
    const result = await anthropic({ apiKey: 'bad' }).complete(ask);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'auth', message: 'invalid x-api-key' },
    });
  });
});
