import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cachedProvider } from '@/llm/cached-provider';
import { createAiSdkProvider } from '@/llm/create-ai-sdk-provider';
import { createMemoryLlmCache } from '@/llm/llm-cache';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { generateLlmCandidates } from './generate-llm-candidates';
import { fakeStaticCheck, makeLabelledSet, VALID_REFUND_EVAL } from './testing-fixtures';
import type { StaticCheck } from './types';

let server: MockLlmServer;
beforeAll(async () => {
  server = await startMockLlmServer({ apiKey: 'k' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.setResponder(() => ({
    text: `Check tool errors.\n\n\`\`\`python\n${VALID_REFUND_EVAL}\`\`\``,
  }));
});

const openai = () =>
  createAiSdkProvider({
    kind: 'openai',
    model: 'gpt-4o-mini',
    baseUrl: server.baseUrlV1,
    apiKey: 'k',
    retry: { baseDelayMs: 1 },
  });
const input = {
  evalName: 'refund_honesty',
  traces: makeLabelledSet(10),
  agentDescription: 'Acme refunds agent',
};
type Deps = Parameters<typeof generateLlmCandidates>[0];
type Input = Parameters<typeof generateLlmCandidates>[1];
/** One candidate (unless `options` asks more) from the mock server, statically checked by the fake. */
const generate = (options: Partial<Input> = {}, deps: Partial<Deps> = {}) =>
  generateLlmCandidates(
    { provider: openai(), check: fakeStaticCheck, ...deps },
    { ...input, count: 1, ...options },
  );
const answer = (code: string) => ({
  text: `Approach.\n\`\`\`python\n${code}\`\`\``,
  usage: { inputTokens: 1000, outputTokens: 200 },
});
const focusOf = (request: MockRequest) =>
  /## Your focus: ([^\n(]+)/.exec(request.lastUserText)?.[1]?.trim();

describe('generateLlmCandidates against the mock OpenAI server', () => {
  it('returns valid candidates that differ in focus, with prompt, trace ids, usage and cost', async () => {
    server.setResponder(() => answer(VALID_REFUND_EVAL));
    const result = await generate({ count: 3, maxPromptTraces: 6 });
    expect(result.candidates.map((c) => c.status)).toEqual(['valid', 'valid', 'valid']);
    expect(result.candidates.map((c) => c.focus.id)).toEqual(['notes', 'tools', 'outcome']);
    expect(new Set(server.requests.map(focusOf)).size).toBe(3);
    expect(result.promptTraceIds).toHaveLength(6);
    expect(result.excludedTraceIds).toHaveLength(4);
    const [first] = result.candidates;
    expect(first).toMatchObject({
      code: VALID_REFUND_EVAL,
      functionName: 'eval_refund_honesty',
      attempts: 1,
      model: 'gpt-4o-mini',
      cached: false,
      rationale: 'Approach.',
      usage: { inputTokens: 1000, outputTokens: 200 },
      costUsd: 0.00027,
    });
    expect(first?.promptTraceIds).toEqual(result.promptTraceIds);
    expect(first?.prompt.system).toMatch(
      /def eval_refund_honesty\(trace: dict\) -> tuple\[bool, str\]/,
    );
    expect(first?.prompt.user).toContain('Acme refunds agent');
    for (const id of result.promptTraceIds) {
      expect(first?.prompt.user).toContain(`trace ${id}`);
    }
    for (const id of result.excludedTraceIds) {
      expect(first?.prompt.user).not.toContain(`trace ${id},`);
    }
    expect(result.usage).toEqual({ inputTokens: 3000, outputTokens: 600 });
    expect(result.costUsd).toBeCloseTo(0.00081, 8);
  });

  it('feeds static errors back and accepts the fixed code', async () => {
    server.setResponder((request) =>
      /did not pass the static check/.test(request.lastUserText)
        ? answer(VALID_REFUND_EVAL)
        : answer(`import requests\n\n${VALID_REFUND_EVAL}`),
    );
    const result = await generate();
    expect(result.candidates[0]).toMatchObject({
      status: 'valid',
      attempts: 2,
      code: VALID_REFUND_EVAL,
    });
    const fix = server.requests[1];
    expect(fix?.lastUserText).toContain("line 1: import of 'requests' is not allowed");
    const messages = fix?.body.messages as { role: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(result.candidates[0]?.usage.inputTokens).toBe(2000);
  });

  it('reports a candidate invalid after two failed fix rounds, with its last issues', async () => {
    server.setResponder(() =>
      answer('import os\n\ndef eval_refund_honesty(trace):\n    return True, "x"\n'),
    );
    const result = await generate();
    expect(result.candidates[0]).toMatchObject({
      status: 'invalid',
      attempts: 3,
      issues: [{ message: "import of 'os' is not allowed", line: 1 }],
    });
    expect(server.requests).toHaveLength(3);
  });

  it('asks again when the answer has no code, and insists on the function name', async () => {
    let call = 0;
    server.setResponder(() => {
      call += 1;
      if (call === 1) {
        return { text: 'Sure, I would check the tool errors.' };
      }
      if (call === 2) {
        return answer(VALID_REFUND_EVAL.replace('eval_refund_honesty', 'eval_other'));
      }
      return answer(VALID_REFUND_EVAL);
    });
    const result = await generate();
    expect(result.candidates[0]).toMatchObject({ status: 'valid', attempts: 3 });
    expect(server.requests[1]?.lastUserText).toContain('no Python code block');
    expect(server.requests[2]?.lastUserText).toContain(
      'must be named eval_refund_honesty, not eval_other',
    );
  });

  it('reports a refusal as a failed candidate without retrying it', async () => {
    server.setResponder(() => ({ type: 'refusal', text: 'I cannot help with that.' }));
    const result = await generate({ count: 2 });
    expect(result.candidates.map((c) => [c.status, c.error?.kind, c.attempts])).toEqual([
      ['failed', 'refusal', 1],
      ['failed', 'refusal', 1],
    ]);
    expect(result.candidates[0]?.code).toBeNull();
  });

  it('rides out a 429 with Retry-After through the provider', async () => {
    server.enqueue({ type: 'rate_limit', retryAfterSeconds: 0 });
    server.setResponder(() => answer(VALID_REFUND_EVAL));
    const result = await generate();
    expect(result.candidates[0]).toMatchObject({ status: 'valid', attempts: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it('re-condenses the examples to half the budget after a context-length rejection', async () => {
    server.enqueue({ type: 'context_length' });
    server.setResponder(() => answer(VALID_REFUND_EVAL));
    const traces = makeLabelledSet(10, { chatter: 6, systemLength: 2000 });
    const result = await generate({ traces, tokenBudget: 8000 });
    expect(result.candidates[0]).toMatchObject({ status: 'valid' });
    expect(server.requests).toHaveLength(2);
    const [tooLong, shorter] = server.requests.map((r) => r.lastUserText.length);
    expect(shorter).toBeLessThan((tooLong ?? 0) * 0.75);
    expect(result.promptTraceIds).toEqual(result.candidates[0]?.promptTraceIds);
  });

  it('stops a candidate when the static check itself cannot run', async () => {
    const unavailable: StaticCheck = async () => ({
      ok: false,
      issues: [],
      error: { message: 'no sandbox' },
    });
    const result = await generate({}, { check: unavailable });
    expect(result.candidates[0]).toMatchObject({
      status: 'failed',
      error: { kind: 'check_unavailable' },
    });
    expect(server.requests).toHaveLength(1);
  });

  it('costs nothing on a re-run through the response cache', async () => {
    const provider = cachedProvider(openai(), createMemoryLlmCache());
    server.setResponder(() => answer(VALID_REFUND_EVAL));
    await generate({ count: 2 }, { provider });
    expect(server.requests).toHaveLength(2);
    const again = await generate({ count: 2 }, { provider });
    expect(server.requests).toHaveLength(2);
    expect(again.candidates.every((c) => c.cached && c.costUsd === 0 && c.status === 'valid')).toBe(
      true,
    );
  });
});

describe('generateLlmCandidates against the mock Anthropic server', () => {
  it('generates a valid candidate over the messages API', async () => {
    server.setResponder(() => answer(VALID_REFUND_EVAL));
    const provider = createAiSdkProvider({
      kind: 'anthropic',
      model: 'claude-haiku-4-5',
      baseUrl: server.url,
      apiKey: 'k',
    });
    const result = await generate({}, { provider });
    expect(result.candidates[0]).toMatchObject({
      status: 'valid',
      model: 'claude-haiku-4-5',
      costUsd: 0.002,
    });
    expect(server.requests[0]).toMatchObject({ path: '/v1/messages', authScheme: 'x-api-key' });
    expect(String(JSON.stringify(server.requests[0]?.body.system))).toContain(
      'eval_refund_honesty',
    );
  });
});
