import type { JobHandler } from '@/jobs/job-handler';
import { syncIntegration } from './sync-integration';

/** `integration.sync`: pulls from the platform; re-delivery re-pulls from the stored cursor (idempotent). */
export const integrationSyncJob: JobHandler<'integration.sync'> = async (ctx, payload) => {
  ctx.logLine(`syncing integration ${payload.integrationId}`);
  const result = await syncIntegration(
    ctx,
    { id: payload.integrationId },
    {
      signal: ctx.signal,
      onLog: (line) => ctx.logLine(line),
      onProgress: (p) =>
        ctx.progress({
          done: p.streamRecords,
          total: p.total ?? 0,
          message: `${p.stream}: ${p.records} records, ${p.created} new traces, ${p.updated} updated`,
        }),
    },
  );
  ctx.progress({
    percent: 100,
    done: result.records,
    total: result.records,
    message: `pulled ${result.records} records: ${result.created} new traces, ${result.updated} updated, ${result.errors} skipped`,
  });
  const { recordErrors, ...summary } = result;
  return { ...summary, recordErrors: recordErrors.slice(0, 20) };
};
