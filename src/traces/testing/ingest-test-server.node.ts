import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppEnv } from '@/api/env';
import { handleError } from '@/api/http-errors';
import type { Deps } from '@/core/context';
import { importRoutes } from '../routes/import-routes';
import { ingestRoutes } from '../routes/ingest-routes';

/**
 * Serves the ingest routes over real HTTP for tests, with the workspace context set the way the
 * auth middleware will set it (requests without an Authorization header get no workspace).
 */
export async function startIngestTestServer(
  deps: Deps,
  workspaceId: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Hono<AppEnv>();
  app.use('*', requestId({ headerName: 'x-request-id' }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    if (c.req.header('authorization')) {
      c.set('ctx', {
        ...deps,
        workspaceId,
        actor: { type: 'apiKey', keyId: 'test', role: 'member' },
        requestId: c.get('requestId'),
      });
    }
    await next();
  });
  app.route('/', ingestRoutes);
  app.route('/', importRoutes);
  app.onError(handleError);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
