import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentVersion } from '@/agents/create-agent-version';
import { createSystemCtx } from '@/core/system-ctx';
import { type MockLlmServer, startMockLlmServer } from '@/llm/testing/mock-llm-server.node';
import { seedShopRun, shopAgent, simulatedShopUser } from '@/optimize/runs/testing';
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

const FINISHED = /^(succeeded|failed|cancelled|stopped)$/;

describe.skipIf(skipReason !== null)('taskset runs in Chromium', () => {
  let llm: MockLlmServer;
  let stack: Stack;
  let page: Page;
  let seeded: Awaited<ReturnType<typeof seedShopRun>>;
  let cancelVersionId: string;
  let delayMs = 0;
  const runIds: string[] = [];

  beforeAll(async () => {
    llm = await startMockLlmServer();
    // the shop agent of the API tests; a version told to "always cancel" cancels on every task
    llm.setResponder(
      (request) =>
        simulatedShopUser(request) ??
        (JSON.stringify(request.body.messages).includes('always cancel') && !request.hasToolResult
          ? { toolCalls: [{ name: 'cancel_order', arguments: { order: 'A1' } }], delayMs }
          : shopAgent(delayMs)(request)),
    );
    stack = await startStack({ IOFOLD_LLM_BASE_URL: llm.baseUrlV1, IOFOLD_LLM_MODEL: 'mock' });
    const ctx = createSystemCtx(stack.host.deps, await firstWorkspaceId(stack.host.deps));
    seeded = await seedShopRun(ctx);
    cancelVersionId = (
      await createAgentVersion(ctx, {
        agentId: seeded.agentId,
        promptTemplate: 'You are the shop agent: always cancel A1. Shop: {{shop}}.',
      })
    ).id;
    page = await signedInPage(stack, { timeout: 20_000 });
  });
  afterAll(async () => {
    await stack?.close();
    await llm?.close();
  });

  /** Starts a run from the form and returns its id (the page is on the run). */
  async function startRun(versionId: string, k = 1, parallel = 2) {
    await page.goto(`${stack.host.url}/runs?agentId=${seeded.agentId}`);
    const form = page.getByRole('form', { name: 'Run a taskset' });
    await form.getByLabel('Taskset').locator('option').first().waitFor({ state: 'attached' });
    await form
      .getByLabel(/^Agent version/)
      .locator(`option[value="${versionId}"]`)
      .waitFor({
        state: 'attached',
      });
    await form.getByLabel(/^Agent version/).selectOption(versionId);
    await form.getByLabel('Rollouts per task').fill(String(k));
    await form.getByLabel('In parallel').fill(String(parallel));
    await form.getByRole('button', { name: `Run ${4 * k} rollouts` }).click();
    await page.waitForURL(/\/runs\/trun_/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() as string);
    runIds.push(id);
    return id;
  }

  /** Every status the page shows until the run finishes, in order, without repeats. */
  async function watchToEnd() {
    const seen: string[] = [];
    const status = page.getByTestId('run-status');
    // the URL turns to the run before the list of runs (one status per row) leaves the page
    await expect.poll(() => status.count()).toBe(1);
    for (;;) {
      const text = ((await status.textContent()) ?? '').trim();
      if (seen.at(-1) !== text) {
        seen.push(text);
      }
      if (FINISHED.test(text)) {
        return seen;
      }
      await page.waitForTimeout(100);
    }
  }

  async function apiGet(path: string) {
    const response = await page.request.get(`${stack.host.url}${path}`);
    expect(response.status()).toBe(200);
    return response.json();
  }

  it('runs a version on the taskset, shows live progress, then each rollout links to its trace', async () => {
    delayMs = 150; // a model takes time: the run is seen queued or running first
    const id = await startRun(seeded.versionId);
    const seen = await watchToEnd();
    expect(seen[0]).toMatch(/^(queued|running)$/);
    expect(seen.at(-1)).toBe('succeeded');
    expect(await page.getByTestId('run-progress').first().textContent()).toContain(
      '4 of 4 rollouts',
    );
    const rows = page.getByTestId('task-result');
    await expect.poll(() => rows.count()).toBe(4);
    // the results the API returns, shown as they are: scores and a trace per rollout
    const results = (await apiGet(`/v1/taskset-runs/${id}/results`)).data as {
      score: number;
      rollouts: { traceId: string }[];
    }[];
    expect(results.map((t) => t.score)).toEqual([1, 0, 1, 0]);
    expect(await page.getByTestId('task-score').allTextContents()).toEqual(
      results.map((t) => t.score.toFixed(2)),
    );
    expect(await page.getByTestId('run-mean-score').textContent()).toBe('0.50');
    expect(await page.getByTestId('rollout-trace').count()).toBe(4);
    await screenshotLightAndDark(page, 'run-detail');

    await page.getByTestId('rollout-trace').nth(1).click();
    await page.waitForURL(/\/traces\/[^/?]+$/);
    const traceId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() as string);
    expect(traceId).toBe(results[1]?.rollouts[0]?.traceId);
    // the trace detail shows the rollout: the task's message and the replayed tool call
    await page.getByText('who am I? (1)').first().waitFor();
    await page.getByText('get_user').first().waitFor();
    await screenshotLightAndDark(page, 'run-rollout-trace');
  }, 120_000);

  it('compares two runs with the paired differences and the exact test the API returns', async () => {
    delayMs = 0;
    const b = await startRun(cancelVersionId);
    expect((await watchToEnd()).at(-1)).toBe('succeeded');
    const [a] = runIds;
    await page.goto(`${stack.host.url}/runs?agentId=${seeded.agentId}`);
    const rows = page.getByTestId('run-row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('checkbox', { name: `Compare run ${a}` }).check();
    await page.getByRole('checkbox', { name: `Compare run ${b}` }).check();
    await screenshotLightAndDark(page, 'runs');
    await page.getByRole('button', { name: 'Compare the two ticked runs' }).click();
    await page.waitForURL(/\/runs\/compare\?/);
    const url = new URL(page.url());
    expect([url.searchParams.get('a'), url.searchParams.get('b')]).toEqual([a, b]);
    await page.getByTestId('compare-test').waitFor();

    const api = await apiGet(`/v1/taskset-runs/compare?a=${a}&b=${b}`);
    // always cancelling passes the two tasks the version left uncancelled
    expect(api.test).toMatchObject({ n: 4, wins: 2, losses: 0, ties: 2, meanDifference: 0.5 });
    const { test } = api;
    expect(await page.getByTestId('compare-wins').textContent()).toBe(
      `${test.wins} · ${test.losses} · ${test.ties}`,
    );
    expect(await page.getByTestId('compare-mean').textContent()).toBe('+0.50');
    expect(await page.getByTestId('compare-sign-p').textContent()).toBe(test.signTestP.toFixed(2));
    expect(await page.getByTestId('compare-permutation-p').textContent()).toBe(
      `permutation p ${test.permutationP.toFixed(2)} (${test.permutationMethod})`,
    );
    expect(await page.getByTestId('compare-run-b').textContent()).toMatch(/agent v3 · k=1/);
    expect(await page.getByTestId('paired-difference').allTextContents()).toEqual(
      (api.tasks as { difference: number }[]).map(
        (t) => `${t.difference > 0 ? '+' : ''}${t.difference.toFixed(2)}`,
      ),
    );
    expect(await page.getByTestId('paired-task').first().textContent()).toContain('who am I? (0)');
    await screenshotLightAndDark(page, 'runs-compare');
  }, 120_000);

  it('cancels a running run, then resumes it to the end without running a rollout twice', async () => {
    delayMs = 400; // slow enough to cancel mid-run
    const id = await startRun(seeded.versionId, 2, 1);
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('cancelled');
    const cancelled = await apiGet(`/v1/taskset-runs/${id}`);
    expect(cancelled.progress.done).toBeLessThan(8);
    // a rollout in flight was aborted with the run: it is not shown as still running
    await expect.poll(() => page.getByText(/^#\d running/).count()).toBe(0);
    await screenshotLightAndDark(page, 'run-cancelled');
    delayMs = 0;
    await page.getByRole('button', { name: 'Resume run' }).click();
    await expect.poll(() => page.getByTestId('run-status').textContent()).not.toBe('cancelled');
    expect((await watchToEnd()).at(-1)).toBe('succeeded');
    expect(await page.getByTestId('run-progress').first().textContent()).toContain(
      '8 of 8 rollouts',
    );
    const results = (await apiGet(`/v1/taskset-runs/${id}/results`)).data as {
      rollouts: { index: number }[];
    }[];
    for (const task of results) {
      expect(task.rollouts.map((r) => r.index)).toEqual([0, 1]);
    }
    expect(await page.getByTestId('rollout-trace').count()).toBe(8);
  }, 120_000);

  it('runs a prompt text with simulated users and side effects allowed, as the form set them', async () => {
    delayMs = 0;
    const prompt = 'You are the shop agent: always cancel A1. Shop: {{shop}}.';
    await page.goto(`${stack.host.url}/runs?agentId=${seeded.agentId}`);
    const form = page.getByRole('form', { name: 'Run a taskset' });
    await form.getByLabel('Taskset').locator('option').first().waitFor({ state: 'attached' });
    await form.getByTestId('run-target').selectOption('prompt');
    await expect.poll(() => form.getByLabel(/^Agent version/).count()).toBe(0);
    await form.getByLabel(/^Prompt text/).fill(prompt);
    await form.getByTestId('user-mode').selectOption('simulated');
    await form.getByLabel('User messages at most').fill('3');
    await form.getByLabel("Simulated user's model").fill('sim-model');
    expect(await form.getByTestId('side-effects-on').count()).toBe(0);
    await form.getByRole('checkbox').check();
    await form.getByTestId('side-effects-on').waitFor();
    await screenshotLightAndDark(page, 'run-form-prompt-simulated');
    await form.getByRole('button', { name: 'Run 4 rollouts' }).click();
    await page.waitForURL(/\/runs\/trun_/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() as string);
    expect((await watchToEnd()).at(-1)).toBe('succeeded');
    const run = await apiGet(`/v1/taskset-runs/${id}`);
    expect(run).toMatchObject({ candidateText: prompt, agentVersionId: null });
    expect(run.config).toMatchObject({
      userMode: 'simulated',
      maxUserTurns: 3,
      userModel: 'sim-model',
      allowSideEffects: true,
    });
    // every task ends with the simulated user's stop, and the candidate cancels on each: all pass
    const results = (await apiGet(`/v1/taskset-runs/${id}/results`)).data as {
      score: number;
      rollouts: { terminationReason: string }[];
    }[];
    expect(results.map((t) => [t.score, t.rollouts[0]?.terminationReason])).toEqual(
      results.map(() => [1, 'user_stop']),
    );
    await page
      .getByText(/simulated user · side effects allowed/)
      .first()
      .waitFor();
    await screenshotLightAndDark(page, 'run-prompt-simulated');
  }, 120_000);
});
