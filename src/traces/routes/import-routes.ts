import { Hono } from 'hono';
import type { AppEnv } from '@/api/env';
import { AppError } from '@/core/errors';
import { IMPORT_FORMATS, type ImportFormat } from '../import/detect-import-format';
import { importTraces } from '../import/import-traces';
import { startImport } from '../import/start-import';
import { workspaceCtx } from './workspace-ctx';

/** Bodies at least this large import as a background job unless `async=0` (hosts with an upload store). */
const ASYNC_IMPORT_BYTES = 8 * 1024 * 1024;

/**
 * `POST /api/traces/import?format=auto|openai|otlp|langfuse|phoenix|langsmith&labelField=…&async=0|1`:
 * the raw file (JSONL or JSON) as the body, read as a stream. Synchronous imports answer 200 with
 * the import summary. `async=1` (or a body of 8 MiB or more without `async=0`) stores the file and
 * answers 202 `{importId, jobId, bytes, status: 'queued'}`: the `traces.import` job reports progress
 * and holds the summary as its result. Hosts without an upload store (the Worker) always import
 * synchronously.
 */
export const importRoutes = new Hono<AppEnv>().post('/api/traces/import', async (c) => {
  const ctx = workspaceCtx(c);
  const format = (c.req.query('format') ?? 'auto') as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) {
    throw new AppError('VALIDATION', `format must be one of ${IMPORT_FORMATS.join(', ')}`);
  }
  const asyncFlag = c.req.query('async');
  if (asyncFlag !== undefined && asyncFlag !== '0' && asyncFlag !== '1') {
    throw new AppError('VALIDATION', 'async must be 0 or 1');
  }
  const body = c.req.raw.body;
  if (!body) {
    throw new AppError('VALIDATION', 'send the file as the request body');
  }
  const labelField = c.req.query('labelField');
  const options = { format, ...(labelField ? { labelField } : {}) };
  const length = Number(c.req.header('content-length'));
  const background =
    ctx.uploads !== undefined &&
    (asyncFlag === '1' || (asyncFlag === undefined && length >= ASYNC_IMPORT_BYTES));
  if (background) {
    const started = await startImport(ctx, body, options);
    return c.json({ ...started, status: 'queued' as const }, 202);
  }
  const result = await importTraces(ctx, body, options);
  return c.json(result, 200);
});
