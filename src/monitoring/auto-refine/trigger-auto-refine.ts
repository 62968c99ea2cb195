import { and, eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { evals, refinementHistory } from '@/db/schema';
import { agentLabelShortfall } from '@/evals/generation/load-generation-labels';
import { enqueueJob } from '@/jobs/enqueue-job';
import { resolveThresholds } from '../alert-thresholds';
import { cooldownMs, readCooldown, writeCooldown } from './cooldown';

export type TriggerInput = {
  workspaceId: string;
  evalId: string;
  trigger: 'alert' | 'contradictions' | 'manual';
  alertId?: string;
  contradictions?: number;
  /** Same key, same refinement: a re-run of monitoring never enqueues twice. */
  dedupeKey: string;
};

export type TriggerResult =
  | { status: 'enqueued'; jobId: string; refinementId: string }
  | { status: 'disabled' | 'not_found' | 'duplicate' }
  | { status: 'cooldown'; until: Date }
  /** The agent has too few good or bad labels to refine from; `reason` says what to label. */
  | { status: 'too_few_labels'; reason: string };

/**
 * Starts an `eval.refine` job when auto-refine is on for the eval, its cooldown has passed (manual
 * triggers skip both checks) and its agent has the labels a refinement needs. Records a `running` refinement_history row and pushes the
 * cooldown forward at once, so alerts arriving while it runs do not start another.
 */
export async function triggerAutoRefine(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'queue'>,
  input: TriggerInput,
): Promise<TriggerResult> {
  const [evalRow] = await deps.db
    .select()
    .from(evals)
    .where(and(eq(evals.workspaceId, input.workspaceId), eq(evals.id, input.evalId)));
  if (!evalRow) {
    return { status: 'not_found' };
  }
  const manual = input.trigger === 'manual';
  if (!evalRow.autoRefine && !manual) {
    return { status: 'disabled' };
  }
  const key = {
    workspaceId: evalRow.workspaceId,
    agentId: evalRow.agentId,
    evalName: evalRow.name,
  };
  const cooldown = await readCooldown(deps, key);
  const now = deps.now();
  if (!manual && cooldown?.nextAllowedAt && cooldown.nextAllowedAt > now) {
    return { status: 'cooldown', until: cooldown.nextAllowedAt };
  }
  const short = await agentLabelShortfall(
    { db: deps.db, workspaceId: evalRow.workspaceId },
    evalRow.agentId,
    'refine',
  );
  if (short) {
    return { status: 'too_few_labels', reason: short.message };
  }
  const refinementId = deps.newId('ref');
  await deps.db.insert(refinementHistory).values({
    id: refinementId,
    workspaceId: evalRow.workspaceId,
    agentId: evalRow.agentId,
    evalName: evalRow.name,
    fromEvalId: evalRow.id,
    trigger: input.trigger,
    alertId: input.alertId ?? null,
    status: 'running',
    contradictions: input.contradictions ?? 0,
  });
  const job = await enqueueJob(
    deps,
    evalRow.workspaceId,
    'eval.refine',
    { evalId: evalRow.id, refinementId, trigger: input.trigger, alertId: input.alertId },
    { idempotencyKey: `refine:${input.dedupeKey}`, maxAttempts: 3 },
  );
  if (!job.created) {
    await deps.db.delete(refinementHistory).where(eq(refinementHistory.id, refinementId));
    return { status: 'duplicate' };
  }
  await deps.db
    .update(refinementHistory)
    .set({ jobId: job.id })
    .where(eq(refinementHistory.id, refinementId));
  const hours = resolveThresholds(evalRow.alertThresholds).autoRefineCooldownHours;
  await writeCooldown(deps, key, {
    lastTriggeredAt: now,
    nextAllowedAt: new Date(now.getTime() + cooldownMs(hours, cooldown?.consecutiveFailures ?? 0)),
  });
  return { status: 'enqueued', jobId: job.id, refinementId };
}
