import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemCtx } from '@/core/system-ctx';
import { seedAgentTraces } from '@/evals/testing/seed-agent-traces';
import { createManualEval } from '@/evals/versions/create-manual-eval';
import { browserSkipReason, type Stack, screenshot, signedInPage, startStack } from './harness';
import { firstWorkspaceId } from './seed';

const skipReason = browserSkipReason();
if (skipReason) {
  console.warn(skipReason);
}

// Labels nothing in the traces explains: 16 good, 8 bad, every trace alike but a number.
const noSignal = () =>
  Array.from({ length: 24 }, (_, i) => ({
    label: (i % 3 === 0 ? 'negative' : 'positive') as 'negative' | 'positive',
    toolNames: ['lookup'],
    text: `request number ${1000 + i * 7}`,
  }));

/** What a newcomer meets when generation abstains (#14): the answer, and one click past it. */
describe.skipIf(skipReason !== null)('a generation that creates no eval, in Chromium', () => {
  let stack: Stack;
  let page: Page;
  let agentId: string;
  let ctx: ReturnType<typeof createSystemCtx>;

  beforeAll(async () => {
    stack = await startStack();
    ctx = createSystemCtx(stack.host.deps, await firstWorkspaceId(stack.host.deps));
    // and unlabelled traces, some with a second tool: what the answer suggests labelling next
    const unlabelled = Array.from({ length: 6 }, (_, i) => ({
      label: null,
      toolNames: i % 2 === 0 ? ['lookup'] : ['lookup', 'refund'],
      text: `request number ${3000 + i * 13}`,
    }));
    ({ agentId } = await seedAgentTraces(ctx, [...noSignal(), ...unlabelled], 'noise'));
    page = await signedInPage(stack, { timeout: 120_000 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('says in plain words why no eval was created, and creates one anyway on request', async () => {
    await page.goto(`${stack.host.url}/evals?agentId=${agentId}`);
    const force = page.getByLabel('Even if no better than always giving one verdict');
    expect(await force.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Generate eval' }).click();
    const answer = page.getByTestId('generation-answer');
    await answer.waitFor();
    expect(await answer.locator('strong').first().textContent()).toMatch(
      /^No eval found that agrees with your labels better than always saying pass/,
    );
    // the unlabelled traces to label next, each a link to the trace, where it is labelled
    const next = answer.getByRole('region', { name: 'Traces to label next' });
    const links = await next
      .getByRole('link')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links.length).toBe(6);
    for (const href of links) {
      expect(href).toMatch(/^\/traces\/trc_/);
    }
    // the empty state's "That is enough: press Generate eval" would contradict the answer
    expect(await page.getByTestId('evals-labels-needed').count()).toBe(0);
    await screenshot(page, 'eval-abstained');
    await answer.getByRole('button', { name: 'Create a version anyway' }).click();
    await page.getByTestId('eval-detail').waitFor();
    expect(await page.getByTestId('generation-answer').count()).toBe(0);
    const result = await page.getByTestId('inline-job-result').textContent();
    expect(result).toMatch(/a new version was created/);
    await screenshot(page, 'eval-forced');
  });

  it('says what to label when Refine is pressed for an agent with too few labels, and starts no job', async () => {
    const few = await seedAgentTraces(
      ctx,
      [
        { label: 'positive', toolNames: [], text: 'fine' },
        { label: 'negative', toolNames: [], text: 'not fine' },
      ],
      'few',
    );
    const version = await createManualEval(ctx, {
      agentId: few.agentId,
      code: 'def eval_few(trace):\n    return True, "ok"\n',
    });
    await page.goto(`${stack.host.url}/evals?agentId=${few.agentId}&eval=${version.id}`);
    await page.getByTestId('eval-detail').getByRole('button', { name: 'Refine' }).click();
    const refused = page.locator('p.alert.error').filter({ hasText: 'not enough labels' });
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'not enough labels to refine an eval: this agent has 1 good and 1 bad (neutral labels do not count); refinement needs at least 8, 2 good and 2 bad: label 1 more good and 1 more bad and 4 more of either',
    );
    expect(new URL(page.url()).searchParams.get('job')).toBeNull();
  });
});
