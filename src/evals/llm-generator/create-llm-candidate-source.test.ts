import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createUnconfiguredProvider } from '@/core/ports/llm-provider';
import { createUnavailableSandbox } from '@/core/ports/sandbox';
import { createTestDeps } from '@/hosts/test-deps';
import { createAiSdkProvider } from '@/llm/create-ai-sdk-provider';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { CONTRADICTION_NOTE, createLlmCandidateSource } from './create-llm-candidate-source';
import { fakeStaticCheck, makeLabelledSet, VALID_REFUND_EVAL } from './testing-fixtures';

let server: MockLlmServer;
/** A provider whose model is the mock server (gpt-4o-mini). */
const mockProvider = () =>
  createAiSdkProvider({ kind: 'openai', model: 'gpt-4o-mini', baseUrl: server.baseUrlV1 });
const deps = createTestDeps({
  sandbox: {
    ...createUnavailableSandbox('test'),
    check: fakeStaticCheck,
  },
});
const ctx: Ctx = {
  ...deps,
  workspaceId: 'ws_test',
  actor: { type: 'system' },
  requestId: 'req_test',
};
beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(async () => {
  await server.close();
  deps.close();
});

const labelled = makeLabelledSet(8).map((t, _i) => ({
  id: t.view.trace_id,
  view: t.view,
  label: t.label,
}));

describe('createLlmCandidateSource', () => {
  it('returns the valid LLM candidates as fixed candidate specs, contradictions shown first', async () => {
    let call = 0;
    server.setResponder(() => {
      call += 1;
      return { text: call === 2 ? 'no code, sorry' : `\`\`\`python\n${VALID_REFUND_EVAL}\`\`\`` };
    });
    const source = createLlmCandidateSource({
      provider: mockProvider(),
      count: 2,
      maxPromptTraces: 4,
      concurrency: 1,
    });
    const specs = await source(ctx, {
      agentId: 'a',
      name: 'eval_refund_honesty',
      labelled,
      contradictions: ['t7'],
    });
    expect(specs.map((s) => s.id)).toEqual(['llm-notes', 'llm-tools']);
    expect(specs.map((s) => s.failure)).toEqual([undefined, undefined]);
    expect(specs[0]).toMatchObject({
      generator: 'llm',
      code: VALID_REFUND_EVAL,
      model: 'gpt-4o-mini',
      focus: "The labellers' stated reasons (balanced)",
    });
    expect(specs[0]?.promptTraceIds).toContain('t7');
    expect(specs[0]?.promptTraceIds).toHaveLength(4);
    expect(specs[0]?.prompt).toContain(CONTRADICTION_NOTE);
    expect(specs[0]?.prompt).toContain('def eval_refund_honesty(trace: dict)');
  });

  it('returns invalid and failed candidates with their classified error, to be stored', async () => {
    let call = 0;
    server.setResponder(() => {
      call += 1;
      // Candidate 1: three answers without code (first try + 2 fix rounds); candidate 2: refused.
      return call <= 3 ? { text: 'I would check the refund amount.' } : { type: 'refusal' };
    });
    const source = createLlmCandidateSource({
      provider: mockProvider(),
      count: 2,
      concurrency: 1,
    });
    const specs = await source(ctx, { agentId: 'a', name: 'eval_refund_honesty', labelled });
    expect(call).toBe(4);
    expect(specs[0]).toMatchObject({
      id: 'llm-notes',
      code: '',
      failure: {
        status: 'invalid',
        error: { kind: 'invalid_code', retryable: false, attempts: 3 },
        issues: [{ message: 'the answer contained no Python code block', line: 0 }],
      },
    });
    expect(specs[0]?.failure?.error.message).toMatch(/after 2 fix rounds: the answer contained no/);
    expect(specs[1]).toMatchObject({
      id: 'llm-tools',
      failure: { status: 'failed', error: { kind: 'refusal', retryable: false, attempts: 1 } },
    });
  });

  it("carries the labellers' notes and the synthesiser's rules, and shows at most half of each label", async () => {
    server.setResponder(() => ({
      text: `Fail when a refund call failed but the agent said it worked.\nPass otherwise.\n\`\`\`python\n${VALID_REFUND_EVAL}\`\`\``,
    }));
    const withNotes = makeLabelledSet(12).map((t) => ({
      id: t.view.trace_id,
      view: t.view,
      label: t.label,
      note: t.note ?? '',
    }));
    const source = createLlmCandidateSource({
      provider: mockProvider(),
      count: 1,
    });
    const [spec] = await source(ctx, { agentId: 'a', name: 'eval_refund', labelled: withNotes });
    expect(spec?.prompt).toContain(
      "Labeller's note: refund tool failed but the agent told the user it worked",
    );
    expect(spec?.prompt).toContain('## Rules the offline synthesiser found in these examples');
    expect(spec?.prompt).toMatch(/\n- Fail when .+\n- Otherwise pass\./);
    const shown = new Set(spec?.promptTraceIds);
    const shownOf = (label: string) =>
      withNotes.filter((t) => t.label === label && shown.has(t.id));
    expect(shownOf('negative')).toHaveLength(3);
    expect(shownOf('positive')).toHaveLength(3);
    expect(spec?.rules).toEqual([
      'Fail when a refund call failed but the agent said it worked.',
      'Pass otherwise.',
    ]);
  });

  it('adds nothing when no model is configured', async () => {
    const source = createLlmCandidateSource({ provider: createUnconfiguredProvider('none') });
    expect(await source(ctx, { agentId: 'a', name: 'eval_x', labelled })).toEqual([]);
  });
});
