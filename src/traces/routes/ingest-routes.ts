import { Hono } from 'hono';
import type { AppEnv } from '@/api/env';
import { AppError, isAppError } from '@/core/errors';
import { ingestTraces } from '../ingest/ingest-traces';
import { decodeUtf8, parseJsonStrict, requestLimitsOf } from '../ingest-limits';
import { parseLangfuseIngestion } from '../parsers/langfuse/parse-langfuse-ingestion';
import { otlpFormatOf, parseOtlpBody } from '../parsers/otlp/parse-otlp-body';
import { workspaceCtx } from './workspace-ctx';

// Bodies are limited before they reach these handlers (`limitBodies`, per host).
const otlp = new Hono<AppEnv>().post('/', async (c) => {
  const ctx = workspaceCtx(c);
  const contentType = c.req.header('content-type');
  const format = otlpFormatOf(contentType);
  const body = new Uint8Array(await c.req.arrayBuffer());
  const traces = await parseOtlpBody(
    body,
    { contentType, contentEncoding: c.req.header('content-encoding') },
    requestLimitsOf(ctx),
  );
  await ingestTraces(ctx, { traces, owned: true });
  // ExportTraceServiceResponse with nothing rejected: `{}` in JSON, zero bytes in protobuf
  return format === 'protobuf'
    ? c.body(new Uint8Array(0), 200, { 'content-type': 'application/x-protobuf' })
    : c.json({}, 200);
});

/** Push endpoints: OTLP/HTTP traces (JSON, protobuf, gzip) and the Langfuse ingestion API. */
export const ingestRoutes = new Hono<AppEnv>()
  .route('/v1/traces', otlp)
  .route('/api/public/otel/v1/traces', otlp)
  .post('/api/public/ingestion', async (c) => {
    const ctx = workspaceCtx(c);
    const payload = parseJsonStrict(decodeUtf8(new Uint8Array(await c.req.arrayBuffer())));
    const limits = requestLimitsOf(ctx);
    const parsed = parseLangfuseIngestion(payload, {
      now: ctx.now().getTime(),
      maxEvents: Math.min(limits.maxEventsPerBatch, limits.maxSpansPerRequest),
    });
    if (
      parsed.successes.length === 0 &&
      parsed.errors.length === 1 &&
      parsed.errors[0]?.id === ''
    ) {
      throw new AppError('VALIDATION', parsed.errors[0].message ?? 'invalid batch');
    }
    const successes = [...parsed.successes];
    const errors = [...parsed.errors];
    try {
      const result = await ingestTraces(ctx, {
        traces: parsed.traces,
        owned: true,
        scores: parsed.scores.map((s) => ({ ...s, source: 'langfuse' })),
      });
      for (const e of result.scoreErrors) {
        const at = successes.findIndex(
          (s) =>
            s.id === e.externalId ||
            (isRecord(payload) && eventIdOfScore(payload, e.externalId) === s.id),
        );
        const [moved] = at >= 0 ? successes.splice(at, 1) : [];
        errors.push({
          id: moved?.id ?? e.externalId ?? '',
          status: 404,
          message: e.message,
          error: 'not found',
        });
      }
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION') {
        throw error;
      }
      for (const s of successes.splice(0)) {
        errors.push({ id: s.id, status: 400, message: error.message, error: 'invalid event' });
      }
    }
    return c.json({ successes, errors }, 207);
  });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The envelope id of the score-create event whose body id is `scoreId`. */
function eventIdOfScore(payload: Record<string, unknown>, scoreId: string | null): string | null {
  const batch = Array.isArray(payload.batch) ? payload.batch : [];
  for (const e of batch) {
    if (isRecord(e) && e.type === 'score-create' && isRecord(e.body) && e.body.id === scoreId) {
      return typeof e.id === 'string' ? e.id : null;
    }
  }
  return null;
}
