import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { Deps } from '@/core/context';
import { importRoutes } from '@/traces/routes/import-routes';
import { ingestRoutes } from '@/traces/routes/ingest-routes';
import type { AppEnv } from './env';
import { healthRoutes } from './health';
import { errorBody, handleError } from './http-errors';

/** Resolves the ports for a request: built once on Node, derived from bindings on Workers. */
export type ResolveDeps = (env: unknown) => Deps;

/** The one Hono app both hosts serve. */
export function createApp(resolveDeps: ResolveDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requestId({ headerName: 'x-request-id' }));
  app.use('*', async (c, next) => {
    c.set('deps', resolveDeps(c.env));
    await next();
  });
  app.route('/', healthRoutes);
  // push endpoints: need the workspace ctx that the API-key middleware sets (401 without it)
  app.route('/', ingestRoutes);
  app.route('/', importRoutes);
  app.notFound((c) =>
    c.json(
      errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`, c.get('requestId')),
      404,
    ),
  );
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
