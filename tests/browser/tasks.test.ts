import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tauBenchFile } from '@/optimize/testing/shared-data';
import { unnamedControls } from './a11y';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { loginLinkOf } from './seed';
import { importTauBench, tauBenchRecords } from './tau-bench';

const skipReason =
  browserSkipReason() ?? (tauBenchFile ? null : 'tasks browser test skipped: no tau-bench data');
if (skipReason) {
  console.warn(skipReason);
}

describe.skipIf(skipReason !== null)('tasks view in Chromium (tau-bench airline)', () => {
  let stack: Stack;
  let page: Page;
  const records = tauBenchRecords;
  const taskIds = new Set(records.map((r) => r.task_id));

  beforeAll(async () => {
    stack = await startStack();
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(loginLinkOf(stack.host));
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('imports the tau-bench trials with their rewards as labels', async () => {
    expect(await importTauBench(page, stack)).toContain(`Imported ${records.length} traces`);
  });

  it('groups the trials of each tau-bench task into one cluster, with labelled runs', async () => {
    await page.goto(`${stack.host.url}/tasks`);
    await page.waitForURL(/agentId=/);
    await page.getByRole('button', { name: 'Extract now' }).click();
    await page
      .getByTestId('inline-job')
      .getByText(/succeeded/)
      .waitFor({ timeout: 120_000 });
    const clusters = page.getByTestId('cluster');
    await expect.poll(() => clusters.count(), { timeout: 20_000 }).toBe(taskIds.size);
    const sizes = await clusters.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    const trials = records.length / taskIds.size;
    expect(sizes.every((s) => s.includes(`${trials} runs`))).toBe(true);
    await clusters.first().click();
    await page.waitForURL(/cluster=/);
    expect(await page.getByTestId('cluster-task').count()).toBe(trials);
    const panel = page.getByTestId('task-panel');
    await panel.waitFor();
    // the runs of this task (its cluster) come first, each with its label
    const runs = panel.getByTestId('labelled-run');
    await runs.first().waitFor();
    expect(await runs.filter({ hasText: 'same task' }).count()).toBeGreaterThanOrEqual(trials - 1);
    expect(await panel.getByTestId('similar-trace').count()).toBe(10);
    await screenshot(page, 'tasks-clusters');
  });

  it('opens a similar trace in the trace view', async () => {
    const link = page.getByTestId('similar-trace').first().getByRole('link');
    await link.click();
    await page.waitForURL(/\/traces\/tr/);
    await page.getByRole('heading', { name: 'Conversation' }).waitFor();
    // the trace view lists its own similar traces, each a link
    await expect.poll(() => page.getByTestId('trace-similar').count()).toBe(10);
    await screenshot(page, 'trace-similar');
    await page.goBack();
    await page.getByTestId('task-panel').waitFor();
  });

  it('makes a taskset of one task per cluster with a test split in two clicks', async () => {
    await page.getByRole('link', { name: 'Make a taskset' }).click();
    await page.getByRole('button', { name: 'Create taskset' }).click();
    await page.waitForURL(/\/tasksets\/tset_/);
    const rows = page.getByTestId('taskset-task');
    await rows.nth(taskIds.size - 1).waitFor();
    expect(await rows.count()).toBe(taskIds.size);
    const splits = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-split')));
    expect(splits.filter((s) => s === 'test').length).toBeGreaterThan(0);
    expect(splits.filter((s) => s === 'train').length).toBeGreaterThanOrEqual(3);
    expect(splits.every((s) => s === 'train' || s === 'val' || s === 'test')).toBe(true);
    // every task keeps its source trace
    expect(await page.getByRole('link', { name: 'trace', exact: true }).count()).toBe(taskIds.size);
    await screenshot(page, 'taskset-one-per-cluster');
  });

  it('makes a taskset of hand-picked tasks', async () => {
    await page.goto(`${stack.host.url}/tasks`);
    const runs = page.getByTestId('cluster-task');
    await runs.first().waitFor();
    await runs.nth(0).getByRole('checkbox').check();
    await runs.nth(1).getByRole('checkbox').check();
    const bar = page.getByRole('form', { name: 'Taskset from the selected tasks' });
    await bar.getByText('2 selected').waitFor();
    await bar.getByLabel('Taskset name').fill('picked');
    await screenshot(page, 'tasks-selection');
    await bar.getByRole('button', { name: 'Make a taskset of them' }).click();
    await page.waitForURL(/\/tasksets\/tset_/);
    await expect.poll(() => page.getByTestId('taskset-task').count()).toBe(2);
  });

  it('names every control on the Tasks screen', async () => {
    await page.goto(`${stack.host.url}/tasks`);
    await page.getByTestId('task-panel').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await unnamedControls(page)).toEqual([]);
  });
});
