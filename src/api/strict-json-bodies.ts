import { createMiddleware } from 'hono/factory';
import { decodeUtf8, parseJsonStrict } from '@/traces/ingest-limits';
import type { AppEnv } from './env';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * JSON request bodies of the REST API are read strictly: invalid UTF-8 and strings with unpaired
 * surrogates are 400 VALIDATION instead of being stored with replacement characters. The parsed
 * value is handed to the route's validator, so the body is parsed once. OTLP (`/v1/traces`)
 * decodes its own bodies.
 */
export const strictJsonBodies = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (
    WRITES.has(c.req.method) &&
    /^application\/(.+\+)?json\b/i.test(type) &&
    c.req.path !== '/v1/traces'
  ) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > 0) {
      const value = parseJsonStrict(decodeUtf8(bytes));
      c.req.bodyCache.json = Promise.resolve(value);
    }
  }
  await next();
});
