import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedback, traces, workspaces } from '@/db/schema';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { firstWorkspaceId, importDemo, loginLinkOf } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

describe.skipIf(skipReason !== null)('dashboard in Chromium', () => {
  let stack: Stack;
  let page: Page;
  let workspaceId: string;
  let loginLink: string;

  beforeAll(async () => {
    stack = await startStack();
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    loginLink = loginLinkOf(stack.host);
    workspaceId = await firstWorkspaceId(stack.host.deps);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('serves the dashboard on a client-side route from the API origin', async () => {
    const response = await page.goto(`${stack.host.url}/traces?label=negative`);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading').first().waitFor();
    expect(await page.title()).toBe('iofold');
  });

  it('asks an anonymous visitor to sign in, on any dashboard URL', async () => {
    await page.goto(`${stack.host.url}/traces?label=negative`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Email').isVisible()).toBe(true);
    await screenshot(page, 'login');
    // a sign-in link that was already used lands here, saying so and how to get a new one
    await page.goto(`${stack.host.url}/login?token=not-a-real-token`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toBe(
      'That sign-in link was already used or has expired. Run npx iofold login in a terminal for a new one.',
    );
    await screenshot(page, 'login-used-link');
  });

  it('signs in with the first-start login link and lands on Home', async () => {
    await page.goto(loginLink);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await screenshot(page, 'home');
  });

  it('keeps API 404s (signed in) as JSON instead of the dashboard', async () => {
    const response = await page.request.get(`${stack.host.url}/v1/no-such-thing`);
    expect(response.status()).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('lists imported traces, filters them from the URL and opens one', async () => {
    await importDemo(stack.host.deps, workspaceId);
    await page.goto(stack.host.url);
    await page.getByRole('link', { name: 'Review' }).nth(1).waitFor();
    await screenshot(page, 'home-attention');
    await page.goto(`${stack.host.url}/traces`);
    await page.getByTestId('trace-row').first().waitFor();
    // a trace with one tool call reads "1 tool", never "1 tools"
    const rows = page.getByTestId('trace-row');
    expect(await rows.filter({ hasText: /\b1 tool(?!s)/ }).count()).toBeGreaterThan(0);
    expect(await rows.filter({ hasText: /\b1 tools/ }).count()).toBe(0);
    await screenshot(page, 'traces');
    await page.getByLabel('Label').selectOption('unlabelled');
    await page.waitForURL(/label=unlabelled/);
    await page.reload();
    expect(await page.getByLabel('Label').inputValue()).toBe('unlabelled');
    await page.getByTestId('trace-row').first().click();
    await page.getByRole('heading', { name: 'Conversation' }).waitFor();
    expect(await page.getByRole('article', { name: 'user message' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'trace-detail');
  });

  it('filters the trace list by a metadata key and value', async () => {
    await page.goto(`${stack.host.url}/traces`);
    await page.getByTestId('trace-row').first().waitFor();
    await page.getByLabel('Metadata key').selectOption('channel');
    await page.waitForURL(/metaKey=channel/);
    const value = page.getByLabel('Value of channel');
    const email = await value.locator('option', { hasText: /^email \(\d+\)$/ }).textContent();
    await value.selectOption('email');
    await page.waitForURL(/metaValue=email/);
    const [row] = await stack.host.deps.db
      .select({ n: count() })
      .from(traces)
      .where(
        sql`${traces.workspaceId} = ${workspaceId} and json_extract(${traces.metadata}, '$.channel') = 'email'`,
      );
    expect(email).toBe(`email (${row?.n})`);
    await page.getByText(`${row?.n} shown`, { exact: true }).waitFor();
    expect(await page.getByTestId('trace-row').count()).toBe(row?.n);
    await screenshot(page, 'traces-metadata');
    await page.reload();
    expect(await page.getByLabel('Value of channel').inputValue()).toBe('email');
  });

  it('charts the last 30 days on Home and per agent, in light and dark', async () => {
    await page.goto(stack.host.url);
    const charts = page.getByTestId('daily-charts');
    await charts.waitFor();
    const summary = (title: string) =>
      charts.getByRole('region', { name: title }).getByTestId('daily-chart-summary').textContent();
    expect(await summary('Traces per day')).toBe('30 in 30 days');
    expect(await summary('Error rate')).toMatch(/^\d+% of traces had an error$/);
    // chat transcripts carry no token counts (the --reset demo does)
    expect(await summary('Tokens')).toBe('no token counts in these traces');
    expect(await summary('Pass rate of the active evals')).toBe(
      'no active eval yet: activate one on the Evals screen',
    );
    // a line per series, drawn from the API's days
    expect(await charts.getByRole('img', { name: 'Traces per day' }).locator('path').count()).toBe(
      1,
    );
    await page.getByRole('heading', { name: 'Last 30 days, every agent' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'home-charts');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.getByTestId('daily-charts').getByRole('img', { name: 'Latency' }).waitFor();
    await page.getByRole('heading', { name: 'Last 30 days, every agent' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'home-charts-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${stack.host.url}/agents`);
    const agentCharts = page.getByTestId('daily-charts');
    await agentCharts.waitFor();
    expect(
      await agentCharts
        .getByRole('region', { name: 'Traces per day' })
        .getByTestId('daily-chart-summary')
        .textContent(),
    ).toBe('30 in 30 days');
    await page.getByRole('heading', { name: 'Last 30 days' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'agent-charts');
  });

  it('labels 10 traces from the keyboard only, with undo', async () => {
    const labelled = async () =>
      (
        await stack.host.deps.db
          .select({ n: count() })
          .from(feedback)
          .where(eq(feedback.workspaceId, workspaceId))
      )[0]?.n ?? 0;
    const before = await labelled();
    await page.goto(`${stack.host.url}/review`);
    await page.getByTestId('review-trace').waitFor();
    await screenshot(page, 'review');
    const progress = page.getByTestId('review-progress');
    await progress.filter({ hasText: /^\d+ labelled/ }).waitFor();
    const shown = Number(/^(\d+) labelled/.exec((await progress.textContent()) ?? '')?.[1]);
    // the counter counts every label on the agent, the imported ones included
    expect(shown).toBeGreaterThan(0);
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
    await progress.filter({ hasText: `${shown + 10} labelled,` }).waitFor();
    await expect.poll(labelled).toBe(before + 10);
    await page.keyboard.press('u');
    await progress.filter({ hasText: `${shown + 9} labelled,` }).waitFor();
    await expect.poll(labelled).toBe(before + 9);
  });

  it('shows agents with their prompt versions', async () => {
    await page.goto(`${stack.host.url}/agents`);
    await page.getByRole('heading', { name: /Version \d/ }).waitFor();
    // named from the prompt's opening, not a prefix and a hash
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe(
      'Skye, customer support assistant for Harbor Outfitters',
    );
    // the tab and the badge say the same status
    const badge = await page.locator('h2 + .badge').last().textContent();
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe(`v1 · ${badge}`);
    // the template keeps the bracket between the customer's name and tier
    expect(await page.locator('pre.code').textContent()).toMatch(
      /You are helping \{\{var_\d\}\} \(\{\{var_\d\}\} member\)\./,
    );
    await screenshot(page, 'agents');
  });

  it("shows not-found for another workspace's trace URL", async () => {
    const otherId = 'ws_browser_other';
    await stack.host.deps.db
      .insert(workspaces)
      .values({ id: otherId, name: 'Other', slug: 'other' });
    await importDemo(stack.host.deps, otherId, 10, 3);
    const [foreign] = await stack.host.deps.db
      .select({ id: traces.id })
      .from(traces)
      .where(eq(traces.workspaceId, otherId))
      .limit(1);
    await page.goto(`${stack.host.url}/traces/${foreign?.id}`);
    await page.getByTestId('not-found').waitFor();
  });

  it('imports a large file in the background: good lines stored, the bad one listed', async () => {
    // over the 8 MiB above which the server imports as a job: 120 conversations of ~75 KB, one broken
    const lines = Array.from({ length: 121 }, (_, i) =>
      JSON.stringify({
        id: `big-${i}`,
        messages: [
          { role: 'system', content: 'You are Bea, a billing assistant for Northwind Energy.' },
          { role: 'user', content: `Explain my bill ${i}: ${'kWh '.repeat(19_000)}` },
          { role: 'assistant', content: `Bill ${i} is explained.` },
        ],
      }),
    );
    lines[60] = '{"id": "big-broken", "messages": [';
    const dir = mkdtempSync(join(tmpdir(), 'iofold-big-'));
    const path = join(dir, 'big.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect(statSync(path).size).toBeGreaterThan(8 * 1024 * 1024);
    await page.goto(`${stack.host.url}/import`);
    await page.getByLabel('File', { exact: true }).setInputFiles(path);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('inline-job').waitFor();
    const result = page.getByTestId('import-result');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.textContent()).toBe('Imported 120 traces (120 new)');
    const bad = page.getByRole('table', { name: 'Records that could not be imported' });
    expect(await bad.locator('tbody tr').count()).toBe(1);
    expect(await bad.locator('tbody tr td').first().textContent()).toBe('61');
    // one system prompt: one agent, holding all 120
    const owners = page.getByRole('table', { name: 'Agents the traces belong to' });
    expect(await owners.locator('tbody tr').count()).toBe(1);
    expect(await owners.locator('tbody tr td').nth(1).textContent()).toBe('120');
    expect(await page.getByTestId('inline-job-progress').textContent()).toMatch(
      /^100% · 120 traces written$/,
    );
    await screenshot(page, 'import-background');
    rmSync(dir, { recursive: true, force: true });
  }, 150_000);

  it('switches to the light theme and remembers it', async () => {
    await page.goto(`${stack.host.url}/traces`);
    await page.getByRole('button', { name: /Switch to (light|dark) theme/ }).waitFor();
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark') {
      await page.getByRole('button', { name: 'Switch to light theme' }).click();
    }
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.getByTestId('trace-row').first().waitFor();
    await screenshot(page, 'traces-light');
  });
});
