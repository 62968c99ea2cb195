import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tauBenchFile } from '@/optimize/testing/shared-data';
import { unnamedControls } from './a11y';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { loginLinkOf } from './seed';
import { importTauBench, tauBenchRecords } from './tau-bench';

const skipReason =
  browserSkipReason() ??
  (tauBenchFile ? null : 'trace summaries browser test skipped: no tau-bench data');
if (skipReason) {
  console.warn(skipReason);
}

describe.skipIf(skipReason !== null)(
  'trace summaries in the trace list, in Chromium (tau-bench airline)',
  () => {
    let stack: Stack;
    let page: Page;
    const records = tauBenchRecords;

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

    it('shows each trace with its goal, tools and ending in the list and in search', async () => {
      await page.goto(`${stack.host.url}/traces?q=cancel`);
      const row = page.getByTestId('trace-row').first();
      await row.waitFor();
      const meta = row.getByTestId('trace-summary');
      expect(await meta.textContent()).toMatch(/^\d+ user turns? · ended .+ · .+/);
      // the user's closing turn (thanks, ###STOP###) does not hide how the agent ended
      const metas = page.getByTestId('trace-summary');
      expect(await metas.count()).toBeGreaterThan(0);
      expect(await metas.filter({ hasText: 'ended with nothing' }).count()).toBe(0);
      // the goal line is the user's first message, not the agent's system prompt
      expect(await row.locator('.preview-2 > span').first().textContent()).not.toContain(
        'Airline Agent Policy',
      );
      await screenshot(page, 'traces-summaries');
    });

    it('names every control on the Traces screen', async () => {
      await page.waitForLoadState('networkidle');
      expect(await unnamedControls(page)).toEqual([]);
    });
  },
);
