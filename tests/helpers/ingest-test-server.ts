import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from '@/api/app';
import type { Deps, Role } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { createApiKey } from '@/workspaces/create-api-key';

export type IngestTestServer = {
  url: string;
  /** A real API key of the workspace (`pk-if-…` / `sk-if-…`), checked by the real auth middleware. */
  publicKey: string;
  secretKey: string;
  /** `Authorization: Bearer <secretKey>` */
  bearer: string;
  /** `Authorization: Basic base64(publicKey:secretKey)`, what the Langfuse SDKs send. */
  basic: string;
  /** Another key of the same workspace with `role` (role and rate-limit tests). */
  addKey(role: Role): Promise<{ publicKey: string; secretKey: string }>;
  close: () => Promise<void>;
};

/**
 * Serves the whole app over real HTTP for client-SDK tests: the same auth middleware, body limits
 * and error mapping as production, with a real API key of `workspaceId`.
 */
export async function startIngestTestServer(
  deps: Deps,
  workspaceId: string,
  options: AppOptions = {},
): Promise<IngestTestServer> {
  const app = createApp(() => deps, options);
  const addKey = async (role: Role) => {
    const created = await createApiKey(createSystemCtx(deps, workspaceId), {
      name: `ingest test ${role}`,
      role,
    });
    return { publicKey: created.apiKey.publicKey, secretKey: created.secretKey };
  };
  const { publicKey, secretKey } = await addKey('member');
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  // Client and server share one event loop in benchmarks: after the server was busy past its
  // keep-alive timeout (5 s by default, reached under load), a request the client had just written
  // on an idle connection met the timer and the socket was reset (ECONNRESET, seen three times in
  // bench/ingest under load 15). Idle connections stay open for a minute instead.
  (server as Server).keepAliveTimeout = 60_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    publicKey,
    secretKey,
    bearer: `Bearer ${secretKey}`,
    basic: `Basic ${btoa(`${publicKey}:${secretKey}`)}`,
    addKey,
    close: () =>
      new Promise<void>((resolve) => {
        (server as Server).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
