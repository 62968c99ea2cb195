import type { Deps } from '@/core/context';
import type { EnqueuedJob, EnqueueOptions } from '@/core/ports/job-queue';
import { type JobPayload, type JobType, parseJobPayload } from './contracts';

/** Typed enqueue: the payload is checked against its type's contract before it is queued. */
export function enqueueJob<T extends JobType>(
  deps: Pick<Deps, 'queue'>,
  workspaceId: string,
  type: T,
  payload: JobPayload<T>,
  options?: EnqueueOptions,
): Promise<EnqueuedJob> {
  return deps.queue.enqueue(
    { type, workspaceId, payload: parseJobPayload(type, payload) },
    options,
  );
}
