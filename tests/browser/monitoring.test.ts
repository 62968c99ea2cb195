import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performanceAlerts, users } from '@/db/schema';
import { NORMAL_DAY, seedDay } from '@/monitoring/testing';
import { unnamedControls } from './a11y';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { loginLinkOf } from './seed';
import { seedMonitoringWorkspace } from './seed-monitoring';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

describe.skipIf(skipReason !== null)('monitoring and home in Chromium', () => {
  let stack: Stack;
  let page: Page;
  let fx: Awaited<ReturnType<typeof seedMonitoringWorkspace>>;

  beforeAll(async () => {
    // The host's monitoring timer (first run 5 s after start) is off: these tests write snapshots
    // themselves, and a run after the settings test turns auto-refine on enqueued a refinement that
    // judged the labelled traces again today, so "today so far" counted 300 more verdicts (CI, load).
    stack = await startStack({}, { monitoring: false });
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(loginLinkOf(stack.host));
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('guides a fresh workspace to its first traces, with working links', async () => {
    await page.getByTestId('first-run').waitFor();
    await page.getByText('No jobs running.').waitFor();
    await screenshot(page, 'home-first-run');
    await page.getByRole('link', { name: 'Import traces' }).click();
    await page.getByRole('heading', { name: 'Import traces', level: 1 }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'Add an integration' }).click();
    await page.getByRole('heading', { name: 'Integrations', exact: true }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'Create an API key' }).click();
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
  });

  it('shows open alerts and running jobs on Home', async () => {
    const [owner] = await stack.host.deps.db.select({ id: users.id }).from(users).limit(1);
    fx = await seedMonitoringWorkspace(stack.host.deps, owner?.id ?? '');
    await page.goto(stack.host.url);
    await page.getByLabel('Workspace').selectOption(fx.ws);
    await page.getByTestId('home-alert').waitFor();
    expect(await page.getByTestId('home-alert').textContent()).toContain(
      'Agreement with human labels fell',
    );
    const job = page.getByTestId('home-job');
    await job.waitFor();
    expect(await job.textContent()).toContain('eval.execute');
    expect(await job.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
    expect(await page.getByTestId('first-run').count()).toBe(0);
    await screenshot(page, 'home-attention-alerts-jobs');
  });

  it('charts agreement and pass rate from the daily snapshots', async () => {
    await page.goto(`${stack.host.url}/monitoring?days=14`);
    const card = page.getByTestId('eval-monitor').filter({ hasText: 'polite v2' });
    const chart = card.getByRole('img', { name: /Agreement and pass rate of polite v2/ });
    await chart.waitFor();
    // one path per series with at least nine points (the seeded days)
    const paths = await chart
      .locator('path')
      .evaluateAll((els) => els.map((el) => (el.getAttribute('d') ?? '').split('L').length));
    expect(paths.length).toBe(3);
    for (const points of paths) {
      expect(points).toBe(9);
    }
    // agreement of the last seeded day: 24 agreed of 34 labelled
    expect(await card.textContent()).toContain('70.6%');
    await screenshot(page, 'monitoring');
  });

  it('edits thresholds and auto-refine settings', async () => {
    await page.goto(`${stack.host.url}/monitoring?days=14`);
    const card = page.getByTestId('eval-monitor').filter({ hasText: 'polite v2' });
    await card.getByRole('button', { name: 'Thresholds and auto-refine' }).click();
    await page.waitForURL(/eval=/);
    const drop = card.getByLabel('Agreement drop (points)');
    expect(await drop.inputValue()).toBe('10');
    await drop.fill('20');
    await card.getByLabel('Refine automatically when contradictions pile up').check();
    await card.getByLabel('Contradictions per day that trigger it').fill('8');
    await card.getByRole('button', { name: 'Save settings' }).click();
    await card.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await screenshot(page, 'monitoring-settings');
    await page.reload();
    expect(await card.getByLabel('Agreement drop (points)').inputValue()).toBe('20');
    expect(await card.getByTestId('hint-agreementDrop').textContent()).toBe('custom · default 10');
    expect(
      await card.getByLabel('Refine automatically when contradictions pile up').isChecked(),
    ).toBe(true);
    expect(await card.getByLabel('Contradictions per day that trigger it').inputValue()).toBe('8');
    // back to the default removes the override
    await card.getByLabel('Agreement drop (points)').fill('10');
    await card.getByRole('button', { name: 'Save settings' }).click();
    await card
      .getByTestId('hint-agreementDrop')
      .filter({ hasText: /^default 10$/ })
      .waitFor();
  });

  it('acknowledges, then resolves an alert', async () => {
    const status = async () =>
      (
        await stack.host.deps.db
          .select({ status: performanceAlerts.status })
          .from(performanceAlerts)
          .where(eq(performanceAlerts.workspaceId, fx.ws))
      ).map((a) => a.status);
    await page.goto(`${stack.host.url}/monitoring`);
    const row = page.getByTestId('alert-row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('Agreement with human labels fell');
    await screenshot(page, 'monitoring-alerts');
    await row.getByRole('button', { name: /^Acknowledge/ }).click();
    await page.getByRole('heading', { name: 'No open alerts' }).waitFor();
    await expect.poll(status).toEqual(['acknowledged']);
    await page.getByRole('button', { name: 'acknowledged', exact: true }).click();
    await page.waitForURL(/alerts=acknowledged/);
    await page
      .getByTestId('alert-row')
      .getByRole('button', { name: /^Resolve/ })
      .click();
    await page.getByRole('heading', { name: 'No acknowledged alerts' }).waitFor();
    await expect.poll(status).toEqual(['resolved']);
    await page.getByRole('button', { name: 'resolved', exact: true }).click();
    await page
      .getByTestId('alert-row')
      .getByText(/^resolved /)
      .waitFor();
  });

  it("shows today so far, counted live before today's snapshot is written", async () => {
    const today = new Date().toISOString().slice(0, 10);
    await seedDay(stack.host.deps, fx, fx.activeEvalId, today, NORMAL_DAY);
    await page.goto(`${stack.host.url}/monitoring?days=14`);
    const card = page.getByTestId('eval-monitor').filter({ hasText: 'polite v2' });
    await card.getByText('Pass rate (today so far)').waitFor();
    // 26 passes of 38 pass-or-fail verdicts today
    expect(await card.textContent()).toContain('68.4%');
    const paths = await card
      .getByRole('img', { name: /Agreement and pass rate of polite v2/ })
      .locator('path')
      .evaluateAll((els) => els.map((el) => (el.getAttribute('d') ?? '').split('L').length));
    expect(paths).toEqual([10, 10, 10]);
    await screenshot(page, 'monitoring-today');
  });

  it('names every control on Home and Monitoring', async () => {
    for (const path of ['/', `/monitoring?eval=${fx.activeEvalId}`]) {
      await page.goto(`${stack.host.url}${path}`);
      await page.locator('main .card').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await unnamedControls(page), path).toEqual([]);
    }
  });

  it('renders Monitoring in the dark and the light theme', async () => {
    await page.goto(`${stack.host.url}/monitoring?days=14`);
    await page
      .getByRole('img', { name: /Agreement and pass rate/ })
      .first()
      .waitFor();
    for (const theme of ['dark', 'light'] as const) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
        await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
      }
      await screenshot(page, `monitoring-${theme}`);
    }
  });
});
