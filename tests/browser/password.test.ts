import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { loginLinkOf } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

describe.skipIf(skipReason !== null)('password in the dashboard, in Chromium', () => {
  let stack: Stack;
  let page: Page;
  let email = '';

  beforeAll(async () => {
    stack = await startStack();
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    [{ email = '' } = { email: '' }] = await stack.host.deps.db
      .select({ email: users.email })
      .from(users);
    await page.goto(loginLinkOf(stack.host));
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const signInWith = async (password: string) => {
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('sets a first password in settings, then signs in with it on the sign-in page', async () => {
    await page.goto(`${stack.host.url}/settings?tab=password`);
    await page.getByRole('heading', { name: 'Your password' }).waitFor();
    await page.getByLabel('New password (at least 10 characters)').fill('first password 1');
    await page.getByLabel('New password again').fill('first password 2');
    await page.getByRole('alert').filter({ hasText: 'The two new passwords differ' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save password' }).isDisabled()).toBe(true);
    await page.getByLabel('New password again').fill('first password 1');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password saved' }).waitFor();
    await screenshot(page, 'settings-password-saved');

    await Promise.all([
      page.waitForURL(`${stack.host.url}/`, { waitUntil: 'load' }),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInWith('not the password');
    await page.getByRole('alert').first().waitFor();
    await screenshot(page, 'sign-in-wrong-password');
    await signInWith('first password 1');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });

  it('changes the password only with the current one', async () => {
    await page.goto(`${stack.host.url}/settings?tab=password`);
    await page.getByLabel('New password (at least 10 characters)').fill('second password 2');
    await page.getByLabel('New password again').fill('second password 2');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'the current password is missing or wrong' })
      .waitFor();
    await screenshot(page, 'settings-password-needs-current');
    await page.getByLabel('Current password').fill('first password 1');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password saved' }).waitFor();
    const login = (password: string) =>
      fetch(`${stack.host.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    expect((await login('first password 1')).status).toBe(401);
    expect((await login('second password 2')).status).toBe(200);
  });
});
