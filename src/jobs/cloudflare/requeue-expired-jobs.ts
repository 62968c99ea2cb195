import { inArray } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { jobs } from '@/db/schema';
import { reclaimExpiredJobs } from '../reclaim-expired-jobs';
import { type QueueProducer, sendJobMessages } from './create-cloudflare-job-queue';

/** Cron step on the Worker: jobs whose consumer died are queued again and re-sent. */
export async function requeueExpiredJobs(deps: Deps, queue: QueueProducer): Promise<number> {
  const ids = await reclaimExpiredJobs(deps);
  if (ids.length === 0) {
    return 0;
  }
  const rows = await deps.db
    .select({ id: jobs.id, workspaceId: jobs.workspaceId, runAt: jobs.runAt })
    .from(jobs)
    .where(inArray(jobs.id, ids));
  await sendJobMessages(
    queue,
    rows.map((row) => ({ ...row, created: true })),
    deps.now(),
  );
  return rows.length;
}
