import { Hono } from 'hono';
import type { AppEnv } from '@/api/env';
import { AppError } from '@/core/errors';
import { IMPORT_FORMATS, type ImportFormat } from '../import/detect-import-format';
import { importTraces } from '../import/import-traces';
import { workspaceCtx } from './workspace-ctx';

/**
 * `POST /api/traces/import?format=auto|openai|otlp|langfuse|phoenix|langsmith&labelField=…`: the raw
 * file (JSONL or JSON) as the body, read as a stream. Answers the import summary.
 */
export const importRoutes = new Hono<AppEnv>().post('/api/traces/import', async (c) => {
  const ctx = workspaceCtx(c);
  const format = (c.req.query('format') ?? 'auto') as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) {
    throw new AppError('VALIDATION', `format must be one of ${IMPORT_FORMATS.join(', ')}`);
  }
  const body = c.req.raw.body;
  if (!body) {
    throw new AppError('VALIDATION', 'send the file as the request body');
  }
  const labelField = c.req.query('labelField');
  const result = await importTraces(ctx, body, { format, ...(labelField ? { labelField } : {}) });
  return c.json(result, 200);
});
