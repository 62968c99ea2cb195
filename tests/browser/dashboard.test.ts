import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

describe.skipIf(skipReason !== null)('dashboard in Chromium', () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('serves the dashboard on a client-side route from the API origin', async () => {
    const response = await page.goto(`${stack.host.url}/traces?label=negative`);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading').first().waitFor();
    expect(await page.title()).toBe('iofold');
    await screenshot(page, 'first-load');
  });

  it('keeps API 404s as JSON instead of the dashboard', async () => {
    const response = await page.request.get(`${stack.host.url}/v1/no-such-thing`);
    expect(response.status()).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
