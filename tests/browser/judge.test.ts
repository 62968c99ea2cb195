import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { seedConversations } from '@/evals/bridge/testing/seed-conversations';
import {
  TONE_QUESTION,
  toneConversations,
  toneJudgeEval,
  toneResponder,
} from '@/evals/bridge/testing/tone-set';
import { createEvalVersion } from '@/evals/versions/create-eval-version';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import {
  browserSkipReason,
  type Stack,
  screenshotLightAndDark,
  signedInPage,
  startStack,
} from './harness';
import { firstWorkspaceId } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

const HYBRID = toneJudgeEval();

describe.skipIf(skipReason !== null)('an eval that asks a model, in Chromium', () => {
  let llm: MockLlmServer;
  let stack: Stack;
  let page: Page;
  let agentId: string;
  let evalId: string;

  beforeAll(async () => {
    llm = await startMockLlmServer({ responder: toneResponder });
    stack = await startStack({
      IOFOLD_LLM_PROVIDER: 'openai',
      IOFOLD_LLM_BASE_URL: llm.baseUrlV1,
      IOFOLD_LLM_MODEL: 'gpt-4o-mini',
      IOFOLD_LLM_API_KEY: 'browser-key',
    });
    const ctx = createSystemCtx(stack.host.deps, await firstWorkspaceId(stack.host.deps));
    ({ agentId } = await seedConversations(ctx, toneConversations(10)));
    evalId = (
      await createEvalVersion(ctx, {
        agentId,
        name: 'eval_respectful',
        code: HYBRID,
        generator: 'manual',
        rules: ['The last assistant reply does not talk down to the user'],
        judge: {
          model: 'gpt-4o-mini',
          questions: [TONE_QUESTION],
          callsPerTrace: 1,
          expectedCostUsdPerTrace: 0.000018,
        },
      })
    ).id;
    page = await signedInPage(stack, { timeout: 30_000 });
  });
  afterAll(async () => {
    await stack?.close();
    await llm?.close();
  });

  /** Runs the version from its page and answers what the finished job says it did. */
  async function runFromPage() {
    await page.getByRole('button', { name: 'Run on all traces' }).click();
    const result = page.getByTestId('inline-job-result');
    await result.waitFor({ timeout: 120_000 });
    return ((await result.textContent()) ?? '').trim();
  }

  it('shows the question it asks, then each run’s model calls, cache hits and cost', async () => {
    await page.goto(`${stack.host.url}/evals?agentId=${agentId}&eval=${evalId}`);
    const judge = page.getByTestId('eval-judge');
    expect(await judge.textContent()).toBe(
      `Asks gpt-4o-mini “${TONE_QUESTION}” (1 call per trace, about $0.000018 per trace; answers are cached, so a re-run is free).`,
    );

    const first = await runFromPage();
    expect(llm.requests).toHaveLength(10);
    expect(first).toMatch(
      /^Ran on 10 traces: 5 pass, 5 fail, 0 errors\. Asked gpt-4o-mini: 10 model calls, 0 answered from the cache, \$0\.000\d+\.$/,
    );
    await screenshotLightAndDark(page, 'eval-judge-first-run');

    await page.goto(`${stack.host.url}/evals?agentId=${agentId}&eval=${evalId}`);
    const again = await runFromPage();
    expect(llm.requests).toHaveLength(10);
    expect(again).toBe(
      'Ran on 10 traces: 5 pass, 5 fail, 0 errors. Asked gpt-4o-mini: 0 model calls, 10 answered from the cache, $0.00.',
    );
    await screenshotLightAndDark(page, 'eval-judge-cached-run');
  });

  it("takes the workspace's model limits in Settings; a run past its per-run calls gets BUDGET errors", async () => {
    await page.goto(`${stack.host.url}/settings`);
    const perRun = page.getByLabel('Model calls per run');
    await perRun.fill('0');
    await page.getByLabel('Calls at once').fill('0');
    await page.getByRole('button', { name: 'Save limits' }).click();
    // the server's 400 names the field
    expect(await page.getByRole('alert').textContent()).toContain('concurrency');
    // the server's provider comes from its environment: its operator's ceilings apply (#13)
    expect(await page.getByTestId('limit-concurrency').textContent()).toContain(
      "server's ceiling 16",
    );
    await page.getByLabel('Calls at once').fill('64');
    await page.getByRole('button', { name: 'Save limits' }).click();
    await page.getByRole('alert').getByText('IOFOLD_LLM_CEILING_CONCURRENCY').waitFor();
    await page.getByLabel('Calls at once').fill('');
    await perRun.fill('3');
    await page.getByRole('button', { name: 'Save limits' }).click();
    await page.getByTestId('limit-maxCallsPerRun').getByText('set for this workspace').waitFor();
    expect(await page.getByTestId('limit-concurrency').textContent()).toBe(
      "default 8 · server's ceiling 16",
    );
    await screenshotLightAndDark(page, 'settings-model-limits');

    const ctx = createSystemCtx(stack.host.deps, await firstWorkspaceId(stack.host.deps));
    const limited = await createEvalVersion(ctx, {
      agentId,
      name: 'eval_respectful_limited',
      code: HYBRID.replace('eval_respectful', 'eval_respectful_limited').replace(
        TONE_QUESTION,
        `${TONE_QUESTION} (limited)`,
      ),
      generator: 'manual',
    });
    await page.goto(`${stack.host.url}/evals?agentId=${agentId}&eval=${limited.id}`);
    const before = llm.requests.length;
    const result = await runFromPage();
    expect(llm.requests.length - before).toBe(3);
    expect(result).toMatch(
      /^Ran on 10 traces: \d+ pass, \d+ fail, 7 errors\. Asked gpt-4o-mini: 3 model calls/,
    );
  });
});
