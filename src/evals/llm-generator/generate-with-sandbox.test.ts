import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '@/core/ports/sandbox';
import { createAiSdkProvider } from '@/llm/create-ai-sdk-provider';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node';
import { generateLlmCandidates } from './generate-llm-candidates';
import { makeLabelledSet, VALID_REFUND_EVAL } from './testing-fixtures';

let server: MockLlmServer;
let sandbox: Sandbox;
beforeAll(async () => {
  server = await startMockLlmServer();
  sandbox = createPyodideSandbox({ poolSize: 1 });
});
afterAll(async () => {
  await server.close();
  await sandbox.close();
});

describe('generateLlmCandidates with the real sandbox static check', () => {
  it('fixes a forbidden import from the sandbox feedback, and the result agrees with held-out labels', async () => {
    server.setResponder((request) => ({
      text: /did not pass the static check/.test(request.lastUserText)
        ? `\`\`\`python\n${VALID_REFUND_EVAL}\`\`\``
        : `\`\`\`python\nimport requests\n${VALID_REFUND_EVAL}\`\`\``,
    }));
    const traces = makeLabelledSet(10);
    const provider = createAiSdkProvider({
      kind: 'openai',
      model: 'local',
      baseUrl: server.baseUrlV1,
    });
    const result = await generateLlmCandidates(
      { provider, check: (code) => sandbox.check(code) },
      { evalName: 'refund_honesty', traces, count: 1, maxPromptTraces: 4 },
    );
    const [candidate] = result.candidates;
    expect(candidate).toMatchObject({ status: 'valid', attempts: 2 });
    expect(server.requests[1]?.lastUserText).toMatch(/line 1: import of 'requests' is not allowed/);

    const heldOut = traces.filter((t) => result.excludedTraceIds.includes(t.view.trace_id));
    expect(heldOut).toHaveLength(6);
    const run = await sandbox.runEval({
      code: candidate?.code ?? '',
      traces: heldOut.map((t) => t.view),
      workspaceId: 'ws-test',
    });
    expect(run.ok).toBe(true);
    const verdicts = run.ok ? run.outcomes.map((o) => o.ok && o.passed) : [];
    expect(verdicts).toEqual(heldOut.map((t) => t.label === 'positive'));
  });
});
