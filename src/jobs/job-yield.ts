import { and, eq, lte, ne, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Job, type JobProgress, jobs } from '@/db/schema';
import type { Fairness } from './claim-job';

/**
 * Thrown by a handler between chunks of its work when `ctx.shouldYield()` said so: the job gives
 * its slot back and goes to the back of the queue with `payload` (the rest of the work), so a
 * waiting workspace's job can start. Not a failure: the attempt is not counted.
 */
export class JobYield extends Error {
  constructor(readonly payload: unknown) {
    super('the job gave its slot back');
    this.name = 'JobYield';
  }
}

const runningOf = (workspace: SQLWrapper | string) =>
  sql`(select count(*) from jobs as r where r.workspace_id = ${workspace} and r.status = 'running')`;

/**
 * Whether a job of `workspaceId` should give its slot back: another workspace has a due job it
 * could claim (under its share) and runs fewer jobs than this one, and either it runs none at all
 * or this workspace runs more than its share. So every waiting workspace gets a first slot, and
 * no workspace keeps more than half while another waits, each within one chunk of the holders.
 */
export async function someoneWaits(
  db: Db,
  workspaceId: string,
  fairness: Fairness,
  now: Date,
): Promise<boolean> {
  const mine = runningOf(workspaceId);
  const theirs = runningOf(jobs.workspaceId);
  const rows = await db
    .select({ w: jobs.workspaceId })
    .from(jobs)
    .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now), ne(jobs.workspaceId, workspaceId)))
    .groupBy(jobs.workspaceId)
    .having(
      sql`${theirs} < ${mine} and ${theirs} < ${fairness.share} and (${theirs} = 0 or ${mine} > ${fairness.share})`,
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Puts a running job back in the queue with the rest of its work, at the back (`run_at` now),
 * its attempt not counted; fenced on the lease like every finish. False when the lease was lost.
 */
export async function markYielded(
  db: Db,
  fence: { job: Job; leaseToken: string; now: Date },
  payload: unknown,
  progress: JobProgress | null,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: 'queued',
      leaseOwner: null,
      leaseExpiresAt: null,
      attempts: sql`max(0, ${jobs.attempts} - 1)`,
      payload: payload as Job['payload'],
      ...(progress ? { progress } : {}),
      runAt: fence.now,
      updatedAt: fence.now,
    })
    .where(
      and(
        eq(jobs.id, fence.job.id),
        eq(jobs.leaseOwner, fence.leaseToken),
        eq(jobs.status, 'running'),
      ),
    )
    .returning({ id: jobs.id });
  return rows.length > 0;
}
