import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '@/agents/create-agent';
import { createSystemCtx } from '@/core/system-ctx';
import { playgroundSessions, playgroundSteps, traces } from '@/db/schema';
import { createIntegration } from '@/integrations/create-integration';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { bindAgentTool } from '@/tools/registry/bind-agent-tool';
import { registerTool } from '@/tools/registry/register-tools';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { firstWorkspaceId, loginLinkOf } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

/** A tool result gets an answer; a question about an order asks the manual tool for it. */
function agent(request: MockRequest) {
  const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
  const last = messages.at(-1);
  if (last?.role === 'tool') {
    return { text: `Your order: ${String(last.content)}` };
  }
  if (request.lastUserText.includes('order')) {
    return { toolCalls: [{ name: 'get_order', arguments: { order: 'A1' } }] };
  }
  return { text: `Hello from the shop, you said ${request.lastUserText}` };
}

describe.skipIf(skipReason !== null)('playground in Chromium', () => {
  let stack: Stack;
  let llm: MockLlmServer;
  let page: Page;
  let agentId = '';

  beforeAll(async () => {
    llm = await startMockLlmServer({ responder: agent });
    stack = await startStack();
    const ctx = createSystemCtx(stack.host.deps, await firstWorkspaceId(stack.host.deps));
    await createIntegration(ctx, {
      kind: 'openai',
      name: 'mock model',
      baseUrl: llm.baseUrlV1,
      config: { model: 'mock-model' },
      secret: 'mock-key',
    });
    agentId = (await createAgent(ctx, { name: 'shop', promptTemplate: 'You are the shop agent.' }))
      .id;
    const tool = await registerTool(ctx, {
      origin: 'manual',
      tool: {
        name: 'get_order',
        inputSchema: { type: 'object', properties: { order: { type: 'string' } } },
      },
    });
    await bindAgentTool(ctx, { agentId, toolId: tool.id, mode: 'manual' });
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(loginLinkOf(stack.host));
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
    await llm?.close();
  });

  it('streams a reply, shows a manual tool call, takes its result and continues; reload restores it; it is a trace', async () => {
    await page.goto(`${stack.host.url}/playground?agentId=${agentId}`);
    await page.getByRole('button', { name: 'Start a session with this agent' }).click();
    await page.waitForURL(/\/playground\/pg_/);
    const send = page.getByRole('form', { name: 'Send a message' });
    await send.getByLabel('Message').fill('hi there');
    await send.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Hello from the shop, you said hi there').waitFor();
    await send.getByLabel('Message').fill('where is my order?');
    await send.getByRole('button', { name: 'Send' }).click();
    const result = page.getByRole('form', { name: 'Result of get_order' });
    await result.waitFor();
    await screenshot(page, 'playground-manual-tool');
    await result.getByLabel('Result').fill('shipped on Monday');
    await result.getByRole('button', { name: 'Send result' }).click();
    await page.getByText('Your order: shipped on Monday').waitFor();
    await screenshot(page, 'playground-continued');
    // the turn is stored when its stream ends
    for (let i = 0; i < 100; i++) {
      const [row] = await stack.host.deps.db.select().from(playgroundSessions);
      if (row?.status === 'idle' && row.traceId) {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await page.reload();
    await page.getByText('Your order: shipped on Monday').waitFor();
    expect(await page.getByText('Hello from the shop, you said hi there').count()).toBe(1);
    const rows = await stack.host.deps.db.select().from(traces);
    const trace = rows.find((t) => t.source === 'playground');
    expect(trace).toBeDefined();
    const steps = await stack.host.deps.db.select().from(playgroundSteps);
    expect(steps.map((s) => s.kind).sort()).toEqual(['model', 'model', 'model', 'tool']);
    await page.getByRole('link', { name: 'Its trace' }).click();
    await page.waitForURL(/\/traces\//);
  });
});
