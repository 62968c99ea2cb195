import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { traces } from '@/db/schema';
import { labelTrace } from '@/feedback/label-trace';
import { addMember } from '@/workspaces/add-member';
import { browserSkipReason, type Stack, screenshotLightAndDark, startStack } from './harness';
import { firstWorkspaceId, importDemo, loginLinkOf } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

describe.skipIf(skipReason !== null)('review queues, trace columns, saved views, sessions', () => {
  let stack: Stack;
  let page: Page;
  let workspaceId: string;
  let agentId: string;
  let bo: string;

  beforeAll(async () => {
    stack = await startStack();
    page = await (
      await stack.browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
    workspaceId = await firstWorkspaceId(stack.host.deps);
    await importDemo(stack.host.deps, workspaceId, 40);
    const system: Ctx = {
      ...stack.host.deps,
      workspaceId,
      actor: { type: 'system' },
      requestId: 't',
    };
    bo = (await addMember(system, { email: 'bo@example.com', name: 'Bo' })).member.userId;
    const rows = await stack.host.deps.db
      .select({ id: traces.id, agentId: traces.agentId })
      .from(traces)
      .where(eq(traces.workspaceId, workspaceId))
      .orderBy(traces.startedAt);
    agentId = rows[0]?.agentId as string;
    // sessions of three traces and users from metadata, as an app's SDK would send them
    for (const [i, row] of rows.entries()) {
      await stack.host.deps.db
        .update(traces)
        .set({ sessionId: `sess-${Math.floor(i / 3)}`, externalUserId: `cust-${i % 5}` })
        .where(eq(traces.id, row.id));
    }
    await page.goto(loginLinkOf(stack.host));
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows chosen metadata columns and saves the view with its filter', async () => {
    await page.goto(`${stack.host.url}/traces?agentId=${agentId}&hasErrors=false`);
    await page.getByTestId('trace-row').first().waitFor();
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'model' }).check();
    await page.getByRole('checkbox', { name: 'user' }).check();
    await page.locator('[data-column="model"]').first().waitFor();
    const models = await page.locator('[data-column="model"]').allTextContents();
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) {
      expect(model).toMatch(/\S/);
      expect(model).not.toBe('—');
    }
    expect(await page.locator('[data-column="user"]').first().textContent()).toMatch(/^cust-\d$/);
    await page.getByText('Columns (2)').click();
    await page.getByText('Save view', { exact: true }).click();
    await page.getByLabel('View name').fill('No errors, by model');
    await page.getByLabel('Share with the workspace').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/view=/);
    await screenshotLightAndDark(page, 'traces-columns-saved-view');
    await page.goto(`${stack.host.url}/traces`);
    await page.getByTestId('trace-row').first().waitFor();
    expect(await page.locator('[data-column]').count()).toBe(0);
    await page.getByLabel('Saved view').selectOption({ label: 'No errors, by model · shared' });
    await page.waitForURL(/cols=model%2Cuser|cols=model,user/);
    const url = new URL(page.url());
    expect(url.searchParams.get('hasErrors')).toBe('false');
    expect(url.searchParams.get('agentId')).toBe(agentId);
    await page.locator('[data-column="model"]').first().waitFor();
  });

  it('groups traces by session and by user, linking to the filtered list', async () => {
    await page.goto(`${stack.host.url}/sessions?agentId=${agentId}`);
    await page.getByTestId('trace-group').first().waitFor();
    const groups = page.getByTestId('trace-group');
    expect(await groups.count()).toBe(14); // 40 traces in sessions of three
    const first = groups.first();
    const key = (await first.locator('a').textContent()) as string;
    const count = Number(await first.locator('td').nth(1).textContent());
    await screenshotLightAndDark(page, 'sessions');
    await first.locator('a').click();
    await page.waitForURL(/\/traces\?/);
    expect(new URL(page.url()).searchParams.get('sessionId')).toBe(key);
    await page.getByTestId('trace-row').first().waitFor();
    expect(await page.getByTestId('trace-row').count()).toBe(count);
    await page.goto(`${stack.host.url}/sessions?by=user&agentId=${agentId}`);
    await page.getByRole('table', { name: 'Users' }).waitFor();
    expect(await page.getByTestId('trace-group').count()).toBe(5);
    await screenshotLightAndDark(page, 'users');
  });

  it('makes a queue from the filter, assigns it to two people and shows their agreement', async () => {
    await page.goto(`${stack.host.url}/traces?agentId=${agentId}&label=unlabelled`);
    await page.getByTestId('trace-row').first().waitFor();
    await page.getByText('Review these…').click();
    const form = page.getByRole('form', { name: 'Make a review queue' });
    await form.getByLabel('Queue name').fill('Unlabelled check');
    await form.getByLabel('At most').fill('4');
    for (const box of await form.getByRole('checkbox').all()) {
      await box.check();
    }
    await form.getByLabel('Reviewers per trace').selectOption('2');
    await form.getByRole('button', { name: 'Make the queue' }).click();
    await page.getByTestId('queue-detail').waitFor();
    expect(await page.getByTestId('queue-agreement').textContent()).toContain(
      'No trace has two labels',
    );

    await page.getByRole('link', { name: 'Review my items' }).click();
    await page.waitForURL(/\/review\?/);
    await page.getByText('4 of your items to go').waitFor();
    for (const [i, key] of ['1', '2', '1', '1'].entries()) {
      await page.keyboard.press(key);
      await page.getByText(`${i + 1} labelled now, ${3 - i} of your items to go`).waitFor();
    }

    // Bo labels the same four traces and disagrees on the last one
    const queueId = new URL(page.url()).searchParams.get('queue') as string;
    const items = await stack.host.deps.db.query.reviewQueueItems.findMany({
      where: (t) => and(eq(t.queueId, queueId), eq(t.assigneeId, bo)),
    });
    expect(items).toHaveLength(4);
    const asBo: Ctx = {
      ...stack.host.deps,
      workspaceId,
      actor: { type: 'user', userId: bo, role: 'member' },
      requestId: 't',
    };
    const ratings = ['positive', 'negative', 'positive', 'negative'] as const;
    for (const item of items.sort((a, b) => a.position - b.position)) {
      await labelTrace(asBo, {
        traceId: item.traceId,
        rating: ratings[item.position] ?? 'neutral',
      });
    }
    await page.getByRole('link', { name: 'queue progress' }).click();
    await page.getByTestId('queue-detail').waitFor();
    const agreement = page.getByTestId('queue-agreement');
    await page.getByText(/% agree ·/).waitFor();
    // 3 of 4 agree; owner 3 good 1 bad, Bo 2 good 2 bad: pe 0.5, kappa 0.5
    expect(await agreement.textContent()).toBe(
      "75% agree · Cohen's κ 0.50 on 4 traces labelled twice or more",
    );
    expect(
      await page.getByRole('table', { name: 'Progress per reviewer' }).textContent(),
    ).toContain('4 of 4');
    // the list beside it is read again too: the owner's and Bo's eight items are done
    expect(await page.getByTestId('queue-row').first().textContent()).toContain('8 of 8');
    await screenshotLightAndDark(page, 'review-queue');
  });
});
