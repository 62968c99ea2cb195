import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { parseRetryAfter } from './classify-llm-error';
import { computeCost, findModelPrice } from './price-table';
import { DEFAULT_RETRY } from './provider-config';

describe('price table', () => {
  it('matches exact ids, dated snapshots by longest prefix, and vendor-prefixed ids', () => {
    expect(findModelPrice('gpt-4o')?.inputPerMillion).toBe(2.5);
    expect(findModelPrice('gpt-4o-mini-2024-07-18')?.inputPerMillion).toBe(0.15);
    expect(findModelPrice('openai/gpt-4.1-mini')?.outputPerMillion).toBe(1.6);
    expect(findModelPrice('claude-sonnet-4-5-20250929')?.inputPerMillion).toBe(3);
  });

  it('gives no cost for unknown models', () => {
    expect(computeCost('llama3.1:8b', { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
    expect(computeCost('gpt-4o', { inputTokens: 1_000_000, outputTokens: 0 })).toBe(2.5);
  });
});

describe('retry timing', () => {
  it('parses retry-after-ms, seconds and HTTP dates', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250' })).toBe(250);
    expect(parseRetryAfter({ 'retry-after': '2' })).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
    expect(parseRetryAfter({})).toBeUndefined();
  });

  it('backs off exponentially with jitter inside [step/2, step]', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100 };
    expect(backoffDelay(0, policy, undefined, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, undefined, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, undefined, () => 1)).toBe(800);
    expect(backoffDelay(30, policy, undefined, () => 1)).toBe(policy.maxDelayMs);
  });

  it('honours Retry-After, and refuses one longer than the cap', () => {
    expect(backoffDelay(0, DEFAULT_RETRY, 1234)).toBe(1234);
    expect(backoffDelay(0, DEFAULT_RETRY, 60_000)).toBeNull();
  });
});
