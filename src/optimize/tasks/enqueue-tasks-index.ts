import type { Ctx } from '@/core/context';
import { enqueueJob } from '@/jobs/enqueue-job';

/** Ingest writes within one window share one `tasks.index` job, run when the window closes. */
const WINDOW_SECONDS = 10;

/**
 * Queues the tasks index after traces arrive: one job per workspace and 10-second window (an
 * idempotency key), delayed to the window's end so it reads every trace written in it.
 */
export async function enqueueTasksIndex(ctx: Ctx): Promise<void> {
  const now = ctx.now().getTime();
  const window = Math.floor(now / (WINDOW_SECONDS * 1000));
  const end = (window + 1) * WINDOW_SECONDS * 1000;
  await enqueueJob(
    ctx,
    ctx.workspaceId,
    'tasks.index',
    {},
    {
      idempotencyKey: `tasks.index:${window}`,
      delaySeconds: Math.ceil((end - now) / 1000) + 1,
      priority: 5,
      maxAttempts: 3,
    },
  );
}
