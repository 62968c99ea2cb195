import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { agentVersions, playgroundSessions, playgroundSteps, traces } from '@/db/schema';
import { addActiveEval } from '@/evals/testing/add-active-eval';
import { labelTrace } from '@/feedback/label-trace';
import { createIntegration } from '@/integrations/create-integration';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockRequest } from '@/llm/testing/mock-reply';
import { createTaskset } from '@/optimize/tasksets/create-taskset';
import { bindAgentTool } from '@/tools/registry/bind-agent-tool';
import { registerTool } from '@/tools/registry/register-tools';
import { importTraces } from '@/traces/import/import-traces';
import { createApiKey } from '@/workspaces/create-api-key';
import { browserSkipReason, type Stack, screenshot, signedInPage, startStack } from './harness';
import { firstWorkspaceId } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

const SYSTEM = 'You are the shop agent.';
const PROPOSAL = `${SYSTEM}\nUse get_order to look up an order; when it fails, say so.\nAsk before you change an order.`;

/** Passes when the agent called get_order. */
const CALLED_GET_ORDER = `def eval_called_get_order(trace):
    for step in trace["steps"]:
        for call in step["tool_calls"]:
            if call["name"] == "get_order":
                return True, "looked the order up"
    return False, "never called get_order"
`;

/**
 * The improve step gets a proposal; a tool result gets an answer; a question about an order asks
 * the manual tool for it.
 */
function agent(request: MockRequest) {
  if (
    JSON.stringify(request.body.messages).includes('I gave an assistant the following instructions')
  ) {
    return { text: `Names the tool and asks first.\n\`\`\`\n${PROPOSAL}\n\`\`\`` };
  }
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
  let failingTraceId = '';

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
    // three traces of the agent, labelled bad: what improve learns from
    const failing = [1, 2, 3].map((i) =>
      JSON.stringify({
        id: `bad-${i}`,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: `parcel ${i} never arrived` },
          { role: 'assistant', content: 'Sorry.' },
        ],
      }),
    );
    await importTraces(ctx, new Blob([failing.join('\n')]).stream(), { format: 'openai' });
    const imported = await stack.host.deps.db.select().from(traces);
    agentId = imported[0]?.agentId ?? '';
    // a reviewer's key labels them (labels are a person's or a key's)
    const key = await createApiKey(ctx, { name: 'reviewer', role: 'member' });
    const reviewer = {
      ...ctx,
      actor: { type: 'apiKey' as const, keyId: key.apiKey.id, role: 'member' as const },
    };
    for (const t of imported) {
      await labelTrace(reviewer, {
        traceId: t.id,
        rating: 'negative',
        notes: 'no lookup, no answer',
      });
    }
    failingTraceId = imported[0]?.id ?? '';
    await addActiveEval(ctx, agentId, 'eval_called_get_order', CALLED_GET_ORDER);
    await createTaskset(ctx, {
      agentId,
      name: 'greetings',
      tasks: [1, 2, 3, 4].map((i) => ({
        externalId: `g${i}`,
        userMessage: `good day number ${i}`,
        split: i <= 2 ? ('test' as const) : ('train' as const),
      })),
    });
    const tool = await registerTool(ctx, {
      origin: 'manual',
      tool: {
        name: 'get_order',
        inputSchema: { type: 'object', properties: { order: { type: 'string' } } },
      },
    });
    await bindAgentTool(ctx, { agentId, toolId: tool.id, mode: 'manual' });
    page = await signedInPage(stack, { timeout: 10_000 });
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
    expect(trace?.agentId).toBe(agentId);
    const steps = await stack.host.deps.db.select().from(playgroundSteps);
    expect(steps.map((s) => s.kind).sort()).toEqual(['model', 'model', 'model', 'tool']);
    await page.getByRole('link', { name: 'Its trace' }).click();
    await page.waitForURL(/\/traces\//);
  });

  it('labels the session trace, which an eval judged; improves the prompt, runs the proposal over the test split, uses and saves it; compares; opens a trace at a step', async () => {
    // on the session's trace: the agent's eval ran on it, and a person labels it
    await page.getByRole('button', { name: 'Good' }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('button', { name: 'Good' }).waitFor();
          return page.getByText('looked the order up').count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Good' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await screenshot(page, 'playground-trace-labelled-evaluated');
    const [session] = await stack.host.deps.db.select().from(playgroundSessions);
    await page.goto(`${stack.host.url}/playground/${session?.id}`);

    await page.getByLabel('Notes for improve').fill('it should look the order up');
    await page.getByRole('button', { name: 'Improve from failing traces' }).click();
    const proposal = page.getByRole('region', { name: 'Proposal' });
    await proposal.getByText('Passes the guards and the lints.').waitFor();
    expect(await proposal.getByText('Names the tool and asks first.').count()).toBe(1);
    const run = proposal.getByRole('form', { name: 'Run the proposal' });
    await run.getByLabel('Split').selectOption('test');
    await run.getByRole('button', { name: 'Run on split' }).click();
    await run.getByText(/Run succeeded: 2\/2 tasks/).waitFor({ timeout: 60_000 });
    await screenshot(page, 'playground-improve-run');
    await proposal.getByRole('button', { name: 'Use the proposal' }).click();
    const prompt = page.getByRole('region', { name: 'Prompt' });
    await expect.poll(() => prompt.getByLabel('System prompt').inputValue()).toBe(PROPOSAL);
    await prompt.getByRole('button', { name: 'Save as candidate version' }).click();
    await prompt.getByText(/Saved as candidate version \d+/).waitFor();
    const versions = await stack.host.deps.db.select().from(agentVersions);
    expect(versions.find((v) => v.promptTemplate === PROPOSAL)?.status).toBe('candidate');

    await page.getByRole('button', { name: 'Compare with a copy' }).click();
    const b = page.getByRole('region', { name: 'Variant B' });
    const send = b.getByRole('form', { name: 'Send a message' });
    await send.getByLabel('Message').fill('hello B');
    await send.getByRole('button', { name: 'Send' }).click();
    await b.getByText('Hello from the shop, you said hello B').waitFor();
    expect(await page.getByRole('region', { name: 'Variant A' }).getByText('hello B').count()).toBe(
      0,
    );
    await screenshot(page, 'playground-compare');

    // a newcomer starts from the bad trace, not a hand-written URL
    await page.goto(`${stack.host.url}/traces/${failingTraceId}`);
    await page.getByRole('link', { name: 'Open in the playground at this step' }).first().click();
    await page.waitForURL(/\/playground\/pg_/);
    await page.getByText(/parcel \d never arrived/).waitFor();
    await page.getByRole('button', { name: 'Continue from here' }).click();
    await page.getByText(/Hello from the shop, you said parcel \d never arrived/).waitFor();
    await screenshot(page, 'playground-opened-trace');
  }, 180_000);
});
