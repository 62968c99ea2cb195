/**
 * A CPU profile of the playground's path to the first token (issue #22), for finding what to cut:
 * `npx tsx bench/playground/ttft-profile.ts chat|direct [calls]` writes
 * `ttft-<mode>.cpuprofile` (open it in Chrome's DevTools) covering only the timed calls, the same
 * calls as playground.bench.ts: `direct` is streamText on the mock provider, `chat` the route.
 * Sessions are created before the profiler starts. Read the two side by side.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import { createAgent } from '@/agents/create-agent';
import { createApp } from '@/api/app';
import { createSystemCtx } from '@/core/system-ctx';
import { startMockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import { createSession } from '@/playground/create-session';
import { bindAgentTool } from '@/tools/registry/bind-agent-tool';
import { registerTool } from '@/tools/registry/register-tools';
import { createApiKey } from '@/workspaces/create-api-key';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';

const mode = process.argv[2] === 'direct' ? 'direct' : 'chat';
const calls = Number(process.argv[3] ?? 300);
const llm = await startMockLlmServer({ responder: () => ({ text: 'Hello, how can I help?' }) });
const scratch = scratchDir('playground-profile');
const deps = {
  ...openBenchDeps(scratch.file('playground.db')),
  llmEnv: {
    IOFOLD_LLM_PROVIDER: 'openai-compatible',
    IOFOLD_LLM_BASE_URL: llm.baseUrlV1,
    IOFOLD_LLM_MODEL: 'mock',
  },
};
try {
  const ctx = createSystemCtx(deps, await insertWorkspace(deps), 'bench');
  const app = createApp(() => deps);
  const { secretKey } = await createApiKey(ctx, { name: 'bench', role: 'owner' });
  const agent = await createAgent(ctx, { name: 'shop', promptTemplate: 'You are the shop agent.' });
  const tool = await registerTool(ctx, {
    origin: 'manual',
    tool: { name: 'lookup', inputSchema: { type: 'object', properties: {} } },
  });
  await bindAgentTool(ctx, { agentId: agent.id, toolId: tool.id, mode: 'replay' });
  const model = createOpenAI({ baseURL: llm.baseUrlV1, apiKey: 'bench' }).chat('mock');
  const sessions: string[] = [];
  for (let i = 0; i < calls + 20; i++) {
    sessions.push((await createSession(ctx, { agentId: agent.id })).id);
  }

  async function direct() {
    const result = streamText({ model, system: 'You are the shop agent.', prompt: 'hi' });
    for await (const _ of result.textStream) {
    }
  }
  async function chat(id: string) {
    const response = await app.request(`/v1/playground/sessions/${id}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
      body: JSON.stringify({
        message: { id: `u-${id}`, role: 'user', parts: [{ type: 'text', text: 'hi' }] },
      }),
    });
    await response.text();
  }
  const run = (i: number) => (mode === 'direct' ? direct() : chat(sessions[i] as string));
  for (let i = 0; i < 20; i++) {
    await run(calls + i);
  }
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
  await inspector.post('Profiler.start');
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    await run(i);
  }
  const elapsed = performance.now() - started;
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(`ttft-${mode}.cpuprofile`, JSON.stringify(profile));
  console.log(
    `${mode}: ${calls} calls, ${(elapsed / calls).toFixed(2)} ms each (wall, whole reply)`,
  );
} finally {
  deps.close();
  scratch.remove();
  await llm.close();
}
