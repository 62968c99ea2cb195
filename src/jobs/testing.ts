import { eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import type { JobMessage } from '@/core/ports/job-queue';
import { type Job, jobs } from '@/db/schema';

/** Polls `check` every 5 ms until it returns a value (test helper only). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A noop job row written straight into the queue table (a test's fixture of claimed or waiting
 * work), with its `run_at` and last change given or now; returns its id.
 */
export async function insertNoopJob(
  deps: Pick<Deps, 'db' | 'newId'>,
  workspaceId: string,
  status: 'running' | 'queued',
  times: { runAt?: Date; updatedAt?: Date } = {},
): Promise<string> {
  const [row] = await deps.db
    .insert(jobs)
    .values({
      id: deps.newId('job'),
      workspaceId,
      type: 'noop',
      payload: {},
      status,
      runAt: times.runAt ?? new Date(),
      ...(times.updatedAt ? { createdAt: times.updatedAt, updatedAt: times.updatedAt } : {}),
    })
    .returning({ id: jobs.id });
  return (row as { id: string }).id;
}

export async function readJob(deps: Pick<Deps, 'db'>, id: string): Promise<Job> {
  const [row] = await deps.db.select().from(jobs).where(eq(jobs.id, id));
  if (!row) {
    throw new Error(`job ${id} missing`);
  }
  return row;
}

export async function waitForStatus(
  deps: Pick<Deps, 'db'>,
  id: string,
  statuses: Job['status'][],
  timeoutMs?: number,
): Promise<Job> {
  return waitFor(async () => {
    const job = await readJob(deps, id);
    return statuses.includes(job.status) ? job : undefined;
  }, timeoutMs);
}

/** Queues a job and waits until it ends (succeeded or failed): its finished row. */
export async function runQueuedJob(
  deps: Pick<Deps, 'db' | 'queue'>,
  job: JobMessage,
  timeoutMs?: number,
): Promise<Job> {
  const { id } = await deps.queue.enqueue(job);
  return waitForStatus(deps, id, ['succeeded', 'failed'], timeoutMs);
}

export type SseFrame = { id?: string; event: string; data: Record<string, unknown> };

/** Parses a finished `text/event-stream` body into frames (comment heartbeats dropped). */
export function parseSseFrames(text: string): SseFrame[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const at = line.indexOf(':');
        fields[line.slice(0, at)] = line.slice(at + 2);
      }
      return { id: fields.id, event: fields.event ?? '', data: JSON.parse(fields.data ?? '{}') };
    });
}
