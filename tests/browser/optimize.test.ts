import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { labelTrace } from '@/feedback/label-trace';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import type { MockReply } from '@/llm/testing/mock-reply';
import {
  addLookedUpEval,
  agentWithRule,
  isReflection,
  markAligned,
  RULE,
  ruleReflector,
} from '@/optimize/gepa/run/testing';
import { seedShopRun } from '@/optimize/runs/testing';
import {
  browserSkipReason,
  type Stack,
  screenshotLightAndDark,
  signedInPage,
  startStack,
} from './harness';
import { firstWorkspaceId } from './seed';

const ANSWER_DELAY_MS = 40;
const slowed = (reply: MockReply): MockReply =>
  reply.type === undefined || reply.type === 'answer'
    ? { ...reply, delayMs: ANSWER_DELAY_MS }
    : reply;

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

describe.skipIf(skipReason !== null)('GEPA runs in Chromium', () => {
  let llm: MockLlmServer;
  let stack: Stack;
  let page: Page;
  let ctx: Ctx;
  let seeded: Awaited<ReturnType<typeof seedShopRun>>;

  beforeAll(async () => {
    llm = await startMockLlmServer();
    const reflector = ruleReflector({ eval_cancelled: RULE });
    // Each answer waits a little, so the run lasts long enough for the page to watch its budget move
    // (on an idle machine an instant mock finished the whole run between two looks).
    llm.setResponder((request) =>
      slowed(isReflection(request) ? reflector(request) : agentWithRule(request)),
    );
    stack = await startStack({ IOFOLD_LLM_BASE_URL: llm.baseUrlV1, IOFOLD_LLM_MODEL: 'mock' });
    ctx = createSystemCtx(stack.host.deps, await firstWorkspaceId(stack.host.deps));
    seeded = await seedShopRun(ctx, { tasks: 12 });
    await markAligned(ctx, seeded.evalId);
    await addLookedUpEval(ctx, seeded.agentId);
    page = await signedInPage(stack, { timeout: 30_000, height: 1000 });
  });
  afterAll(async () => {
    await stack?.close();
    await llm?.close();
  });

  async function start(budget: number) {
    await page.goto(`${stack.host.url}/optimize?agentId=${seeded.agentId}`);
    const form = page.getByRole('form', { name: 'Start an optimisation' });
    await form.getByLabel('Taskset').locator('option').first().waitFor({ state: 'attached' });
    await form.getByLabel('Budget (rollouts)').fill(String(budget));
    await form.getByLabel('Seed').fill('3');
    await form.getByLabel('eval_looked_up_user').check();
    await form.getByRole('button', { name: 'Start optimisation' }).click();
    await page.waitForURL(/\/optimize\/gepa_/);
    return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() as string);
  }

  /** Every budget figure the page shows until the status reads `status`. */
  async function watchUntil(status: RegExp) {
    const budgets: string[] = [];
    for (;;) {
      const text = ((await page.getByTestId('gepa-budget').textContent()) ?? '').trim();
      if (budgets.at(-1) !== text) {
        budgets.push(text);
      }
      if (status.test(((await page.getByTestId('run-status').textContent()) ?? '').trim())) {
        return budgets;
      }
      await page.waitForTimeout(100);
    }
  }

  it('starts a run, shows it live, then the candidate tree, the report and the review agreement', async () => {
    const id = await start(40);
    const budgets = await watchUntil(/^(succeeded|failed|paused)$/);
    expect((await page.getByTestId('run-status').textContent())?.trim()).toBe('succeeded');
    // the budget moved while the page watched, without a reload
    expect(budgets.length).toBeGreaterThan(2);
    const candidates = page.getByTestId('candidate');
    expect(await candidates.count()).toBeGreaterThan(1);
    await expect(page.getByTestId('gepa-stage').textContent()).resolves.toBe('done (budget)');
    const rows = page.getByTestId('report-row');
    await expect(rows.nth(0).textContent()).resolves.toMatch(/^Reward/);
    await expect(rows.nth(1).textContent()).resolves.toMatch(
      /^Shadow: eval_looked_up_user1\.000\.00/,
    );
    const version = page.getByTestId('candidate-version');
    await expect(version.getAttribute('href')).resolves.toContain('version=');
    // the winner's candidate text holds the reflector's rule
    await candidates.last().locator('summary').click();
    await expect(candidates.last().locator('pre').textContent()).resolves.toContain(RULE);
    await screenshotLightAndDark(page, 'optimize-run');

    // people label the winner's rollouts bad: the reward eval disagrees, the shadow eval agrees
    const run = (await (await page.request.get(`${stack.host.url}/v1/gepa-runs/${id}`)).json()) as {
      testReport: { reviewTraceIds: string[] };
    };
    const reviewer: Ctx = { ...ctx, actor: { type: 'apiKey', keyId: 'k1', role: 'owner' } };
    for (const traceId of run.testReport.reviewTraceIds) {
      await labelTrace(reviewer, { traceId, rating: 'negative' });
    }
    await page.reload();
    const agreement = page.getByTestId('agreement-row');
    await agreement.first().waitFor();
    await expect(agreement.nth(0).textContent()).resolves.toMatch(/^eval_cancelledreward20\.00/);
    await expect(agreement.nth(1).textContent()).resolves.toMatch(
      /^eval_looked_up_usershadow21\.00/,
    );
    await screenshotLightAndDark(page, 'optimize-agreement');
  }, 240_000);

  it('cancels a run, resumes it to the end, and lists both runs', async () => {
    await start(40);
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await watchUntil(/^cancelled$/);
    await page.getByRole('button', { name: 'Resume run' }).click();
    await watchUntil(/^(succeeded|failed|paused)$/);
    expect((await page.getByTestId('run-status').textContent())?.trim()).toBe('succeeded');
    await page.getByRole('link', { name: 'Optimize' }).first().click();
    await page.getByTestId('gepa-row').nth(1).waitFor();
    expect(await page.getByTestId('gepa-row').count()).toBe(2);
    await screenshotLightAndDark(page, 'optimize-list');
  }, 240_000);
});
