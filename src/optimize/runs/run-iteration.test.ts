import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { promptIterations } from '@/db/schema';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { waitFor } from '@/jobs/testing';
import { cancelTasksetRun } from './cancel-taskset-run';
import { createTasksetRun } from './create-taskset-run';
import { getTasksetRunOrThrow } from './taskset-run-views';
import { rolloutServers, SHOP_SYSTEM, seedShopRun, shopAgent } from './testing';

const servers = rolloutServers();

let deps: ReturnType<typeof createTestDeps>;
let ctx: Ctx;
let worker: JobWorker | undefined;
beforeEach(async () => {
  deps = createTestDeps({
    sandbox: servers.sandbox,
    llmEnv: { IOFOLD_LLM_BASE_URL: servers.llm.baseUrlV1, IOFOLD_LLM_MODEL: 'gpt-4o-mini' },
  });
  ctx = createSystemCtx(deps, (await createTestWorkspace(deps)).id, 'test');
  servers.llm.setResponder(shopAgent());
});
afterEach(async () => {
  await worker?.stop(2000);
  worker = undefined;
  deps.close();
});

async function iteration(agentId: string, text: string, status: 'proposed' | 'rejected') {
  const id = ctx.newId('pit');
  await ctx.db.insert(promptIterations).values({
    id,
    workspaceId: ctx.workspaceId,
    agentId,
    source: 'improve',
    text,
    textHash: `hash-${id}`,
    status,
  });
  return id;
}

const iterationRow = async (id: string) =>
  (
    await ctx.db
      .select()
      .from(promptIterations)
      .where(and(eq(promptIterations.workspaceId, ctx.workspaceId), eq(promptIterations.id, id)))
  )[0];

describe("a prompt iteration's status follows its taskset run", () => {
  it('running while queued, evaluated with the split score when it succeeds, proposed again when cancelled', async () => {
    const seeded = await seedShopRun(ctx);
    const text = `${SHOP_SYSTEM} Shop: {{shop}}. Confirm before cancelling.`;
    const id = await iteration(seeded.agentId, text, 'proposed');
    const created = await createTasksetRun(ctx, {
      tasksetId: seeded.tasksetId,
      promptIterationId: id,
      split: 'test',
    });
    expect(created).toMatchObject({ candidateText: text, config: { promptIterationId: id } });
    expect(await iterationRow(id)).toMatchObject({ status: 'running', scores: {} });

    worker = startJobWorker(deps, {
      handlers: createJobHandlers(),
      pollMs: 20,
      retry: { baseDelayMs: 10, maxDelayMs: 100 },
    });
    const run = await waitFor(async () => {
      const r = await getTasksetRunOrThrow(ctx, created.id);
      return ['succeeded', 'failed', 'cancelled', 'stopped'].includes(r.status) ? r : null;
    }, 60_000);
    expect(run.status).toBe('succeeded');
    // the test split is t0 (asks to cancel: the eval passes) and t1 (never cancels: it fails)
    expect(run.summary.meanScore).toBe(0.5);
    expect(await iterationRow(id)).toMatchObject({ status: 'evaluated', scores: { test: 0.5 } });
    await worker.stop(2000);
    worker = undefined;

    const again = await createTasksetRun(ctx, {
      tasksetId: seeded.tasksetId,
      promptIterationId: id,
    });
    expect((await iterationRow(id))?.status).toBe('running');
    await cancelTasksetRun(ctx, again.id);
    // nothing measured by the cancelled run: a proposal again, the earlier score kept
    expect(await iterationRow(id)).toMatchObject({
      status: 'proposed',
      scores: { test: 0.5 },
    });
  }, 120_000);

  it('leaves a rejected iteration rejected, and refuses an iteration of another agent', async () => {
    const seeded = await seedShopRun(ctx);
    const id = await iteration(seeded.agentId, `${SHOP_SYSTEM} {{shop}}`, 'rejected');
    const run = await createTasksetRun(ctx, { tasksetId: seeded.tasksetId, promptIterationId: id });
    expect((await iterationRow(id))?.status).toBe('rejected');
    await cancelTasksetRun(ctx, run.id);
    expect((await iterationRow(id))?.status).toBe('rejected');
    await expect(
      createTasksetRun(ctx, { tasksetId: seeded.tasksetId, promptIterationId: 'pit_nope' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      createTasksetRun(ctx, {
        tasksetId: seeded.tasksetId,
        promptIterationId: id,
        promptText: 'other',
      }),
    ).rejects.toThrow(/give one of/);
  });
});
