import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '@/agents/create-agent';
import { createSystemCtx } from '@/core/system-ctx';
import { users } from '@/db/schema';
import { createTaskset } from '@/optimize/tasksets/create-taskset';
import { tau2Dir } from '@/optimize/testing/shared-data';
import { createWorkspace } from '@/workspaces/create-workspace';
import { unnamedControls } from './a11y';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { firstWorkspaceId, importDemo, loginLinkOf } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

const lines = (n: number, prefix = 'Change my booking') =>
  Array.from({ length: n }, (_, i) => `${prefix} number ${i + 1}`).join('\n');

describe.skipIf(skipReason !== null)('taskset editor in Chromium', () => {
  let stack: Stack;
  let page: Page;
  let coreUrl = '';

  beforeAll(async () => {
    stack = await startStack();
    await importDemo(stack.host.deps, await firstWorkspaceId(stack.host.deps));
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(loginLinkOf(stack.host));
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function newTaskset(name: string, tasks: string) {
    await page.goto(`${stack.host.url}/tasksets?mode=hand`);
    await page.waitForURL(/agentId=/);
    const form = page.getByRole('form', { name: 'New taskset by hand' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Tasks, one per line').fill(tasks);
    return form;
  }

  it('refuses a split with under 3 train tasks, showing the minimum', async () => {
    const form = await newTaskset('tiny', lines(2));
    expect(await form.getByLabel('Split into train / validation / test now').isChecked()).toBe(
      true,
    );
    await form.getByRole('button', { name: 'Create with 2 tasks' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('a split needs at least 3 train tasks');
    await screenshot(page, 'tasksets-split-minimum');
    expect(await page.getByTestId('no-tasksets').count()).toBe(1);
  });

  it('makes a split taskset from typed tasks in one click and shows its splits', async () => {
    const form = await newTaskset('core', lines(12));
    await form.getByRole('button', { name: 'Create with 12 tasks' }).click();
    await page.waitForURL(/\/tasksets\/tset_/);
    coreUrl = page.url();
    const rows = page.getByTestId('taskset-task');
    await rows.nth(11).waitFor();
    expect(await rows.count()).toBe(12);
    const splits = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-split')));
    const n = (s: string) => splits.filter((x) => x === s).length;
    expect(n('test')).toBeGreaterThan(0);
    expect(n('train')).toBeGreaterThanOrEqual(3);
    expect(n('train') + n('val') + n('test')).toBe(12);
    expect(await page.getByTestId('split-counts').first().textContent()).toBe(
      `${n('train')} train · ${n('val')} val · ${n('test')} test`,
    );
    await screenshot(page, 'taskset-detail');
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Tasksets' })
      .click();
    const row = page.getByTestId('taskset-row');
    await row.waitFor();
    expect(await row.textContent()).toContain('core');
    await screenshot(page, 'tasksets-list');
  });

  it('re-splits a frozen version as a new version, keeping the frozen one', async () => {
    await page.goto(coreUrl);
    const splitOf = () =>
      page
        .getByTestId('taskset-task')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-split')).join(','));
    await page.getByTestId('taskset-task').nth(11).waitFor();
    const before = await splitOf();
    await page.getByRole('button', { name: 'Freeze v1' }).click();
    await page.getByText('frozen · edits make v2').waitFor();
    await page.getByLabel('Seed').fill('7');
    await page.getByRole('button', { name: 'Split again' }).click();
    await page
      .getByRole('navigation', { name: 'Versions' })
      .getByRole('link', { name: 'v2' })
      .waitFor();
    expect(page.url()).not.toBe(coreUrl);
    await expect.poll(splitOf).not.toBe(before);
    expect(await page.getByText(/seed 7/).count()).toBe(1);
    // the same seed again gives the same split as before on the new version
    await page.getByLabel('Seed').fill('0');
    await page.getByRole('button', { name: 'Split again' }).click();
    await expect.poll(splitOf).toBe(before);
    await page.getByRole('link', { name: 'v1 · frozen' }).click();
    await page.getByText('You are looking at v1').waitFor();
    await screenshot(page, 'taskset-versions');
  });

  it('adds tasks (reporting duplicates) and removes selected ones', async () => {
    await page.goto(coreUrl);
    await page
      .getByRole('navigation', { name: 'Versions' })
      .getByRole('link', { name: 'v2' })
      .click();
    const rows = page.getByTestId('taskset-task');
    await rows.nth(11).waitFor();
    const add = page.getByRole('form', { name: 'Add tasks' });
    await add
      .getByLabel('New tasks, one per line')
      .fill('Change my booking number 3\nBook a hotel');
    await add.getByRole('button', { name: 'Add 2 tasks' }).click();
    const summary = add.getByTestId('write-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('1 task added');
    expect(await summary.textContent()).toContain('1 duplicate was not added');
    expect(await summary.textContent()).toContain('line 1 repeats a task already in the taskset');
    await expect.poll(() => rows.count()).toBe(13);
    await page.getByLabel('Select task 1', { exact: true }).check();
    await page.getByLabel('Select task 2', { exact: true }).check();
    await page.getByRole('button', { name: 'Remove selected' }).click();
    await page.getByRole('button', { name: 'Remove 2 tasks' }).click();
    await expect.poll(() => rows.count()).toBe(11);
    await screenshot(page, 'taskset-edited');
  });

  it.skipIf(!tau2Dir)(
    'imports a tau2 tasks.json with its split, and names a bad file',
    async () => {
      const dir = tau2Dir ?? '';
      const bad = path.join(mkdtempSync(path.join(tmpdir(), 'iofold-tau2-')), 'tasks.json');
      writeFileSync(bad, '[{"id": "0",');
      await page.goto(`${stack.host.url}/tasksets?mode=tau2`);
      const form = page.getByRole('form', { name: 'Import tau2 tasks' });
      await form.getByLabel('tasks.json', { exact: true }).setInputFiles(bad);
      await form.getByRole('button', { name: 'Import' }).click();
      expect(await form.getByRole('alert').textContent()).toContain(
        'tasks.json (tasks.json) is not valid JSON',
      );
      await form
        .getByLabel('tasks.json', { exact: true })
        .setInputFiles(path.join(dir, 'tasks.json'));
      await form
        .getByLabel('split_tasks.json (optional)')
        .setInputFiles(path.join(dir, 'split_tasks.json'));
      await form.getByLabel('Name').fill('tau2 airline');
      await form.getByRole('button', { name: 'Import' }).click();
      await page.waitForURL(/\/tasksets\/tset_/);
      const tasks = JSON.parse(readFileSync(path.join(dir, 'tasks.json'), 'utf8')) as unknown[];
      const split = JSON.parse(readFileSync(path.join(dir, 'split_tasks.json'), 'utf8')) as Record<
        string,
        string[]
      >;
      const rows = page.getByTestId('taskset-task');
      await rows.nth(tasks.length - 1).waitFor();
      expect(await rows.count()).toBe(tasks.length);
      const testIds = await page
        .locator('[data-testid="taskset-task"][data-split="test"] td.mono')
        .allTextContents();
      expect(testIds.sort()).toEqual([...(split.test ?? [])].sort());
      await screenshot(page, 'taskset-tau2');
    },
  );

  it("answers another workspace's taskset with Not found", async () => {
    const [owner] = await stack.host.deps.db.select({ id: users.id }).from(users).limit(1);
    const other = await createWorkspace(stack.host.deps, {
      name: 'Other team',
      ownerUserId: owner?.id ?? '',
    });
    const ctx = createSystemCtx(stack.host.deps, other.id);
    const agent = await createAgent(ctx, { name: 'elsewhere' });
    const { taskset } = await createTaskset(ctx, {
      agentId: agent.id,
      name: 'secret',
      tasks: [{ userMessage: 'hidden task' }],
    });
    await page.goto(`${stack.host.url}/tasksets/${taskset.id}`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.getByText('hidden task').count()).toBe(0);
  });

  it('names every control on the taskset screens', async () => {
    for (const url of [`${stack.host.url}/tasksets`, coreUrl]) {
      await page.goto(url);
      await page.locator('main .card').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await unnamedControls(page), url).toEqual([]);
    }
  });
});
