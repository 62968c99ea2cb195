import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@/core/canonical-json';
import type { LlmProvider, LlmRequest, LlmResult } from '@/core/ports/llm-provider';
import { cachedProvider } from './cached-provider';
import { computeLlmCacheKey } from './compute-llm-cache-key';
import { createMemoryLlmCache, type LlmCache } from './llm-cache';

function countingProvider(results: LlmResult[]): LlmProvider & { calls: number } {
  const fake = {
    id: 'fake:m',
    model: 'm',
    calls: 0,
    complete: async () => {
      const result = results[Math.min(fake.calls, results.length - 1)];
      fake.calls += 1;
      if (!result) {
        throw new Error('no scripted result');
      }
      return result;
    },
  };
  return fake;
}

const ok = (text: string): LlmResult => ({
  ok: true,
  text,
  model: 'm',
  usage: { inputTokens: 10, outputTokens: 5 },
  latencyMs: 3,
  cached: false,
  costUsd: 0.01,
});
const request: LlmRequest = {
  system: 's',
  messages: [{ role: 'user', content: 'q' }],
  temperature: 0,
};

describe('cache key', () => {
  it('is stable across key order and undefined fields, and changes with model or params', async () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2}]},"b":1}',
    );
    const base = await computeLlmCacheKey(request, 'm');
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(
      await computeLlmCacheKey({ temperature: 0, messages: request.messages, system: 's' }, 'm'),
    ).toBe(base);
    expect(await computeLlmCacheKey({ ...request, timeoutMs: 5 }, 'm')).toBe(base);
    expect(await computeLlmCacheKey(request, 'other')).not.toBe(base);
    expect(await computeLlmCacheKey({ ...request, temperature: 0.7 }, 'm')).not.toBe(base);
    expect(await computeLlmCacheKey({ ...request, system: 't' }, 'm')).not.toBe(base);
  });
});

describe('cachedProvider', () => {
  it('answers a repeated request from the cache with cached: true and no cost', async () => {
    const inner = countingProvider([ok('first'), ok('second')]);
    const cache = createMemoryLlmCache();
    const provider = cachedProvider(inner, cache);
    expect(await provider.complete(request)).toMatchObject({
      ok: true,
      text: 'first',
      cached: false,
      costUsd: 0.01,
    });
    expect(await provider.complete(request)).toMatchObject({
      ok: true,
      text: 'first',
      cached: true,
      costUsd: 0,
      usage: { inputTokens: 10, outputTokens: 5 },
    });
    expect(inner.calls).toBe(1);
    await provider.complete({ ...request, messages: [{ role: 'user', content: 'other' }] });
    expect(inner.calls).toBe(2);
    expect(cache.size()).toBe(2);
  });

  it('does not cache failures', async () => {
    const failure: LlmResult = {
      ok: false,
      error: { kind: 'server', message: 'x', retryable: true },
    };
    const inner = countingProvider([failure, ok('later')]);
    const provider = cachedProvider(inner, createMemoryLlmCache());
    expect((await provider.complete(request)).ok).toBe(false);
    expect(await provider.complete(request)).toMatchObject({ ok: true, cached: false });
    expect(inner.calls).toBe(2);
  });

  it('keys on the request model when it overrides the provider model', async () => {
    const inner = countingProvider([ok('a')]);
    const provider = cachedProvider(inner, createMemoryLlmCache());
    await provider.complete(request);
    await provider.complete({ ...request, model: 'bigger' });
    expect(inner.calls).toBe(2);
  });

  it('still answers when the cache itself fails', async () => {
    const broken: LlmCache = {
      get: async () => {
        throw new Error('db down');
      },
      put: async () => {
        throw new Error('db down');
      },
    };
    const errors: unknown[] = [];
    const provider = cachedProvider(countingProvider([ok('x')]), broken, {
      onCacheError: (error) => errors.push(error),
    });
    expect(await provider.complete(request)).toMatchObject({ ok: true, text: 'x' });
    expect(errors).toHaveLength(2);
  });
});
