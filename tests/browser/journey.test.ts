import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traces, workspaces } from '@/db/schema';
import { generateDemoTraces } from '@/demo/generate-demo-traces';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { importDemo, loginLinkOf } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

// Steps that wait for background jobs (Pyodide sandbox runs) on a shared two-core machine.
const JOB_STEP = 120_000;

/** The whole loop a new user walks, in the browser only: import → review → generate → refine. */
describe.skipIf(skipReason !== null)('the iofold loop in Chromium', () => {
  let stack: Stack;
  let page: Page;
  let sampleDir: string;
  let samplePath: string;

  beforeAll(async () => {
    stack = await startStack();
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    sampleDir = mkdtempSync(join(tmpdir(), 'iofold-sample-'));
    samplePath = join(sampleDir, 'sample.jsonl');
    const lines = generateDemoTraces({ seed: 11, count: 96 }).map((t) =>
      JSON.stringify(t.transcript),
    );
    writeFileSync(samplePath, `${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(sampleDir, { recursive: true, force: true });
  });

  const url = (path: string) => `${stack.host.url}${path}`;

  it('signs in with the first-start login link', async () => {
    const link = loginLinkOf(stack.host);
    expect(link, 'the host prints a first-start login link').toBeTruthy();
    await page.goto(link as string);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });

  it('imports the sample data through the browser', async () => {
    await page.goto(url('/traces'));
    await page.getByRole('link', { name: 'Import a file' }).first().click();
    await page.getByRole('heading', { name: 'Import traces' }).waitFor();
    await page.getByLabel('File', { exact: true }).setInputFiles(samplePath);
    await page.getByRole('button', { name: 'Import' }).click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toBe('Imported 96 traces (96 new)');
    await screenshot(page, 'import');
    await page.getByRole('link', { name: 'Browse traces' }).click();
    await page.getByTestId('trace-row').first().waitFor();
    expect(await page.getByText(/^96 shown$/).count()).toBe(1);
  });

  it('labels 10 traces from the keyboard only', async () => {
    await page.goto(url('/review'));
    await page.getByTestId('review-trace').waitFor();
    for (let i = 0; i < 10; i++) {
      const id = await page.getByTestId('review-trace').getAttribute('data-trace-id');
      await page.keyboard.press(i % 3 === 0 ? '2' : '1');
      await page.waitForFunction(
        (prev) =>
          document.querySelector('[data-testid="review-trace"]')?.getAttribute('data-trace-id') !==
          prev,
        id,
      );
    }
    await page.getByTestId('review-progress').filter({ hasText: '10 labelled' }).waitFor();
  });

  it(
    'generates an eval with the offline synthesiser and shows the job live',
    async () => {
      await page.goto(url('/evals'));
      await page.getByRole('heading', { name: 'No evals for this agent' }).waitFor();
      await page.getByRole('button', { name: 'Generate eval' }).click();
      await page.getByTestId('inline-job').waitFor();
      await page
        .getByRole('button', { name: /eval_quality version 1/ })
        .waitFor({ timeout: 60_000 });
      await page.getByTestId('held-out-metrics').waitFor();
      expect(await page.getByText("Cohen's kappa").count()).toBe(1);
      expect(await page.getByRole('table', { name: 'Confusion matrix' }).count()).toBe(1);
      await screenshot(page, 'evals');
      await page.getByRole('tab', { name: 'Code' }).click();
      expect(
        await page.getByRole('figure', { name: 'eval_quality v1 code' }).textContent(),
      ).toContain('def eval_quality');
      await screenshot(page, 'eval-code');
    },
    JOB_STEP,
  );

  it(
    'runs the version and drills into a contradiction in the matrix',
    async () => {
      await page.getByRole('tab', { name: 'Overview' }).click();
      await page.getByRole('button', { name: 'Run on all traces' }).click();
      await page.getByTestId('current-agreement').waitFor({ timeout: 60_000 });
      await page.getByRole('link', { name: 'Open matrix' }).click();
      await page.getByRole('table', { name: 'Traces by eval versions' }).waitFor();
      await page.getByLabel('Only contradictions and errors').check();
      await page.waitForURL(/only=disagreements/);
      const contradiction = page.getByRole('button', { name: 'Version 1 contradicts the label' });
      await contradiction.first().click();
      const cell = page.getByTestId('matrix-cell');
      await cell.waitFor();
      expect(await cell.textContent()).toContain('This version contradicts the label.');
      expect(await page.getByTestId('cell-reason').textContent()).not.toBe('—');
      await screenshot(page, 'matrix');
    },
    JOB_STEP,
  );

  it("shows not-found for another workspace's trace URL", async () => {
    const otherId = 'ws_journey_other';
    await stack.host.deps.db
      .insert(workspaces)
      .values({ id: otherId, name: 'Other', slug: 'other' });
    await importDemo(stack.host.deps, otherId, 5, 3);
    const [foreign] = await stack.host.deps.db
      .select({ id: traces.id })
      .from(traces)
      .where(eq(traces.workspaceId, otherId))
      .limit(1);
    await page.goto(url(`/traces/${foreign?.id}`));
    await page.getByTestId('not-found').waitFor();
  });
});
