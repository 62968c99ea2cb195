import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { loginPageRoutes } from '@/auth/login-page-routes';
import { setupPageRoutes } from '@/auth/setup-page-routes';
import type { Deps } from '@/core/context';
import { importRoutes } from '@/traces/routes/import-routes';
import { ingestRoutes } from '@/traces/routes/ingest-routes';
import { requireAuth } from './auth-middleware';
import { limitBodies } from './body-limits';
import type { AppEnv, AppLimits } from './env';
import { healthRoutes } from './health';
import { errorBody, handleError } from './http-errors';
import { createRateLimiter, type RateLimit } from './rate-limiter';
import { strictJsonBodies } from './strict-json-bodies';
import { v1Routes } from './v1-routes';

/** Resolves the ports for a request: built once on Node, derived from bindings on Workers. */
export type ResolveDeps = (env: unknown) => Deps;

export type AppOptions = { rateLimits?: { login?: RateLimit; keyWrites?: RateLimit } };

/** The one Hono app both hosts serve. */
export function createApp(resolveDeps: ResolveDeps, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>();
  let limits: AppLimits | undefined;
  app.use('*', requestId({ headerName: 'x-request-id' }));
  app.use('*', async (c, next) => {
    const deps = resolveDeps(c.env);
    limits ??= {
      login: createRateLimiter(
        options.rateLimits?.login ?? { capacity: 10, refillPerSecond: 0.2 },
        deps.now,
      ),
      keyWrites: createRateLimiter(
        options.rateLimits?.keyWrites ?? { capacity: 1000, refillPerSecond: 100 },
        deps.now,
      ),
    };
    c.set('deps', deps);
    c.set('limits', limits);
    await next();
  });
  app.use('*', limitBodies);
  app.use('/v1/*', requireAuth);
  app.use('/api/*', requireAuth);
  app.use('/v1/*', strictJsonBodies);
  app.notFound((c) =>
    c.json(
      errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`, c.get('requestId')),
      404,
    ),
  );
  app.onError(handleError);
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A workspace secret key `sk-if-…` (or HTTP Basic `pk-if-…:sk-if-…`)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'iofold_session',
    description: 'Dashboard session; mutations also need the `x-csrf-token` header',
  });
  // Ingest and import (OTLP, Langfuse, files) read `c.var.ctx` like every other route.
  app.route('/', ingestRoutes);
  app.route('/', importRoutes);
  app.route('/', setupPageRoutes);
  const routed = app.route('/', healthRoutes).route('/', loginPageRoutes).route('/v1', v1Routes);
  app.doc('/v1/openapi.json', (c) => ({
    openapi: '3.0.0',
    info: { title: 'iofold API', version: c.get('deps').version },
    servers: [{ url: new URL(c.req.url).origin }],
  }));
  return routed;
}

export type App = ReturnType<typeof createApp>;
/** The route types `hc<AppType>` reads (see `src/api/client.ts`). */
export type AppType = App;
