import { createOpenAI } from '@ai-sdk/openai';
import { createAgent } from '@/agents/create-agent';
import { createApp } from '@/api/app';
import { createSystemCtx } from '@/core/system-ctx';
import type { MockLlmServer } from '@/llm/testing/mock-llm-server.node.js';
import { bindAgentTool } from '@/tools/registry/bind-agent-tool';
import { registerTool } from '@/tools/registry/register-tools';
import { createApiKey } from '@/workspaces/create-api-key';
import { insertWorkspace, openBenchDeps, scratchDir } from '../lib/bench-deps';

/**
 * The playground benches' world: a real SQLite file whose model is the mock server, a workspace
 * with an owner key, the shop agent with one replayed tool, the app, and the same model called
 * directly (the baseline). Shared by playground.bench.ts and ttft-profile.ts, so the profile
 * covers the calls the bench times.
 */
export async function openPlaygroundWorld(llm: MockLlmServer, name: string) {
  const scratch = scratchDir(name);
  const deps = {
    ...openBenchDeps(scratch.file('playground.db')),
    llmEnv: {
      IOFOLD_LLM_PROVIDER: 'openai-compatible',
      IOFOLD_LLM_BASE_URL: llm.baseUrlV1,
      IOFOLD_LLM_MODEL: 'mock',
    },
  };
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
  return { scratch, deps, ctx, app, secretKey, agent, model };
}
