import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '@/core/context';
import { autoRefineCooldowns, evals, jobs, refinementHistory, traces } from '@/db/schema';
import { createJobHandlers } from '@/hosts/job-handlers';
import { createTestDeps } from '@/hosts/test-deps';
import type { JobHandler } from '@/jobs/job-handler';
import { type JobWorker, startJobWorker } from '@/jobs/start-job-worker';
import { waitForStatus } from '@/jobs/testing';
import { runMonitoring } from '../run-monitoring';
import { NORMAL_DAY, seedDay, seedMonitoringFixture } from '../testing';
import { addDays } from '../utc-day';
import { triggerAutoRefine } from './trigger-auto-refine';
import { withRefineCooldown } from './with-refine-cooldown';

const HOUR = 3_600_000;
let clock = new Date('2026-10-09T12:00:00Z');
let deps: Deps & { close(): void };
let fx: Awaited<ReturnType<typeof seedMonitoringFixture>>;
let worker: JobWorker | undefined;

beforeEach(async () => {
  clock = new Date('2026-10-09T12:00:00Z');
  deps = createTestDeps({ now: () => clock });
  fx = await seedMonitoringFixture(deps, { autoRefine: true });
  for (let i = 0; i < 8; i++) {
    await seedDay(deps, fx, fx.activeEvalId, addDays('2026-10-01', i), NORMAL_DAY);
  }
  // agreement 24/34 against 30/34: an agreement_drop alert on 2026-10-09
  await seedDay(deps, fx, fx.activeEvalId, '2026-10-09', {
    ...NORMAL_DAY,
    passPos: 14,
    passNeg: 8,
  });
  for (let i = 0; i < 8; i++) {
    await runMonitoring(deps, { day: addDays('2026-10-01', i) });
  }
});
afterEach(async () => {
  await worker?.stop(1000);
  worker = undefined;
  deps.close();
});

const history = () => deps.db.select().from(refinementHistory);
const cooldown = async () => (await deps.db.select().from(autoRefineCooldowns))[0];
/** A stand-in for the evals feature's refinement: it records its outcome like the real one. */
type FakeRefine = (
  ctx: Parameters<JobHandler<'eval.refine'>>[0],
  input: { evalId: string; refinementId: string },
) => Promise<{ ok: true; toEvalId: string; reason: string } | { ok: false; reason: string }>;
const runWith = (refine: FakeRefine) => {
  const inner: JobHandler<'eval.refine'> = async (ctx, payload) => {
    const result = await refine(ctx, payload);
    await ctx.db
      .update(refinementHistory)
      .set(
        result.ok
          ? { status: 'proposed', toEvalId: result.toEvalId, outcome: { reason: result.reason } }
          : { status: 'rejected', outcome: { reason: result.reason } },
      )
      .where(eq(refinementHistory.id, payload.refinementId));
    return result;
  };
  worker = startJobWorker(deps, {
    handlers: createJobHandlers({ 'eval.refine': withRefineCooldown(inner) }),
    pollMs: 20,
    // the test clock stands still, so retries must be due at once
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
  });
};

describe('auto-refine', () => {
  it('enqueues one eval.refine job when an agreement alert opens, with history and cooldown', async () => {
    const run = await runMonitoring(deps, { day: '2026-10-09' });
    expect(run.alertsOpened.map((a) => a.kind)).toEqual(['agreement_drop']);
    expect(run.refinements).toMatchObject([{ status: 'enqueued', evalId: fx.activeEvalId }]);
    const [entry] = await history();
    expect(entry).toMatchObject({
      trigger: 'alert',
      alertId: run.alertsOpened[0]!.id,
      status: 'running',
      fromEvalId: fx.activeEvalId,
      evalName: 'polite',
    });
    const [job] = await deps.db.select().from(jobs).where(eq(jobs.type, 'eval.refine'));
    expect(job?.payload).toMatchObject({ evalId: fx.activeEvalId, refinementId: entry!.id });
    expect(entry?.jobId).toBe(job?.id);
    expect((await cooldown())?.nextAllowedAt).toEqual(new Date(clock.getTime() + 6 * HOUR));
    // the same day again: no second alert, no second job
    const again = await runMonitoring(deps, { day: '2026-10-09' });
    expect(again.alertsOpened).toEqual([]);
    expect(again.refinements.map((r) => r.status)).toEqual(['cooldown']);
    expect(await deps.db.select().from(jobs).where(eq(jobs.type, 'eval.refine'))).toHaveLength(1);
  });

  it('queues no refinement of an agent with too few good or bad labels, and says why', async () => {
    // every labelled trace of the fixture made good: nothing bad to learn from
    await deps.db.update(traces).set({ label: 'positive' }).where(eq(traces.label, 'negative'));
    const run = await runMonitoring(deps, { day: '2026-10-09' });
    expect(run.alertsOpened.map((a) => a.kind)).toEqual(['agreement_drop']);
    // the alert and the day's contradictions both asked; neither queued a job
    const why = expect.stringMatching(
      /^not enough labels to refine an eval: this agent has \d+ good and 0 bad .*: label 2 more bad$/,
    );
    expect(run.refinements).toEqual(
      [1, 2].map(() => ({ status: 'too_few_labels', evalId: fx.activeEvalId, reason: why })),
    );
    expect(await deps.db.select().from(jobs).where(eq(jobs.type, 'eval.refine'))).toEqual([]);
    expect(await history()).toEqual([]);
    expect(await cooldown()).toBeUndefined();
  });

  it('records a proposal and holds further triggers until the cooldown passes', async () => {
    const calls: string[] = [];
    runWith(async (ctx, input) => {
      calls.push(input.evalId);
      const [from] = await ctx.db.select().from(evals).where(eq(evals.id, input.evalId));
      await ctx.db.insert(evals).values({
        ...from!,
        id: 'evl_next',
        version: 3,
        status: 'candidate',
        generator: 'refinement',
      });
      return { ok: true, toEvalId: 'evl_next', reason: 'fixed 10 contradictions' };
    });
    const run = await runMonitoring(deps, { day: '2026-10-09' });
    const jobId = (run.refinements[0] as { jobId: string }).jobId;
    await waitForStatus(deps, jobId, ['succeeded', 'failed']);
    const [entry] = await history();
    expect(entry).toMatchObject({ status: 'proposed', toEvalId: 'evl_next' });
    const [job] = await deps.db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job?.progress).toMatchObject({
      percent: 100,
      message: 'proposed evl_next for review (never activated automatically)',
    });
    expect(await cooldown()).toMatchObject({ consecutiveFailures: 0, lastOutcome: 'proposed' });
    const trigger = () =>
      triggerAutoRefine(deps, {
        workspaceId: fx.ws,
        evalId: fx.activeEvalId,
        trigger: 'contradictions',
        contradictions: 12,
        dedupeKey: `x:${clock.getTime()}`,
      });
    clock = new Date(clock.getTime() + 5 * HOUR);
    expect((await trigger()).status).toBe('cooldown');
    expect(await deps.db.select().from(jobs).where(eq(jobs.type, 'eval.refine'))).toHaveLength(1);
    expect(calls).toEqual([fx.activeEvalId]);
    clock = new Date(clock.getTime() + 2 * HOUR);
    expect((await trigger()).status).toBe('enqueued');
  });

  it('backs off after consecutive failures: 12 h after one, 24 h after two', async () => {
    runWith(async () => ({ ok: false, reason: 'no candidate beat the current version' }));
    const failOnce = async (key: string) => {
      const result = await triggerAutoRefine(deps, {
        workspaceId: fx.ws,
        evalId: fx.activeEvalId,
        trigger: 'contradictions',
        dedupeKey: key,
      });
      expect(result.status).toBe('enqueued');
      await waitForStatus(deps, (result as { jobId: string }).jobId, ['succeeded']);
    };
    await failOnce('a');
    expect(await cooldown()).toMatchObject({ consecutiveFailures: 1, lastOutcome: 'rejected' });
    expect((await cooldown())?.nextAllowedAt).toEqual(new Date(clock.getTime() + 12 * HOUR));
    clock = new Date(clock.getTime() + 12 * HOUR);
    await failOnce('b');
    expect((await cooldown())?.nextAllowedAt).toEqual(new Date(clock.getTime() + 24 * HOUR));
    expect((await history()).map((h) => h.status)).toEqual(['rejected', 'rejected']);
  });

  it('retries a transient refine error and records a failure only when attempts run out', async () => {
    let calls = 0;
    runWith(async () => {
      calls++;
      throw Object.assign(new Error('model overloaded'), { code: 'RATE_LIMITED', retryable: true });
    });
    const result = await triggerAutoRefine(deps, {
      workspaceId: fx.ws,
      evalId: fx.activeEvalId,
      trigger: 'contradictions',
      dedupeKey: 'r',
    });
    const job = await waitForStatus(deps, (result as { jobId: string }).jobId, ['failed']);
    expect(calls).toBe(3);
    expect(job.attempts).toBe(3);
    expect((await history())[0]).toMatchObject({
      status: 'failed',
      outcome: { reason: 'model overloaded' },
    });
    expect((await cooldown())?.consecutiveFailures).toBe(1);
  });

  it('does nothing for an eval without auto-refine, and dedupes a repeated key', async () => {
    const input = {
      workspaceId: fx.ws,
      evalId: fx.activeEvalId,
      trigger: 'contradictions' as const,
      dedupeKey: 'same',
    };
    expect((await triggerAutoRefine(deps, input)).status).toBe('enqueued');
    clock = new Date(clock.getTime() + 100 * HOUR);
    expect((await triggerAutoRefine(deps, input)).status).toBe('duplicate');
    expect(await history()).toHaveLength(1);
    await deps.db.update(evals).set({ autoRefine: false }).where(eq(evals.id, fx.activeEvalId));
    expect((await triggerAutoRefine(deps, { ...input, dedupeKey: 'other' })).status).toBe(
      'disabled',
    );
    expect((await triggerAutoRefine(deps, { ...input, workspaceId: 'ws_other' })).status).toBe(
      'not_found',
    );
  });
});
