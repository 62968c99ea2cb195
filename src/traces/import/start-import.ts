import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { enqueueJob } from '@/jobs/enqueue-job';
import type { ImportFormat } from './detect-import-format';

export type StartedImport = { importId: string; jobId: string; bytes: number };

/**
 * Stores an uploaded file in the host's upload store and queues the `traces.import` job that
 * imports it (progress and the import summary on the job). UNAVAILABLE on hosts without one.
 */
export async function startImport(
  ctx: Ctx,
  body: ReadableStream<Uint8Array>,
  options: { format?: ImportFormat; labelField?: string } = {},
): Promise<StartedImport> {
  const uploads = ctx.uploads;
  if (!uploads) {
    throw new AppError('UNAVAILABLE', 'this host imports synchronously only (no upload store)');
  }
  const importId = ctx.newId('imp');
  const { bytes } = await uploads.put(importId, body, {
    workspaceId: ctx.workspaceId,
    format: options.format ?? 'auto',
    ...(options.labelField ? { labelField: options.labelField } : {}),
  });
  try {
    const job = await enqueueJob(ctx, ctx.workspaceId, 'traces.import', { importId });
    return { importId, jobId: job.id, bytes };
  } catch (error) {
    await uploads.delete(importId);
    throw error;
  }
}
