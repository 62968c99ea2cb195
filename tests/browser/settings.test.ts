import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, users } from '@/db/schema';
import { unnamedControls } from './a11y';
import { browserSkipReason, type Stack, screenshot, startStack } from './harness';
import { firstWorkspaceId, loginLinkOf } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

const PROVIDER_KEY = 'sk-test-provider-secret-1234abcd';

/** A local server speaking the OpenAI `GET /models` route, checking the bearer key. */
async function startModelsServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const ok = req.url === '/v1/models' && req.headers.authorization === `Bearer ${PROVIDER_KEY}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { object: 'list', data: [{ id: 'local-model' }] } : {}));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe.skipIf(skipReason !== null)('settings in Chromium', () => {
  let stack: Stack;
  let page: Page;
  let workspaceId: string;
  let models: { server: Server; url: string };
  let inviteLink = '';

  beforeAll(async () => {
    stack = await startStack();
    models = await startModelsServer();
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    workspaceId = await firstWorkspaceId(stack.host.deps);
    await page.goto(loginLinkOf(stack.host));
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });
  afterAll(async () => {
    models?.server.close();
    await stack?.close();
  });

  it('renames the workspace and the sidebar follows', async () => {
    await page.goto(`${stack.host.url}/settings`);
    const name = page.getByLabel('Workspace name');
    await name.fill('Support team');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByText('Support team').waitFor();
    await screenshot(page, 'settings-workspace');
  });

  it('creates an API key whose secret is shown once, then only its prefix', async () => {
    await page.goto(`${stack.host.url}/settings?tab=api-keys`);
    await page.getByRole('heading', { name: 'No API keys' }).waitFor();
    await page.getByLabel('Key name').fill('ci ingest');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('Secret key').inputValue();
    expect(secret).toMatch(/^sk-if-/);
    await page.getByRole('button', { name: 'Copy' }).waitFor();
    await page.getByTestId('api-key-row').first().waitFor();
    await screenshot(page, 'settings-api-key-created');
    // The key works against the API.
    const whoami = await fetch(`${stack.host.url}/v1/members`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(whoami.status).toBe(200);
    await page.reload();
    await page.getByTestId('api-key-row').first().waitFor();
    expect(await page.getByLabel('Secret key').count()).toBe(0);
    const html = await page.content();
    expect(html).not.toContain(secret);
    const hint = await page.getByTestId('secret-hint').first().textContent();
    expect(hint).toMatch(/^sk-if-…/);
    expect(secret.endsWith(hint?.slice(-4) ?? 'x')).toBe(true);
  });

  it('revokes an API key after a confirmation', async () => {
    await page.goto(`${stack.host.url}/settings?tab=api-keys`);
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('button', { name: 'Revoke ci ingest' }).click();
    await page.getByTestId('api-key-row').getByText('revoked').waitFor();
  });

  it('adds a model provider, masks its secret and tests the connection', async () => {
    await page.goto(`${stack.host.url}/settings?tab=integrations`);
    await page.getByRole('heading', { name: 'No integrations yet' }).waitFor();
    await page.getByLabel('Kind').selectOption('openai');
    await page.getByLabel('Name').fill('Local models');
    await page.getByLabel('Base URL').fill(models.url);
    await page.getByLabel('Model').fill('local-model');
    await page.getByLabel(/^API key/).fill(PROVIDER_KEY);
    await page.getByRole('button', { name: 'Add integration' }).click();
    const row = page.getByTestId('integration-row');
    await row.waitFor();
    expect(await page.getByLabel(/^API key/).inputValue()).toBe('');
    expect(await row.getByTestId('integration-secret').textContent()).toBe('sk-…abcd');
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(PROVIDER_KEY);
    await row.getByRole('button', { name: 'Test connection of Local models' }).click();
    await row.getByText(/connected in \d+ ms/).waitFor();
    await row.getByText('used for evals').waitFor();
    await screenshot(page, 'settings-integrations');
  });

  it('reports a failed connection and deletes the integration', async () => {
    await page.goto(`${stack.host.url}/settings?tab=integrations`);
    await page.getByLabel('Kind').selectOption('langfuse');
    await page.getByLabel('Name').fill('Broken langfuse');
    await page.getByLabel('Base URL').fill(models.url);
    await page.getByLabel('Public key').fill('pk-lf-1');
    await page.getByLabel('Secret key').fill('sk-lf-wrong-secret-0000');
    await page.getByRole('button', { name: 'Add integration' }).click();
    const row = page.getByTestId('integration-row').filter({ hasText: 'Broken langfuse' });
    await row.getByRole('button', { name: /Test connection/ }).click();
    await row
      .getByText(/HTTP 401/)
      .first()
      .waitFor();
    await row.getByRole('button', { name: 'Pull traces from Broken langfuse' }).click();
    await row.getByRole('link', { name: 'follow the job' }).waitFor();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await row.getByRole('button', { name: 'Delete Broken langfuse' }).click();
    await expect.poll(() => row.count()).toBe(0);
  });

  it("adds a member with a one-time link and changes the member's role", async () => {
    await page.goto(`${stack.host.url}/settings?tab=members`);
    await page.getByTestId('member-row').first().waitFor();
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('Name (optional)').fill('Grace');
    await page.getByLabel("New member's role").selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    inviteLink = await page.getByLabel('One-time sign-in link').inputValue();
    expect(inviteLink).toContain('/login?token=');
    const role = page.getByLabel('Role of Grace');
    expect(await role.inputValue()).toBe('viewer');
    await role.selectOption('member');
    const stored = async () => {
      const [row] = await stack.host.deps.db
        .select({ role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.workspaceId, workspaceId), eq(users.email, 'grace@example.com')));
      return row?.role;
    };
    await expect.poll(stored).toBe('member');
    await page.reload();
    expect(await page.getByLabel('Role of Grace').inputValue()).toBe('member');
    await screenshot(page, 'settings-members');
  });

  it('refuses to demote the last owner and says why', async () => {
    await page.goto(`${stack.host.url}/settings?tab=members`);
    const own = page.getByTestId('member-row').filter({ hasText: '(you)' });
    await own.getByRole('combobox').selectOption('viewer');
    await own.getByRole('alert').filter({ hasText: 'at least one owner' }).waitFor();
    expect(await own.getByRole('combobox').inputValue()).toBe('owner');
  });

  it('hides owner-only actions from a member, with the reason', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await context.newPage();
    await other.goto(inviteLink);
    await other.getByRole('heading', { name: 'Home' }).waitFor();
    await other.goto(`${stack.host.url}/settings?tab=api-keys`);
    await other.getByTestId('owner-only').waitFor();
    expect(await other.getByRole('button', { name: 'Create key' }).count()).toBe(0);
    await other.goto(`${stack.host.url}/settings?tab=members`);
    await other.getByTestId('member-row').first().waitFor();
    expect(await other.getByRole('combobox').count()).toBe(0);
    await other.goto(`${stack.host.url}/settings?tab=integrations`);
    await other.getByTestId('integration-row').first().waitFor();
    expect(await other.getByRole('button', { name: 'Add integration' }).count()).toBe(0);
    expect(await other.getByRole('button', { name: /Test connection/ }).count()).toBe(1);
    await screenshot(other, 'settings-integrations-member');
    await context.close();
  });

  it('shows sandbox and database status, in both themes', async () => {
    await page.goto(`${stack.host.url}/settings?tab=system`);
    await page.getByTestId('sandbox-status').waitFor();
    const health = (await (await fetch(`${stack.host.url}/health`)).json()) as {
      sandbox: { available: boolean; kind: string };
    };
    expect(await page.getByTestId('model-status').textContent()).toContain(
      "none in the server's environment",
    );
    expect(await page.getByTestId('sandbox-status').textContent()).toContain(
      health.sandbox.available ? 'available' : 'unavailable',
    );
    for (const theme of ['dark', 'light'] as const) {
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) {
        await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
      }
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await screenshot(page, `settings-system-${theme}`);
    }
  });

  it('names every control on every settings tab', async () => {
    for (const tab of ['workspace', 'members', 'api-keys', 'integrations', 'system']) {
      await page.goto(`${stack.host.url}/settings?tab=${tab}`);
      await page.locator('main .card').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await unnamedControls(page), tab).toEqual([]);
    }
  });

  it('shows an error with a retry when the server fails, and recovers', async () => {
    let fail = true;
    await page.route('**/v1/integrations', (route) =>
      fail
        ? route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({
              error: { code: 'INTERNAL', message: 'boom', requestId: 'req_1' },
            }),
          })
        : route.continue(),
    );
    await page.goto(`${stack.host.url}/settings?tab=integrations`);
    const alert = page.getByRole('alert').filter({ hasText: 'Something went wrong' });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('request id req_1');
    await screenshot(page, 'settings-error');
    fail = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('integration-row').first().waitFor();
    await page.unroute('**/v1/integrations');
  });

  it('reaches every settings tab from the keyboard in order', async () => {
    await page.goto(`${stack.host.url}/settings`);
    await page.getByLabel('Workspace name').waitFor();
    const tabs = page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link');
    expect(await tabs.allTextContents()).toEqual([
      'Workspace',
      'Members',
      'API keys',
      'Integrations',
      'System',
      'Your password',
    ]);
    await tabs.first().focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/tab=members/);
    await page.getByTestId('member-row').first().waitFor();
  });
});
