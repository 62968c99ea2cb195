import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { AppError } from '@/core/errors';
import { INGEST_LIMITS } from '@/traces/ingest-limits';
import type { AppEnv } from './env';

const MiB = 1024 * 1024;

/** Default for JSON API routes. */
const DEFAULT_BODY_LIMIT = 1 * MiB;

/**
 * Larger limits for ingestion (the ingest limit its parsers apply too) and import, which carry
 * trace batches: an exact path, or a prefix ending in `/`. First match wins. A host's
 * `ingestLimits.maxBodyBytes` lowers them (the Worker).
 */
const BODY_LIMITS: ReadonlyArray<readonly [path: string, maxBytes: number]> = [
  ['/v1/traces', INGEST_LIMITS.maxBodyBytes],
  ['/api/public/', INGEST_LIMITS.maxBodyBytes],
  ['/api/traces/import', 50 * MiB],
];

const limiters = new Map<number, ReturnType<typeof bodyLimit>>();
function limiterFor(maxSize: number) {
  let limiter = limiters.get(maxSize);
  if (!limiter) {
    limiter = bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError(
          'LIMIT_EXCEEDED',
          `request body too large: this route takes at most ${maxSize} bytes (${+(maxSize / MiB).toFixed(1)} MiB) on this host`,
          { details: { tooLarge: true, maxBytes: maxSize } },
        );
      },
    });
    limiters.set(maxSize, limiter);
  }
  return limiter;
}

/** Every route gets a body limit: 413 with the error body when exceeded. */
export const limitBodies = createMiddleware<AppEnv>((c, next) => {
  const path = c.req.path;
  const match = BODY_LIMITS.find(([p]) => path === p || (p.endsWith('/') && path.startsWith(p)));
  const host = c.get('deps').ingestLimits?.maxBodyBytes;
  const max = match ? Math.min(match[1], host ?? match[1]) : DEFAULT_BODY_LIMIT;
  return limiterFor(max)(c, next);
});
