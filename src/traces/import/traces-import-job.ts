import { AppError, isAppError } from '@/core/errors';
import { JobFailure } from '@/jobs/classify-job-error';
import type { JobCtx, JobHandler } from '@/jobs/job-handler';
import { IMPORT_FORMATS, type ImportFormat } from './detect-import-format';
import { type ImportOptions, type ImportResult, importTraces } from './import-traces';

/**
 * `traces.import`: imports an upload that `startImport` stored, as the synchronous route and
 * `iofold import` do: good records are stored and bad ones listed by line in the result. A file
 * that cannot be read at all (not UTF-8, a line over the request limit) fails the job and writes
 * nothing. First counts the records, then imports with progress: `done`/`total` are records, the
 * message counts traces written. The upload is removed once the job has its outcome. Re-running
 * it changes nothing (idempotent import).
 */
export const tracesImportJob: JobHandler<'traces.import'> = async (ctx, { importId }) => {
  const uploads = ctx.uploads;
  if (!uploads) {
    throw new JobFailure('UNAVAILABLE', 'this host keeps no uploads; import synchronously', false);
  }
  try {
    const result = await importUpload(ctx, importId);
    await uploads.delete(importId);
    return { importId, ...result };
  } catch (error) {
    // bad input never gets better: fail once, keep nothing; other errors retry with the file
    const permanent = isAppError(error) && error.code !== 'UNAVAILABLE';
    if (permanent || ctx.job.attempt >= ctx.job.maxAttempts) {
      await uploads.delete(importId);
    }
    throw permanent ? new JobFailure(error.code, error.message, false, { cause: error }) : error;
  }
};

async function importUpload(ctx: JobCtx, importId: string): Promise<ImportResult> {
  const open = async () => {
    const opened = await ctx.uploads?.open(importId);
    if (!opened || opened.meta.workspaceId !== ctx.workspaceId) {
      throw new AppError('NOT_FOUND', `upload ${importId} not found`);
    }
    return opened;
  };
  const first = await open();
  const format = (first.meta.format ?? 'auto') as ImportFormat;
  const options: ImportOptions = {
    format: IMPORT_FORMATS.includes(format) ? format : 'auto',
    ...(first.meta.labelField ? { labelField: first.meta.labelField } : {}),
    signal: ctx.signal,
  };
  // a first read counts the records, so progress has a total
  const checked = await importTraces(ctx, first.body, {
    ...options,
    dryRun: true,
    onProgress: (p) => ctx.progress({ message: `reading the file: ${p.records} records` }),
  });
  const total = checked.records;
  ctx.progress({ done: 0, total, message: `importing ${checked.tracesStored} traces` });
  return importTraces(ctx, (await open()).body, {
    ...options,
    format: checked.format ?? options.format,
    onProgress: (p) =>
      ctx.progress({ done: p.records, total, message: `${p.tracesStored} traces written` }),
  });
}
