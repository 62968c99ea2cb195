import { afterAll, beforeAll } from 'vitest';
import type { LlmEnv } from '@/core/pick-llm-env';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import type { MockResponder } from '@/llm/testing/mock-reply';
import { createPyodideSandbox } from '@/sandbox/pyodide-sandbox.node.js';
import { toneResponder } from './tone-set';

/**
 * The model-bridge tests' world for one file: a Pyodide sandbox, warmed before the first test so
 * that no test times the sandbox's start, and a mock model server answering with `responder` (the
 * tone judge by default); both close after the file's tests.
 */
export function hybridWorld(responder: MockResponder = toneResponder) {
  const world = {
    sandbox: createPyodideSandbox({ poolSize: 1 }),
    server: undefined as unknown as MockLlmServer,
  };
  beforeAll(async () => {
    await world.sandbox.check('def eval_warm(trace):\n    return True, "warm"\n');
    world.server = await startMockLlmServer({ responder });
  });
  afterAll(async () => {
    await world.server?.close();
    await world.sandbox.close();
  });
  return world;
}

/** Model settings that send a context's model calls to the mock `server` (gpt-4o-mini has a list price). */
export const mockModelEnv = (
  server: MockLlmServer,
  protocol: 'openai' | 'anthropic' = 'openai',
  model = 'gpt-4o-mini',
): LlmEnv => ({
  IOFOLD_LLM_PROVIDER: protocol,
  IOFOLD_LLM_BASE_URL: server.baseUrlV1,
  IOFOLD_LLM_MODEL: model,
  IOFOLD_LLM_API_KEY: 'test-key',
});
